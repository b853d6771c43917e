import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordApiCall } from "../src/use-cases/record-api-call.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("record_call", { edge: false });
});
afterAll(() => h?.close());

describe("recordApiCall", () => {
  it("writes one audit row: client, organisation, rpc, site, status, whole milliseconds", async () => {
    const { edge } = await h.newApiClient({ siteIds: [h.siteA] });
    const deps = { ...h.deps, clock: () => new Date("2030-01-01T00:00:00Z") };
    await recordApiCall(deps, {
      client: edge,
      rpc: "ListUnits",
      siteId: h.siteA,
      status: 5,
      durationMs: 12.6,
    });
    const rows = await h.deps.db.apiCall.findMany({ where: { clientId: edge.id } });
    expect(rows).toEqual([
      {
        id: expect.stringMatching(/^call_/),
        clientId: edge.id,
        orgId: h.orgId,
        rpc: "ListUnits",
        siteId: h.siteA,
        status: 5,
        durationMs: 13,
        at: new Date("2030-01-01T00:00:00Z"),
      },
    ]);
  });
});
