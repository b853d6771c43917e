import { describe, expect, it } from "vitest";
import { auditObjectOf, importRollbackChanges, traceIdOf } from "./audit.ts";

describe("auditObjectOf", () => {
  it.each([
    ["assets.site.updated", { siteId: "sit_1" }, { type: "site", id: "sit_1" }],
    ["assets.unit.status_changed", { unitId: "unt_1", siteId: "s" }, { type: "unit", id: "unt_1" }],
    ["customers.customer.updated", { customerId: "cus_1" }, { type: "customer", id: "cus_1" }],
    ["contracts.lease.terminated", { leaseId: "lea_1" }, { type: "lease", id: "lea_1" }],
    ["billing.bill.balance_changed", { billId: "bil_1" }, { type: "bill", id: "bil_1" }],
    ["payments.payment.reversed", { paymentId: "pay_1" }, { type: "payment", id: "pay_1" }],
    [
      "billing.fee_item.changed",
      { feeItemId: "org_1:parking" },
      { type: "fee_item", id: "org_1:parking" },
    ],
    [
      "onboarding.import.finished",
      { importId: "imp_1", status: "committed" },
      { type: "import", id: "imp_1" },
    ],
    [
      "assets.import.rolled_back",
      { batchId: "imp_1", objects: { unit: ["u1"] } },
      { type: "import", id: "imp_1" },
    ],
    [
      "payments.deposit.applied",
      { entryId: "e", leaseId: "lea_2" },
      { type: "deposit", id: "lea_2" },
    ],
  ])("%s → %o", (type, data, expected) => {
    expect(auditObjectOf(type, data)).toEqual(expected);
  });

  it("is null without the object's id", () => {
    expect(auditObjectOf("billing.bill.issued", {})).toBeNull();
    expect(auditObjectOf("billing.bill.issued", { billId: 7 })).toBeNull();
    expect(auditObjectOf("odd", { oddId: "x" })).toBeNull();
  });
});

describe("importRollbackChanges", () => {
  it("counts what a part removed and ignores, not its ids", () => {
    const data = {
      batchId: "imp_1",
      siteId: "sit_1",
      objects: { unit: ["u1", "u2"], building: ["b1"], hold: [] },
      eventIds: ["e1", "e2", "e3"],
      part: 2,
      parts: 3,
    };
    expect(importRollbackChanges(data)).toEqual([
      { field: "removed.building", after: 1 },
      { field: "removed.unit", after: 2 },
      { field: "ignoredEvents", after: 3 },
      { field: "part", after: "2/3" },
    ]);
    expect(importRollbackChanges({ objects: {}, eventIds: [], part: 1, parts: 1 })).toEqual([]);
  });
});

describe("traceIdOf", () => {
  it("takes the trace id of a traceparent, nothing from anything else", () => {
    expect(traceIdOf("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).toBe(
      "0af7651916cd43dd8448eb211c80319c",
    );
    expect(traceIdOf(null)).toBeNull();
    expect(traceIdOf("garbage")).toBeNull();
  });
});
