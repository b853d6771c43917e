import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBill } from "../src/use-cases/get-bill.ts";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("get_bill");
});

afterAll(async () => {
  await h?.close();
});

describe("GetBill", () => {
  it("answers a bill only under its own site's path", async () => {
    const lease = h.lease({ months: 1, site: h.otherSiteId });
    await h.publish(EventTypes.LeaseActivated, lease);
    await h.runTo("2026-01-01", h.otherSiteId);
    const [bill] = await h.billsOf(lease.leaseId, h.otherSiteId);
    const atBoth = { ...h.staffAt(h.siteId), siteIds: [h.siteId, h.otherSiteId] };
    for (const caller of [h.hq, atBoth]) {
      const error = await failure(
        h.billing.GetBill({ siteId: h.siteId, id: bill!.id }, { caller }),
      );
      expect(error.kind).toBe("not_found");
    }
    const own = await h.billing.GetBill(
      { siteId: h.otherSiteId, id: bill!.id },
      { caller: h.staffAt(h.otherSiteId) },
    );
    expect(own.bill).toMatchObject({ id: bill!.id, amountMinor: 500_000 });
  });

  it("refuses a bill id that is not storable text at the use-case edge, naming it", async () => {
    const error = await failure(
      getBill(h.service.deps, h.hq, { siteId: h.siteId, billId: "bil_\ud800" }),
    );
    expect([error.kind, fieldsOf(error)]).toEqual(["invalid", ["billId"]]);
  });
});
