import { describe, expect, it } from "vitest";
import { billRows, enumName, leaseRow, paymentRow, type SourceLease } from "./source-facts.ts";

describe("enumName", () => {
  it("keeps a proto enum value as events name it, and refuses anything else", () => {
    expect(enumName("UNIT_STATUS", "UNIT_STATUS_LEASED")).toBe("leased");
    expect(enumName("PAYMENT_METHOD", "PAYMENT_METHOD_BANK_TRANSFER")).toBe("bank_transfer");
    expect(() => enumName("UNIT_STATUS", "UNIT_STATUS_UNSPECIFIED")).toThrow(/UNIT_STATUS/);
    expect(() => enumName("UNIT_STATUS", "LEASED")).toThrow(/UNIT_STATUS/);
  });
});

describe("billRows", () => {
  it("numbers the movements back from the bill's version, the newest carrying it", () => {
    const bill = {
      id: "bil_1",
      siteId: "sit_1",
      leaseId: "",
      customerId: "cus_1",
      feeCode: "rent",
      kind: "charge",
      periodStart: "2026-01-01",
      periodEnd: "2026-01-31",
      issueDate: "2026-01-01",
      dueDate: "2026-01-05",
      currencyCode: "CNY",
      amountMinor: 500_000,
      allocatedMinor: 300_000,
      waivedMinor: 0,
    };
    const move = (at: string, allocated: number) => ({
      at,
      amountDeltaMinor: at ? 0 : 500_000,
      allocatedDeltaMinor: allocated,
      waivedDeltaMinor: 0,
    });
    const rows = billRows({
      bill,
      version: 5,
      movements: [move("", 0), move("2026-01-03T02:00:00.000Z", 300_000)],
    });
    expect(rows.bill).toMatchObject({ bill_id: "bil_1", lease_id: null, version: 5 });
    expect(rows.movements.map((m) => [m.version, m.at, m.allocated_delta_minor])).toEqual([
      [4, null, 0],
      [5, "2026-01-03T02:00:00.000Z", 300_000],
    ]);
  });
});

describe("leaseRow", () => {
  const lease = (status: string): SourceLease => ({
    id: "lea_1",
    siteId: "sit_1",
    customerId: "cus_1",
    reference: "L-1",
    unitIds: ["uni_1"],
    startDate: "2026-01-01",
    endDate: "2027-12-31",
    status,
    currencyCode: "CNY",
    terminationDate: status === "LEASE_STATUS_TERMINATED" ? "2026-06-30" : "",
    versions: [1, 2].map((version) => ({
      version,
      effectiveFrom: "2026-01-01",
      reason: "",
      actor: "usr_1",
      createdAt: "2026-01-01T00:00:00Z",
      terms: {
        frequency: "FREQUENCY_QUARTERLY",
        rent: { kind: "perPeriodAmountMinor", perPeriodAmountMinor: version * 300_001 },
        escalation: { kind: "fixedPercentBasisPoints", fixedPercentBasisPoints: 300 },
        alignment: "PERIOD_ALIGNMENT_CALENDAR",
        rentFree: [],
        fees: [],
        billLeadDays: 0,
        dueDay: 5,
        depositMinor: 0,
        lateFee: null,
        penalty: null,
      } as never,
    })),
  });

  it("takes the newest terms version's rent per month (rounded half up) and escalation", () => {
    expect(leaseRow(lease("LEASE_STATUS_ACTIVE"))).toMatchObject({
      status: "active",
      ended_on: null,
      terms_version: 2,
      // 600,002 a quarter = 200,000.67 a month.
      monthly_rent_minor: "200001",
      escalation: { kind: "fixed_percent", basisPoints: 300 },
    });
  });

  it("keeps a termination's date as the end, and leaves drafts out", () => {
    expect(leaseRow(lease("LEASE_STATUS_TERMINATED"))).toMatchObject({
      status: "terminated",
      ended_on: "2026-06-30",
    });
    expect(leaseRow(lease("LEASE_STATUS_EXPIRED"))?.ended_on).toBe("2027-12-31");
    expect(leaseRow(lease("LEASE_STATUS_DRAFT"))).toBeNull();
  });
});

describe("paymentRow", () => {
  it("keeps who reversed a payment only when it was reversed", () => {
    const base = {
      id: "pay_1",
      siteId: "sit_1",
      customerId: "cus_1",
      leaseId: "",
      method: "PAYMENT_METHOD_CASH",
      amountMinor: 100,
      currencyCode: "CNY",
      receivedAt: "2026-01-03T02:00:00.000Z",
      receiptNumber: "S-000001",
      recordedBy: "usr_cashier",
      reversedAt: "",
      reversedBy: "",
    };
    expect(paymentRow(base)).toMatchObject({
      method: "cash",
      lease_id: null,
      reversed_at: null,
      reversed_by: null,
    });
    expect(
      paymentRow({ ...base, reversedAt: "2026-01-04T00:00:00.000Z", reversedBy: "usr_fin" }),
    ).toMatchObject({ reversed_at: "2026-01-04T00:00:00.000Z", reversed_by: "usr_fin" });
  });
});
