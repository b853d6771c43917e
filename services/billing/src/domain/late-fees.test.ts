import { addDays } from "@slms/primitives/civil-date";
import { describe, expect, it } from "vitest";
import {
  type BalanceChange,
  type DailyLateFee,
  firstAccrualDay,
  firstLateFeeDay,
  type LateFeeRule,
  lateFeeBetween,
  lateFeeCap,
  lateFeeForDay,
} from "./late-fees.ts";
import { random } from "./random.fixtures.ts";

// 10 000.00 due 2026-03-05; 5 days' grace, 0.05 % a day (5.00), capped at 10 % (1 000.00).
const rule: LateFeeRule = { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 1000 };
const bill = { amountMinor: 1_000_000, dueDate: "2026-03-05" };

/** `count` days of `amountMinor` from `first`. */
const days = (first: string, count: number, amountMinor: number): DailyLateFee[] =>
  Array.from({ length: count }, (_, i) => ({ date: addDays(first, i), amountMinor }));

describe("firstLateFeeDay = due date + grace days + 1", () => {
  it.each([
    ["2026-03-05", 5, "2026-03-11"],
    ["2026-03-05", 0, "2026-03-06"],
    ["2024-02-25", 3, "2024-02-29"],
    ["2025-02-25", 3, "2025-03-01"],
    ["2026-12-28", 5, "2027-01-03"],
    ["2026-01-31", 30, "2026-03-03"],
  ])("due %s, %i days' grace → %s", (dueDate, graceDays, expected) => {
    expect(firstLateFeeDay({ ...rule, graceDays }, { ...bill, dueDate })).toBe(expected);
  });
});

describe("lateFeeCap = round_half_up(amount × cap bp ÷ 10 000)", () => {
  it.each([
    [1_000_000, 1000, 100_000],
    [12_345, 1000, 1235],
    [12_344, 1000, 1234],
    [1, 5000, 1],
    [1, 4999, 0],
    [1_000_000, 0, 0],
    [1_000_000, 10_000, 1_000_000],
    [0, 1000, 0],
    [100_000_000_000, 10_000, 100_000_000_000],
    [100_000_000_000, 30_000, 100_000_000_000],
    [60_000_000_000, 20_000, 100_000_000_000],
  ])("%i at %i bp → %i", (amountMinor, capBasisPoints, expected) => {
    expect(lateFeeCap({ ...rule, capBasisPoints }, { ...bill, amountMinor })).toBe(expected);
  });
});

describe("lateFeeForDay", () => {
  it.each<[string, Partial<LateFeeRule>, number, string, number, number]>([
    // name, rule overrides, balance at the end of the day before, date, accrued so far, fee
    ["due date", {}, 1_000_000, "2026-03-05", 0, 0],
    ["last grace day", {}, 1_000_000, "2026-03-10", 0, 0],
    ["first fee day", {}, 1_000_000, "2026-03-11", 0, 500],
    ["a later day", {}, 1_000_000, "2026-04-30", 25_000, 500],
    ["no grace: the day after the due date", { graceDays: 0 }, 1_000_000, "2026-03-06", 0, 500],
    ["no grace: the due date itself", { graceDays: 0 }, 1_000_000, "2026-03-05", 0, 0],
    ["partly paid: 4 000.00 left", {}, 400_000, "2026-03-20", 2_500, 200],
    ["paid", {}, 0, "2026-03-20", 2_500, 0],
    ["0.5 fen rounds up", {}, 1_000, "2026-03-20", 0, 1],
    ["0.4995 fen rounds down", {}, 999, "2026-03-20", 0, 0],
    ["6.1725 fen → 6", {}, 12_345, "2026-03-20", 0, 6],
    ["6.5 fen → 7 (13 bp of 5 000)", { dailyBasisPoints: 13 }, 5_000, "2026-03-20", 0, 7],
    ["1 bp of 10 000.00 = 1.00", { dailyBasisPoints: 1 }, 1_000_000, "2026-03-20", 0, 100],
    ["zero rate", { dailyBasisPoints: 0 }, 1_000_000, "2026-03-20", 0, 0],
    ["only up to the cap", {}, 1_000_000, "2026-09-30", 99_800, 200],
    ["cap reached", {}, 1_000_000, "2026-09-30", 100_000, 0],
    ["above a since-lowered cap", { capBasisPoints: 500 }, 1_000_000, "2026-09-30", 60_000, 0],
    ["zero cap", { capBasisPoints: 0 }, 1_000_000, "2026-03-20", 0, 0],
  ])("%s", (_name, overrides, balance, date, accrued, expected) => {
    expect(lateFeeForDay({ ...rule, ...overrides }, bill, balance, date, accrued)).toBe(expected);
  });

  it.each<[string, () => number, RegExp]>([
    [
      "a balance above the amount",
      () => lateFeeForDay(rule, bill, 1_000_001, "2026-03-20", 0),
      /exceeds/,
    ],
    ["a negative balance", () => lateFeeForDay(rule, bill, -1, "2026-03-20", 0), /negative/],
    ["a fractional balance", () => lateFeeForDay(rule, bill, 0.5, "2026-03-20", 0), /safe integer/],
    ["negative accrued fees", () => lateFeeForDay(rule, bill, 1, "2026-03-20", -1), /negative/],
    ["a malformed date", () => lateFeeForDay(rule, bill, 1, "2026-02-30", 0), /not a civil date/],
    [
      "a negative grace",
      () => lateFeeForDay({ ...rule, graceDays: -1 }, bill, 1, "2026-03-20", 0),
      /graceDays/,
    ],
    [
      "a fractional rate",
      () => lateFeeForDay({ ...rule, dailyBasisPoints: 0.5 }, bill, 1, "2026-03-20", 0),
      /dailyBasisPoints/,
    ],
  ])("throws on %s", (_name, call, message) => {
    expect(call).toThrow(message);
  });
});

describe("lateFeeBetween", () => {
  it.each<{
    name: string;
    rule?: Partial<LateFeeRule>;
    amountMinor?: number;
    balances?: BalanceChange[];
    from: string;
    to: string;
    expected: DailyLateFee[];
  }>([
    { name: "no fee within grace", from: "2026-03-01", to: "2026-03-10", expected: [] },
    {
      name: "the first fee day",
      from: "2026-03-01",
      to: "2026-03-11",
      expected: [{ date: "2026-03-11", amountMinor: 500 }],
    },
    {
      name: "no grace: from the day after the due date",
      rule: { graceDays: 0 },
      from: "2026-03-05",
      to: "2026-03-07",
      expected: days("2026-03-06", 2, 500),
    },
    {
      name: "cap reached mid-month (0.5 % a day, cap 5.3 %: 10 × 5 000 + 3 000)",
      rule: { dailyBasisPoints: 50, capBasisPoints: 530 },
      from: "2026-03-01",
      to: "2026-03-31",
      expected: [...days("2026-03-11", 10, 5_000), { date: "2026-03-21", amountMinor: 3_000 }],
    },
    {
      name: "fees before `from` count toward the cap",
      rule: { dailyBasisPoints: 50, capBasisPoints: 530 },
      from: "2026-03-20",
      to: "2026-03-31",
      expected: [
        { date: "2026-03-20", amountMinor: 5_000 },
        { date: "2026-03-21", amountMinor: 3_000 },
      ],
    },
    {
      name: "a partial payment on 03-15 lowers the fee from 03-16",
      balances: [{ date: "2026-03-15", balanceMinor: 400_000 }],
      from: "2026-03-11",
      to: "2026-03-18",
      expected: [...days("2026-03-11", 5, 500), ...days("2026-03-16", 3, 200)],
    },
    {
      name: "a partial payment before the due date",
      balances: [{ date: "2026-03-01", balanceMinor: 600_000 }],
      from: "2026-03-11",
      to: "2026-03-12",
      expected: days("2026-03-11", 2, 300),
    },
    {
      name: "zero rate",
      rule: { dailyBasisPoints: 0 },
      from: "2026-03-01",
      to: "2026-12-31",
      expected: [],
    },
    {
      name: "paid before grace ends",
      balances: [{ date: "2026-03-08", balanceMinor: 0 }],
      from: "2026-03-01",
      to: "2026-12-31",
      expected: [],
    },
    {
      name: "paid on the last grace day",
      balances: [{ date: "2026-03-10", balanceMinor: 0 }],
      from: "2026-03-01",
      to: "2026-12-31",
      expected: [],
    },
    {
      name: "paid on the first fee day: that day still accrues",
      balances: [{ date: "2026-03-11", balanceMinor: 0 }],
      from: "2026-03-01",
      to: "2026-12-31",
      expected: [{ date: "2026-03-11", amountMinor: 500 }],
    },
    {
      name: "a reversed payment starts the fee again",
      balances: [
        { date: "2026-03-12", balanceMinor: 0 },
        { date: "2026-03-20", balanceMinor: 1_000_000 },
      ],
      from: "2026-03-01",
      to: "2026-03-22",
      expected: [...days("2026-03-11", 2, 500), ...days("2026-03-21", 2, 500)],
    },
    {
      name: "the last change of a day wins; changes are sorted by date",
      balances: [
        { date: "2026-03-13", balanceMinor: 100_000 },
        { date: "2026-03-11", balanceMinor: 0 },
        { date: "2026-03-11", balanceMinor: 500_000 },
      ],
      from: "2026-03-11",
      to: "2026-03-15",
      expected: [
        { date: "2026-03-11", amountMinor: 500 },
        ...days("2026-03-12", 2, 250),
        ...days("2026-03-14", 2, 50),
      ],
    },
    {
      name: "fractions of a fen: 1 000 → 0.5 → 1 a day; 999 → 0.4995 → nothing",
      amountMinor: 10_000,
      balances: [
        { date: "2026-03-10", balanceMinor: 1_000 },
        { date: "2026-03-12", balanceMinor: 999 },
      ],
      from: "2026-03-01",
      to: "2026-03-31",
      expected: days("2026-03-11", 2, 1),
    },
    {
      name: "fractions of a fen: 0.05 % of 12 345 is 6.1725 → 6 a day; cap 10 % = 1 234.5 → 1 235",
      amountMinor: 12_345,
      from: "2026-03-01",
      to: "2026-12-31",
      expected: [...days("2026-03-11", 205, 6), { date: "2026-10-02", amountMinor: 5 }],
    },
    {
      name: "across a leap day",
      rule: { graceDays: 3 },
      balances: [],
      from: "2024-02-28",
      to: "2024-03-01",
      expected: [
        { date: "2024-02-29", amountMinor: 500 },
        { date: "2024-03-01", amountMinor: 500 },
      ],
    },
    { name: "an empty range", from: "2026-04-02", to: "2026-04-01", expected: [] },
  ])("$name", ({ rule: overrides, amountMinor, balances, from, to, expected }) => {
    const dueDate = from.startsWith("2024") ? "2024-02-25" : bill.dueDate;
    const fees = lateFeeBetween(
      { ...rule, ...overrides },
      { amountMinor: amountMinor ?? bill.amountMinor, dueDate },
      balances ?? [],
      from,
      to,
    );
    expect(fees).toEqual(expected);
  });

  it("stops at exactly the cap: 200 days of 5.00 = 1 000.00", () => {
    const fees = lateFeeBetween(rule, bill, [], "2026-01-01", "2027-12-31");
    expect(fees).toHaveLength(200);
    expect(fees.at(-1)).toEqual({ date: addDays("2026-03-11", 199), amountMinor: 500 });
    expect(fees.reduce((sum, f) => sum + f.amountMinor, 0)).toBe(100_000);
  });

  it("throws on a balance above the amount or a malformed date", () => {
    const above = [{ date: "2026-03-12", balanceMinor: 1_000_001 }];
    expect(() => lateFeeBetween(rule, bill, above, "2026-03-01", "2026-03-31")).toThrow(/exceeds/);
    const malformed = [{ date: "2026-3-12", balanceMinor: 0 }];
    expect(() => lateFeeBetween(rule, bill, malformed, "2026-03-01", "2026-03-31")).toThrow(
      /malformed date/,
    );
  });

  describe("agrees with lateFeeForDay, day by day, over random histories", () => {
    const rng = random(11);
    const cases = Array.from({ length: 200 }, () => {
      const amountMinor = rng.int(0, 5_000_000);
      const generated: LateFeeRule = {
        graceDays: rng.int(0, 15),
        dailyBasisPoints: rng.int(0, 100),
        capBasisPoints: rng.pick([0, 1, 500, 1000, 3000, 10_000]),
      };
      const balances = Array.from({ length: rng.int(0, 6) }, () => ({
        date: addDays("2026-03-01", rng.int(0, 90)),
        balanceMinor: rng.int(0, amountMinor),
      }));
      const from = addDays("2026-03-01", rng.int(0, 60));
      return { rule: generated, bill: { amountMinor, dueDate: "2026-03-05" }, balances, from };
    });

    it.each(cases.map((c, i) => [i, c] as const))("history %i", (_i, c) => {
      const to = "2026-07-31";
      const expected: DailyLateFee[] = [];
      const sorted = [...c.balances].sort((a, b) =>
        a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
      );
      let accrued = 0;
      for (let date = "2026-03-01"; date <= to; date = addDays(date, 1)) {
        const yesterday = addDays(date, -1);
        const balance = sorted.filter((b) => b.date <= yesterday).at(-1)?.balanceMinor;
        const fee = lateFeeForDay(c.rule, c.bill, balance ?? c.bill.amountMinor, date, accrued);
        accrued += fee;
        if (fee > 0 && date >= c.from) expected.push({ date, amountMinor: fee });
      }
      expect(lateFeeBetween(c.rule, c.bill, c.balances, c.from, to)).toEqual(expected);
      expect(accrued).toBeLessThanOrEqual(lateFeeCap(c.rule, c.bill));
    });
  });
});

describe("firstAccrualDay", () => {
  const rule = { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 2_000 };
  const bill = { amountMinor: 100_000, dueDate: "2026-02-05" };
  it("is the first late-fee day for any bill", () => {
    expect(firstAccrualDay(rule, { ...bill, kind: "charge", enteredOn: "2026-03-01" })).toBe(
      "2026-02-11",
    );
  });
  it("is, for an opening bill, the day after it entered the system when that is later", () => {
    expect(
      firstAccrualDay(rule, { ...bill, kind: "opening_arrears", enteredOn: "2026-03-01" }),
    ).toBe("2026-03-02");
    expect(
      firstAccrualDay(rule, { ...bill, kind: "opening_arrears", enteredOn: "2026-01-20" }),
    ).toBe("2026-02-11");
  });
});
