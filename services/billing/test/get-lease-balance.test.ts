import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("get_lease_balance");
});

afterAll(async () => {
  await h?.close();
});

const balance = (leaseId: string, siteId = h.siteId) =>
  h.billing.GetLeaseBalance({ siteId, leaseId }, { caller: h.hq });

describe("GetLeaseBalance", () => {
  it("answers what a billed lease owes, and how much of it is overdue", async () => {
    const lease = h.lease({ months: 3 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await h.runTo("2026-03-01");
    expect(await balance(lease.leaseId)).toEqual({
      openMinor: 1_500_000,
      overdueMinor: 1_000_000,
      prepaymentMinor: 0,
      currencyCode: "CNY",
    });
  });

  it("answers a zero balance for a lease of the site billing has not seen (a draft)", async () => {
    const leaseId = await h.draftLease();
    expect(await balance(leaseId)).toEqual({
      openMinor: 0,
      overdueMinor: 0,
      prepaymentMinor: 0,
      currencyCode: "CNY",
    });
  });

  it("answers a lease of another site, or none, NOT_FOUND naming leaseId", async () => {
    const billed = h.lease({ months: 1, site: h.otherSiteId });
    await h.publish(EventTypes.LeaseActivated, billed);
    const draft = await h.draftLease({ siteId: h.otherSiteId });
    for (const leaseId of [billed.leaseId, draft, "lea_nowhere"]) {
      const error = await failure(balance(leaseId));
      expect([error.kind, fieldsOf(error)]).toEqual(["not_found", ["leaseId"]]);
    }
  });
});
