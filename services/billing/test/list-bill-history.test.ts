import type { BillBalanceChangedV1 } from "@slms/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

// The history a read model elsewhere is rebuilt from must move a bill's money as its
// `billing.bill.balance_changed` events did.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("list_bill_history");
});

afterAll(async () => {
  await h?.close();
});

const pay = (
  lease: { leaseId: string; customerId: string },
  paymentId: string,
  amount: number,
  receivedAt: string,
) =>
  h.billing.AllocatePayment(
    {
      siteId: h.siteId,
      paymentId,
      customerId: lease.customerId,
      leaseId: lease.leaseId,
      amountMinor: amount,
      currencyCode: "CNY",
      billIds: [],
      receivedAt,
    },
    { caller: h.hq },
  );

async function everyPage(siteId: string, pageSize: number) {
  const bills = [];
  let pageToken = "";
  do {
    const page = await h.billing.ListBillHistory({ siteId, pageSize, pageToken }, { caller: h.hq });
    bills.push(...page.bills);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return bills;
}

describe("ListBillHistory", () => {
  it("gives each bill its version and the movements its balance events made, summing to its state", async () => {
    const lease = h.lease({ months: 3 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await h.runTo("2026-03-01");
    const [first] = await h.billsOf(lease.leaseId);
    await pay(lease, "pay_hist_1", 200_000, "2026-01-03T10:00:00+08:00");
    await pay(lease, "pay_hist_2", 100_000, "2026-01-04T09:30:00+08:00");
    await h.billing.ReverseAllocation(
      { siteId: h.siteId, paymentId: "pay_hist_1", reason: "bounced" },
      { caller: h.hq },
    );
    await h.billing.RequestWaiver(
      { siteId: h.siteId, billId: first!.id, amountMinor: 50_000, reason: "goodwill" },
      { caller: h.hq },
    );
    await h.settled();

    const history = await everyPage(h.siteId, 1);
    // Bills of one run share their creation time: the order among them is by id.
    const ours = history
      .filter((b) => b.bill!.leaseId === lease.leaseId)
      .sort((a, b) => a.bill!.periodStart.localeCompare(b.bill!.periodStart));
    expect(new Set(history.map((b) => b.bill!.id)).size).toBe(history.length);
    expect(ours.map((b) => b.bill!.periodStart)).toEqual([
      "2026-01-01",
      "2026-02-01",
      "2026-03-01",
    ]);
    for (const { bill, version, movements } of ours) {
      const sum = (key: "amountDeltaMinor" | "allocatedDeltaMinor" | "waivedDeltaMinor") =>
        movements.reduce((total, m) => total + m[key], 0);
      expect([
        sum("amountDeltaMinor"),
        sum("allocatedDeltaMinor"),
        sum("waivedDeltaMinor"),
      ]).toEqual([bill!.amountMinor, bill!.allocatedMinor, bill!.waivedMinor]);
      const row = await h.db.bill.findUniqueOrThrow({ where: { id: bill!.id } });
      expect(version).toBe(row.version);
    }
    // The first bill: issued, then exactly what its balance events said, when they said it.
    const events = h.events
      .filter((e) => e.type === EventTypes.BillBalanceChanged)
      .map((e) => e.data as BillBalanceChangedV1)
      .filter((d) => d.billId === first!.id)
      .sort((a, b) => a.version - b.version);
    const [issue, ...changes] = ours[0]!.movements;
    expect(issue).toEqual({
      at: "",
      amountDeltaMinor: 500_000,
      allocatedDeltaMinor: 0,
      waivedDeltaMinor: 0,
    });
    expect(changes).toEqual(
      events.map((e) => ({
        at: e.at,
        amountDeltaMinor: e.amountDeltaMinor,
        allocatedDeltaMinor: e.allocatedDeltaMinor,
        waivedDeltaMinor: e.waivedDeltaMinor,
      })),
    );
    expect(ours[0]!.version).toBe(4);
    expect(ours[1]!.movements).toEqual([issue]);
  });

  it("lists only the caller's sites: a site out of scope is NOT_FOUND, a bad page token names it", async () => {
    const clerk = h.staffAt(h.otherSiteId);
    const notFound = await failure(
      h.billing.ListBillHistory(
        { siteId: h.siteId, pageSize: 10, pageToken: "" },
        { caller: clerk },
      ),
    );
    expect(notFound.kind).toBe("not_found");
    const bad = await failure(
      h.billing.ListBillHistory(
        { siteId: h.siteId, pageSize: 10, pageToken: "%%%" },
        { caller: h.hq },
      ),
    );
    expect(bad.kind).toBe("invalid");
    expect(fieldsOf(bad)).toEqual(["pageToken"]);
  });
});
