import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("list_clients", { edge: false });
});
afterAll(() => h?.close());

describe("ListApiClients", () => {
  it("lists the organisation's clients newest first, without secrets", async () => {
    const first = await h.newApiClient({ siteIds: [h.siteA] });
    const second = await h.newApiClient({ allSites: true });
    const other = { ...h.hq, orgId: "org_other", actor: "usr_other" };
    await h.apiClients.CreateApiClient(
      {
        name: "other",
        siteIds: [],
        allSites: true,
        canPost: false,
        expiresAt: "",
        requestsPerMinute: 0,
      },
      { caller: other },
    );
    const { clients } = await h.apiClients.ListApiClients({}, { caller: h.hq });
    expect(clients.map((c) => c.id)).toEqual([second.client.id, first.client.id]);
    expect(JSON.stringify(clients)).not.toContain(first.secret);
  });

  it("is for HQ administrators and auditors only", async () => {
    const audited = await h.apiClients.ListApiClients(
      {},
      { caller: { ...h.hq, roles: ["hq_auditor"] } },
    );
    expect(audited.clients.length).toBeGreaterThan(0);
    const failure = await failureOf(
      h.apiClients.ListApiClients({}, { caller: { ...h.hq, roles: ["site_manager"] } }),
    );
    expect(failure.kind).toBe("forbidden");
  });
});
