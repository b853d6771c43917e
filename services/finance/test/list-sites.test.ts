import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSites } from "../src/use-cases/list-sites.ts";
import { failureOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("list_sites", { edge: false });
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
});
