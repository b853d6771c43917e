import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBillingRun } from "../src/use-cases/get-billing-run.ts";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("get_billing_run");
});

afterAll(async () => {
  await h?.close();
});

describe("GetBillingRun", () => {
  it("answers a run of site B under site A's path NOT_FOUND, also to users who may see both", async () => {
    await h.publish(EventTypes.LeaseActivated, h.lease({ months: 2, site: h.otherSiteId }));
    const { run } = await h.billing.StartBillingRun(
      { siteId: h.otherSiteId, targetDate: "2026-02-15", wait: true },
      { caller: h.hq },
    );
    const atBoth = { ...h.staffAt(h.siteId), siteIds: [h.siteId, h.otherSiteId] };
    for (const caller of [h.hq, atBoth, h.staffAt(h.siteId)]) {
      const error = await failure(
        h.billing.GetBillingRun({ siteId: h.siteId, id: run!.id }, { caller }),
      );
      expect(error.kind).toBe("not_found");
    }
    const own = await h.billing.GetBillingRun(
      { siteId: h.otherSiteId, id: run!.id },
      { caller: h.staffAt(h.otherSiteId) },
    );
    expect(own.run).toMatchObject({ id: run!.id, siteId: h.otherSiteId, status: "completed" });
  });

  it("reads a run over every site in scope without a site, and only for organisation-wide callers", async () => {
    const { run } = await h.billing.StartBillingRun(
      { targetDate: "2026-02-15", dryRun: true },
      { caller: h.hq },
    );
    expect((await h.billing.GetBillingRun({ id: run!.id }, { caller: h.hq })).run!.id).toBe(
      run!.id,
    );
    for (const [siteId, caller] of [
      [h.siteId, h.hq],
      ["", h.staffAt(h.siteId)],
    ] as const) {
      const error = await failure(h.billing.GetBillingRun({ siteId, id: run!.id }, { caller }));
      expect(error.kind).toBe("not_found");
    }
  });

  it("refuses an id that is not storable text at the use-case edge, naming it", async () => {
    const error = await failure(
      getBillingRun(h.service.deps, h.hq, { siteId: h.siteId, runId: "brn_\u0000" }),
    );
    expect([error.kind, fieldsOf(error)]).toEqual(["invalid", ["runId"]]);
  });
});
