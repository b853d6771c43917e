import { describe, expect, it } from "vitest";
import {
  checkAllocation,
  compareBillAge,
  defaultSplit,
  fill,
  type OpenBill,
  openOldestFirst,
} from "./allocation";

const bill = (
  id: string,
  dueDate: string,
  balanceMinor: number,
  issueDate = dueDate,
): OpenBill => ({
  id,
  dueDate,
  issueDate,
  periodStart: dueDate,
  balanceMinor,
});

// Listed out of order on purpose: the logic must sort them itself.
const bills = [
  bill("bil_mar", "2026-03-05", 300_00),
  bill("bil_jan", "2026-01-05", 100_00),
  bill("bil_paid", "2025-12-05", 0),
  bill("bil_feb", "2026-02-05", 200_00),
];

describe("oldest first", () => {
  it("orders by due date, then issue date, then id, and drops bills with nothing to pay", () => {
    expect(openOldestFirst(bills).map((b) => b.id)).toEqual(["bil_jan", "bil_feb", "bil_mar"]);
    const a = bill("bil_b", "2026-01-05", 1, "2025-12-20");
    const b = bill("bil_a", "2026-01-05", 1, "2025-12-21");
    expect(compareBillAge(a, b)).toBeLessThan(0);
    expect(compareBillAge(bill("bil_a", "2026-01-05", 1), bill("bil_b", "2026-01-05", 1))).toBe(-1);
  });

  it("fills the oldest bills first, the last one in part, exactly in minor units", () => {
    expect(defaultSplit(250_01, bills)).toEqual({ bil_jan: 100_00, bil_feb: 150_01 });
    expect(defaultSplit(100_00, bills)).toEqual({ bil_jan: 100_00 });
    // More than all bills owe: every bill in full, the rest is prepayment.
    expect(defaultSplit(700_00, bills)).toEqual({
      bil_jan: 100_00,
      bil_feb: 200_00,
      bil_mar: 300_00,
    });
    expect(fill(0, openOldestFirst(bills))).toEqual({});
  });
});

describe("checkAllocation", () => {
  it("sends no billIds for the default split and reports the prepayment", () => {
    const check = checkAllocation(700_00, bills, defaultSplit(700_00, bills));
    expect(check).toEqual({
      allocatedMinor: 600_00,
      prepaidMinor: 100_00,
      problems: [],
      billIds: undefined,
    });
  });

  it("sends the chosen bills with full ones first and the partial one last", () => {
    // The cashier pays March in full and January in part, skipping February.
    const check = checkAllocation(350_00, bills, { bil_jan: 50_00, bil_mar: 300_00 });
    expect(check.problems).toEqual([]);
    expect(check.billIds).toEqual(["bil_mar", "bil_jan"]);
    expect(check.prepaidMinor).toBe(0);
  });

  it("sends chosen bills paid in full, the rest as prepayment", () => {
    const check = checkAllocation(500_00, bills, { bil_feb: 200_00 });
    expect(check.problems).toEqual([]);
    expect(check.billIds).toEqual(["bil_feb"]);
    expect(check.prepaidMinor).toBe(300_00);
  });

  it("refuses splits the API cannot make", () => {
    // Two bills in part.
    expect(checkAllocation(100_00, bills, { bil_feb: 50_00, bil_mar: 50_00 }).problems).toEqual([
      { kind: "partial" },
    ]);
    // One in part while money is left over: the API would put the leftover on that bill.
    expect(checkAllocation(100_00, bills, { bil_feb: 50_00 }).problems).toEqual([
      { kind: "partial" },
    ]);
    // Nothing on any bill while bills are open.
    expect(checkAllocation(100_00, bills, {}).problems).toEqual([{ kind: "noBill" }]);
  });

  it("refuses more than a bill owes, more than was received, and non-integers", () => {
    expect(checkAllocation(500_00, bills, { bil_jan: 100_01 }).problems).toEqual([
      { kind: "overBalance", billId: "bil_jan" },
    ]);
    const over = checkAllocation(150_00, bills, { bil_jan: 100_00, bil_feb: 200_00 });
    expect(over.problems).toEqual([{ kind: "overReceived" }]);
    expect(over.prepaidMinor).toBe(0);
    expect(checkAllocation(100_00, bills, { bil_jan: 0.5 }).problems).toEqual([
      { kind: "notAmount", billId: "bil_jan" },
    ]);
    expect(checkAllocation(100_00, bills, { bil_jan: -1 }).problems).toEqual([
      { kind: "notAmount", billId: "bil_jan" },
    ]);
  });

  it("refuses more than 100 chosen bills", () => {
    const many = Array.from({ length: 102 }, (_, i) =>
      bill(`bil_${String(i).padStart(3, "0")}`, "2026-01-05", 1),
    );
    // Everything but the oldest: not the default, 101 chosen.
    const split = Object.fromEntries(many.slice(1).map((b) => [b.id, 1]));
    expect(checkAllocation(101, many, split).problems).toEqual([{ kind: "tooManyBills" }]);
    // The default split of all of them is fine: the API pays oldest first itself.
    expect(checkAllocation(102, many, defaultSplit(102, many)).problems).toEqual([]);
  });

  it("treats a customer with no open bills as all prepayment", () => {
    expect(checkAllocation(80_00, [], {})).toEqual({
      allocatedMinor: 0,
      prepaidMinor: 80_00,
      problems: [],
      billIds: undefined,
    });
  });
});
