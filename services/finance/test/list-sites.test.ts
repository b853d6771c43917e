import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSites } from "../src/use-cases/list-sites.ts";
import { failureOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  // No settle horizon, so lists by update time show what was just written.
  h = await startHarness("list_sites", { edge: false, syncSettleMs: 0 });
});
afterAll(() => h?.close());

describe("listSites", () => {
  it("gives the client's sites by code, in the public shape, paged", async () => {
    const { edge } = await h.newApiClient({ allSites: true });
    const first = await listSites(h.deps, edge, { pageSize: 1, pageToken: "" });
    expect(first.sites).toEqual([
      {
        id: h.siteA,
        code: "A",
        name: "上海花园 A",
        kind: "residential",
        timeZone: "Asia/Shanghai",
        currencyCode: "CNY",
        address: "A 路 1 号",
        updatedAt: expect.stringMatching(/Z$/),
      },
    ]);
    expect(first.nextPageToken).not.toBe("");
    const second = await listSites(h.deps, edge, { pageSize: 1, pageToken: first.nextPageToken });
    expect(second.sites.map((s) => s.id)).toEqual([h.siteB]);
    expect(second.nextPageToken).toBe("");
  });

  it("gives a scoped client its sites only", async () => {
    const { edge } = await h.newApiClient({ siteIds: [h.siteB] });
    const page = await listSites(h.deps, edge, { pageSize: 0, pageToken: "" });
    expect(page.sites.map((s) => s.id)).toEqual([h.siteB]);
  });

  it.each([
    [{ pageSize: 501, pageToken: "" }, ["page_size"]],
    [{ pageSize: -5, pageToken: "" }, ["page_size"]],
    [{ pageSize: 10, pageToken: "not-a-token" }, ["pageToken"]],
  ])("refuses %j naming the field", async (request, fields) => {
    const { edge } = await h.newApiClient({ allSites: true });
    expect(await failureOf(listSites(h.deps, edge, request))).toMatchObject({
      kind: "invalid",
      fields,
    });
  });

  it("with updated_since lists by (updated_at, id) from it, inclusive; refuses a malformed one", async () => {
    const { edge } = await h.newApiClient({ allSites: true });
    const all = await listSites(h.deps, edge, {
      pageSize: 0,
      pageToken: "",
      updatedSince: "2000-01-01T08:00:00+08:00",
    });
    const stamps = all.sites.map((row) => row.updatedAt);
    expect(stamps.length).toBeGreaterThan(0);
    expect(stamps).toEqual([...stamps].sort());
    const last = all.sites.at(-1)!;
    const since = await listSites(h.deps, edge, {
      pageSize: 0,
      pageToken: "",
      updatedSince: last.updatedAt,
    });
    expect(since.sites.map((row) => row.id)).toContain(last.id);
    expect(since.sites.every((row) => row.updatedAt >= last.updatedAt)).toBe(true);
    expect(
      await failureOf(
        listSites(h.deps, edge, { pageSize: 0, pageToken: "", updatedSince: "yesterday" }),
      ),
    ).toMatchObject({ kind: "invalid", fields: ["updated_since"] });
  });
});
