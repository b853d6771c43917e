import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("accrue_late_fees");
});

afterAll(async () => {
  await h?.close();
});

describe("AccrueLateFees", () => {
  it("accrues the fees of the request's site only", async () => {
    const here = h.lease({ months: 1, start: "2026-03-01", rentMinor: 1_000_000 });
    const there = h.lease({ months: 1, start: "2026-03-01", site: h.otherSiteId });
    await h.publish(EventTypes.LeaseActivated, here);
    await h.publish(EventTypes.LeaseActivated, there);
    await h.runTo("2026-03-01");
    await h.runTo("2026-03-01", h.otherSiteId);
    // Due 2026-03-05, grace 5 days: 500 a day from the 11th.
    const answer = await h.billing.AccrueLateFees(
      { siteId: h.siteId, throughDate: "2026-03-20" },
      { caller: h.hq },
    );
    expect(answer).toEqual({ bills: 1, accruedMinor: 5_000 });
    expect(await h.db.bill.count({ where: { leaseId: there.leaseId, kind: "late_fee" } })).toBe(0);
  });

  it("refuses a date outside 2000-01-01 … 2099-12-31, naming throughDate", async () => {
    const error = await failure(
      h.billing.AccrueLateFees({ siteId: h.siteId, throughDate: "2100-01-01" }, { caller: h.hq }),
    );
    expect([error.kind, fieldsOf(error)]).toEqual(["invalid", ["throughDate"]]);
  });
});
