import { describe, expect, it } from "vitest";
import {
  addDays,
  defaultTerms,
  type LeaseFormValues,
  leaseFieldOf,
  newLeaseBody,
  type Terms,
  termsBody,
  termsFormValues,
  totalArea,
  wizardStepOf,
} from "./lease-form";

const wizard: LeaseFormValues = {
  ...defaultTerms,
  unitIds: ["unt_1", "unt_2"],
  customerId: "cus_1",
  reference: " T-1401-2027 ",
  startDate: "2027-01-01",
  endDate: "2028-12-31",
  rentAmount: "12,345.67",
  deposit: "24691.34",
};

describe("wizard form → create-lease body", () => {
  it("converts decimals to minor units and percentages to basis points, exactly", () => {
    const mapped = newLeaseBody(
      {
        ...wizard,
        escalationKind: "fixed_percent",
        escalationPercent: "3.5",
        lateDailyPercent: "0.05",
        lateCapPercent: "20",
        rentFree: [{ from: "2027-01-01", to: "2027-01-31" }],
        fees: [
          { feeCode: "management", basis: "per_m2_month", amount: "25", frequency: "monthly" },
          { feeCode: "parking", basis: "per_period", amount: "0.1", area: "" },
        ],
        penaltyKind: "months_of_rent",
        penaltyMonths: 3,
      },
      2,
    );
    expect(mapped).toEqual({
      ok: true,
      value: {
        reference: "T-1401-2027",
        customerId: "cus_1",
        unitIds: ["unt_1", "unt_2"],
        startDate: "2027-01-01",
        endDate: "2028-12-31",
        terms: {
          frequency: "monthly",
          alignment: "calendar",
          rent: { kind: "per_period", amountMinor: 1234567 },
          escalation: { kind: "fixed_percent", basisPoints: 350 },
          rentFree: [{ from: "2027-01-01", to: "2027-01-31" }],
          billLeadDays: 10,
          dueDay: 5,
          depositMinor: 2469134,
          fees: [
            {
              feeCode: "management",
              basis: "per_m2_month",
              amountMinor: 2500,
              frequency: "monthly",
            },
            { feeCode: "parking", basis: "per_period", amountMinor: 10 },
          ],
          lateFee: { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 2000 },
          penalty: { kind: "months_of_rent", months: 3 },
        },
      },
    });
  });

  it("builds rent per m², stepped escalation and a fixed penalty", () => {
    const mapped = newLeaseBody(
      {
        ...wizard,
        rentKind: "per_m2_month",
        rentRate: "161.6",
        rentArea: "791.16",
        escalationKind: "stepped",
        escalationSteps: [{ from: "2028-01-01", value: "170" }],
        penaltyKind: "fixed",
        penaltyAmount: "5000",
      },
      2,
    );
    if (!mapped.ok) throw new Error("not mapped");
    expect(mapped.value.terms.rent).toEqual({
      kind: "per_m2_month",
      rateMinorPerM2: 16160,
      areaHundredths: 79116,
    });
    expect(mapped.value.terms.escalation).toEqual({
      kind: "stepped",
      steps: [{ from: "2028-01-01", value: 17000 }],
    });
    expect(mapped.value.terms.penalty).toEqual({ kind: "fixed", amountMinor: 500000 });
  });

  it("uses the currency's minor digits (JPY has none)", () => {
    const mapped = newLeaseBody({ ...wizard, rentAmount: "120000", deposit: "1.5" }, 0);
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.problems).toEqual([{ name: ["deposit"], problem: "amount" }]);
    const ok = newLeaseBody({ ...wizard, rentAmount: "120000", deposit: "" }, 0);
    expect(ok.ok && ok.value.terms.rent).toEqual({ kind: "per_period", amountMinor: 120000 });
    expect(ok.ok && ok.value.terms.depositMinor).toBe(0);
  });

  it("names every field it cannot read", () => {
    const mapped = newLeaseBody(
      {
        ...defaultTerms,
        unitIds: [],
        rentAmount: "12.345",
        lateCapPercent: "abc",
        rentFree: [{ from: "2027-01-01" }],
        fees: [{ basis: "per_period", amount: "-1" }],
      },
      2,
    );
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.problems).toEqual(
      expect.arrayContaining([
        { name: ["rentAmount"], problem: "amount" },
        { name: ["lateCapPercent"], problem: "percent" },
        { name: ["rentFree", 0, "to"], problem: "required" },
        { name: ["fees", 0, "amount"], problem: "amount" },
        { name: ["fees", 0, "feeCode"], problem: "required" },
        { name: ["unitIds"], problem: "required" },
        { name: ["customerId"], problem: "required" },
        { name: ["reference"], problem: "required" },
        { name: ["startDate"], problem: "required" },
        { name: ["endDate"], problem: "required" },
      ]),
    );
    expect(mapped.problems).toHaveLength(10);
  });
});

describe("stored terms → form → terms", () => {
  const stored: Terms = {
    frequency: "quarterly",
    alignment: "calendar",
    rent: { kind: "per_m2_month", rateMinorPerM2: 16160, areaHundredths: 79116 },
    escalation: { kind: "fixed_percent", basisPoints: 300 },
    rentFree: [{ from: "2026-12-01", to: "2026-12-28" }],
    billLeadDays: 10,
    dueDay: 5,
    depositMinor: 42722700,
    fees: [
      { feeCode: "management", basis: "per_m2_month", amountMinor: 2500, frequency: "monthly" },
    ],
    lateFee: { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 2000 },
    penalty: { kind: "months_of_rent", months: 3 },
  };

  it("shows minor units as decimals and comes back to the same terms", () => {
    const values = termsFormValues(stored, 2);
    expect(values.rentRate).toBe("161.60");
    expect(values.rentArea).toBe("791.16");
    expect(values.escalationPercent).toBe("3.00");
    expect(values.deposit).toBe("427227.00");
    expect(values.lateDailyPercent).toBe("0.05");
    expect(termsBody(values, 2)).toEqual({ ok: true, value: stored });
  });
});

describe("API errors → form fields", () => {
  it("renames the API's paths to the form's fields", () => {
    expect(leaseFieldOf("endDate")).toBe("endDate");
    expect(leaseFieldOf("body.reference")).toBe("reference");
    expect(leaseFieldOf("unitIds.1")).toBe("unitIds");
    expect(leaseFieldOf("terms.rent.amountMinor")).toBe("rentAmount");
    expect(leaseFieldOf("terms.lateFee.capBasisPoints")).toBe("lateCapPercent");
    expect(leaseFieldOf("terms.fees.1.amountMinor")).toBe("fees.1.amount");
    expect(leaseFieldOf("terms.fees.0")).toBe("fees.0.feeCode");
    expect(leaseFieldOf("terms.rentFree.2.to")).toBe("rentFree.2.to");
    expect(leaseFieldOf("terms.escalation.steps.0.value")).toBe("escalationSteps.0.value");
    expect(leaseFieldOf("terms.unknown")).toBeNull();
  });

  it("knows the wizard step of a field", () => {
    expect(wizardStepOf("unitIds")).toBe(0);
    expect(wizardStepOf("customerId")).toBe(1);
    expect(wizardStepOf("fees.1.amount")).toBe(2);
  });
});

describe("civil dates and areas", () => {
  it("adds days across months and leap years", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2027-12-15", 30)).toBe("2028-01-14");
    expect(addDays("2027-03-01", -1)).toBe("2027-02-28");
  });

  it("sums areas without floating drift", () => {
    expect(totalArea([0.1, 0.2])).toBe("0.30");
    expect(totalArea([85.5, 120.25])).toBe("205.75");
    expect(totalArea([])).toBe("0.00");
  });
});
