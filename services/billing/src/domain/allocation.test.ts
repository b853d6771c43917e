import { addDays } from "@slms/primitives/civil-date";
import { describe, expect, it } from "vitest";
import {
  type AllocationPlan,
  allocatePayment,
  applyPrepayment,
  compareBillAge,
  type OpenBill,
} from "./allocation.ts";
import { random } from "./random.fixtures.ts";

/** A monthly bill: issued on the 25th before, due on the 5th of `month` (`2026-03`). */
const bill = (id: string, month: string, balanceMinor: number, overrides: Partial<OpenBill> = {}) =>
  ({
    id,
    dueDate: `${month}-05`,
    issueDate: addDays(`${month}-01`, -7),
    periodStart: `${month}-01`,
    balanceMinor,
    ...overrides,
  }) satisfies OpenBill;

const jan = bill("bil_jan", "2026-01", 300_000);
const feb = bill("bil_feb", "2026-02", 300_000);
const mar = bill("bil_mar", "2026-03", 300_000);
const feeMar = bill("bil_fee_mar", "2026-03", 50_000);
// Listed newest first: the order must come from the dates, not the list.
const open = [mar, feeMar, feb, jan];

const plan = (allocations: [string, number][], remainderMinor: number): AllocationPlan => ({
  allocations: allocations.map(([billId, amountMinor]) => ({ billId, amountMinor })),
  remainderMinor,
});

describe("allocatePayment: oldest due first", () => {
  it.each<[string, number, OpenBill[], AllocationPlan]>([
    ["pays off one bill exactly", 300_000, open, plan([["bil_jan", 300_000]], 0)],
    [
      "pays off everything exactly",
      950_000,
      open,
      plan(
        [
          ["bil_jan", 300_000],
          ["bil_feb", 300_000],
          ["bil_fee_mar", 50_000],
          ["bil_mar", 300_000],
        ],
        0,
      ),
    ],
    ["partial: the oldest bill takes it all", 120_000, open, plan([["bil_jan", 120_000]], 0)],
    [
      "partial across bills",
      420_000,
      open,
      plan(
        [
          ["bil_jan", 300_000],
          ["bil_feb", 120_000],
        ],
        0,
      ),
    ],
    [
      "overpayment: the rest is the remainder",
      1_000_001,
      open,
      plan(
        [
          ["bil_jan", 300_000],
          ["bil_feb", 300_000],
          ["bil_fee_mar", 50_000],
          ["bil_mar", 300_000],
        ],
        50_001,
      ),
    ],
    ["nothing open: all remainder", 5_000, [], plan([], 5_000)],
    [
      "a bill at balance 0 gets no line",
      400_000,
      [bill("bil_paid", "2025-12", 0), jan, feb],
      plan(
        [
          ["bil_jan", 300_000],
          ["bil_feb", 100_000],
        ],
        0,
      ),
    ],
    ["1 fen", 1, open, plan([["bil_jan", 1]], 0)],
    [
      "a partly paid bill takes only its balance",
      100_000,
      [bill("bil_jan", "2026-01", 30_000), feb],
      plan(
        [
          ["bil_jan", 30_000],
          ["bil_feb", 70_000],
        ],
        0,
      ),
    ],
  ])("%s", (_name, amount, bills, expected) => {
    expect(allocatePayment(amount, bills)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, OpenBill[], string[]]>([
    [
      "due date first",
      [bill("b", "2026-02", 1), bill("a", "2026-03", 1, { dueDate: "2026-02-04" })],
      ["a", "b"],
    ],
    [
      "same due date: issue date",
      [
        bill("a", "2026-03", 1, { issueDate: "2026-02-20" }),
        bill("b", "2026-03", 1, { issueDate: "2026-02-10" }),
      ],
      ["b", "a"],
    ],
    [
      "same due and issue dates: period start",
      [
        bill("a", "2026-03", 1, { periodStart: "2026-03-15" }),
        bill("b", "2026-03", 1, { periodStart: "2026-03-01" }),
      ],
      ["b", "a"],
    ],
    [
      "all dates equal: id, by code unit (uppercase before lowercase, not locale)",
      [bill("bil_b", "2026-03", 1), bill("bil_a", "2026-03", 1), bill("bil_B", "2026-03", 1)],
      ["bil_B", "bil_a", "bil_b"],
    ],
    [
      "an opening-arrears bill due long ago comes first",
      [jan, bill("bil_arrears", "2025-06", 1, { issueDate: "2026-01-01" })],
      ["bil_arrears", "bil_jan"],
    ],
  ])("ties: %s", (_name, bills, order) => {
    const result = allocatePayment(bills.length, bills);
    expect(result.ok && result.value.allocations.map((a) => a.billId)).toEqual(order);
    expect([...bills].sort(compareBillAge).map((b) => b.id)).toEqual(order);
    expect(
      [...bills]
        .reverse()
        .sort(compareBillAge)
        .map((b) => b.id),
    ).toEqual(order);
  });
});

describe("allocatePayment: bills the cashier chose", () => {
  it.each<[string, number, string[], AllocationPlan]>([
    [
      "in the given order, not by age",
      600_000,
      ["bil_mar", "bil_jan"],
      plan(
        [
          ["bil_mar", 300_000],
          ["bil_jan", 300_000],
        ],
        0,
      ),
    ],
    [
      "the rest is prepayment, not the other bills",
      400_000,
      ["bil_feb"],
      plan([["bil_feb", 300_000]], 100_000),
    ],
    [
      "partial: the first chosen bill",
      50_000,
      ["bil_mar", "bil_jan"],
      plan([["bil_mar", 50_000]], 0),
    ],
    [
      "stops when the money runs out",
      320_000,
      ["bil_mar", "bil_jan", "bil_feb"],
      plan(
        [
          ["bil_mar", 300_000],
          ["bil_jan", 20_000],
        ],
        0,
      ),
    ],
    ["an empty choice counts as none", 300_000, [], plan([["bil_jan", 300_000]], 0)],
  ])("%s", (_name, amount, chosen, expected) => {
    expect(allocatePayment(amount, open, chosen)).toEqual({ ok: true, value: expected });
  });
});

describe("allocatePayment: problems", () => {
  it.each<[string, number, string[] | undefined, { field: string; message: RegExp }[]]>([
    ["zero payment", 0, undefined, [{ field: "amountMinor", message: /> 0/ }]],
    ["negative payment", -100, undefined, [{ field: "amountMinor", message: /> 0/ }]],
    ["fractional payment", 100.5, undefined, [{ field: "amountMinor", message: /whole number/ }]],
    ["unsafe payment", 2 ** 53, undefined, [{ field: "amountMinor", message: /whole number/ }]],
    [
      "an unknown bill",
      1_000,
      ["bil_jan", "bil_nope"],
      [{ field: "billIds.1", message: /bil_nope is not an open bill/ }],
    ],
    [
      "a bill already paid (balance 0)",
      1_000,
      ["bil_paid"],
      [{ field: "billIds.0", message: /bil_paid is not an open bill/ }],
    ],
    [
      "a repeated bill",
      1_000,
      ["bil_jan", "bil_jan"],
      [{ field: "billIds.1", message: /repeats bill bil_jan/ }],
    ],
    [
      "every problem at once",
      0,
      ["bil_x", "bil_feb", "bil_x"],
      [
        { field: "amountMinor", message: /> 0/ },
        { field: "billIds.0", message: /bil_x is not an open bill/ },
        { field: "billIds.2", message: /repeats bill bil_x/ },
      ],
    ],
  ])("%s", (_name, amount, chosen, expected) => {
    const result = allocatePayment(amount, [...open, bill("bil_paid", "2025-12", 0)], chosen);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(expected.length);
    expected.forEach((problem, i) => {
      expect(result.problems[i]?.field).toBe(problem.field);
      expect(result.problems[i]?.message).toMatch(problem.message);
    });
  });

  it.each<[string, OpenBill[], RegExp]>([
    ["a bill listed twice", [jan, jan], /listed twice/],
    ["a negative balance", [bill("b", "2026-01", -1)], /negative/],
    ["a fractional balance", [bill("b", "2026-01", 0.5)], /safe integer/],
    [
      "a malformed due date",
      [jan, bill("b", "2026-01", 1, { dueDate: "2026-02-30" })],
      /civil date/,
    ],
  ])("throws on %s", (_name, bills, message) => {
    expect(() => allocatePayment(1_000, bills)).toThrow(message);
  });
});

describe("applyPrepayment", () => {
  it.each<[string, number, OpenBill[], AllocationPlan]>([
    ["no credit: nothing", 0, open, plan([], 0)],
    ["settles the oldest bill in part", 100_000, open, plan([["bil_jan", 100_000]], 0)],
    [
      "settles several, oldest first",
      650_000,
      open,
      plan(
        [
          ["bil_jan", 300_000],
          ["bil_feb", 300_000],
          ["bil_fee_mar", 50_000],
        ],
        0,
      ),
    ],
    [
      "more credit than bills: the rest stays",
      500_000,
      [feb],
      plan([["bil_feb", 300_000]], 200_000),
    ],
    ["no bills", 500_000, [], plan([], 500_000)],
  ])("%s", (_name, credit, bills, expected) => {
    expect(applyPrepayment(credit, bills)).toEqual(expected);
  });

  it("throws on a negative credit", () => {
    expect(() => applyPrepayment(-1, open)).toThrow(/negative/);
  });
});

describe("many bills (random, fixed seed): the plan's invariants", () => {
  const rng = random(3);
  const cases = Array.from({ length: 150 }, () => {
    const bills = Array.from({ length: rng.int(0, 60) }, (_, i) =>
      bill(
        `bil_${rng.int(0, 9)}${i}`,
        rng.pick(["2025-11", "2025-12", "2026-01", "2026-02"]),
        rng.pick([0, 1, rng.int(1, 1_000_000)]),
        { periodStart: addDays("2025-10-01", rng.int(0, 120)) },
      ),
    );
    const openIds = bills.filter((b) => b.balanceMinor > 0).map((b) => b.id);
    const chosen =
      rng.int(0, 2) === 0 ? openIds.filter(() => rng.int(0, 2) === 0).reverse() : undefined;
    return { bills, chosen, amount: rng.int(1, 20_000_000) };
  });

  it.each(cases.map((c, i) => [i, c] as const))("case %i", (_i, { bills, chosen, amount }) => {
    const result = allocatePayment(amount, bills, chosen);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { allocations, remainderMinor } = result.value;
    const byId = new Map(bills.map((b) => [b.id, b]));
    // Adds up exactly; never a zero, negative or over-balance line; never a bill twice.
    expect(allocations.reduce((sum, a) => sum + a.amountMinor, 0) + remainderMinor).toBe(amount);
    expect(remainderMinor).toBeGreaterThanOrEqual(0);
    expect(new Set(allocations.map((a) => a.billId)).size).toBe(allocations.length);
    for (const a of allocations) {
      expect(a.amountMinor).toBeGreaterThan(0);
      expect(a.amountMinor).toBeLessThanOrEqual(byId.get(a.billId)!.balanceMinor);
    }
    // Only the last line may leave a bill unpaid; a remainder means every candidate is paid.
    const candidates =
      chosen && chosen.length > 0
        ? chosen.map((id) => byId.get(id)!)
        : bills.filter((b) => b.balanceMinor > 0).sort(compareBillAge);
    expect(allocations.map((a) => a.billId)).toEqual(
      candidates.slice(0, allocations.length).map((b) => b.id),
    );
    allocations.slice(0, -1).forEach((a) => {
      expect(a.amountMinor).toBe(byId.get(a.billId)!.balanceMinor);
    });
    if (remainderMinor > 0) expect(allocations).toHaveLength(candidates.length);
  });
});
