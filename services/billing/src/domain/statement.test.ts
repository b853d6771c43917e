import { addDays } from "@slms/primitives/civil-date";
import { describe, expect, it } from "vitest";
import { random } from "./random.fixtures.ts";
import {
  balanceThrough,
  buildStatement,
  type LedgerEntry,
  type LedgerKind,
  ledgerKinds,
  type Statement,
  signedAmount,
} from "./statement.ts";

const entry = (
  date: string,
  kind: LedgerKind,
  amountMinor: number,
  reference: string,
  description = `${kind} ${reference}`,
): LedgerEntry => ({ date, kind, amountMinor, reference, description });

// Rent 3 000.00 a month. Listed out of date order on purpose: lines come out by date, and
// entries of one date keep the order they were listed in.
const ledger: LedgerEntry[] = [
  entry("2026-03-01", "bill", 300_000, "bil_mar", "Rent 2026-03"),
  entry("2026-03-01", "prepayment_out", 50_000, "ppe_1", "Prepayment applied"),
  entry("2026-03-01", "allocation", 50_000, "ppe_1", "Rent 2026-03 from prepayment"),
  entry("2026-01-01", "bill", 300_000, "bil_jan", "Rent 2026-01"),
  entry("2026-01-10", "allocation", 300_000, "pay_1", "Payment to rent 2026-01"),
  entry("2026-02-01", "bill", 300_000, "bil_feb", "Rent 2026-02"),
  entry("2026-02-15", "allocation", 300_000, "pay_2", "Payment to rent 2026-02"),
  entry("2026-02-15", "prepayment_in", 50_000, "pay_2", "Overpayment held"),
  entry("2026-02-20", "bill", 1_500, "bil_late", "Late fee"),
  entry("2026-02-20", "waiver", 1_500, "wvr_1", "Late fee waived"),
  entry("2026-03-10", "allocation", 250_000, "pay_3", "Payment to rent 2026-03"),
  entry("2026-03-20", "allocation_reversed", 250_000, "pay_3", "Payment bounced"),
  entry("2026-04-01", "bill", 300_000, "bil_apr", "Rent 2026-04"),
];

const statement = (from: string, to: string): Statement => {
  const result = buildStatement(ledger, from, to);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
};

describe("signedAmount: charges and reversals +, payments and credits −", () => {
  it.each<[LedgerKind, number]>([
    ["bill", 100],
    ["allocation", -100],
    ["allocation_reversed", 100],
    ["waiver", -100],
    ["prepayment_in", -100],
    ["prepayment_out", 100],
  ])("%s of 100 → %i", (kind, expected) => {
    expect(signedAmount(entry("2026-01-01", kind, 100, "x"))).toBe(expected);
  });

  it("covers every kind", () => {
    expect(ledgerKinds).toHaveLength(6);
  });
});

describe("buildStatement: totals", () => {
  it.each([
    // from, to, opening, charges, payments, credits, closing, prepayment, lines
    ["2026-02-01", "2026-03-31", 0, 601_500, 350_000, 1_500, 250_000, 0, 10],
    ["2026-01-01", "2026-12-31", 0, 1_201_500, 650_000, 1_500, 550_000, 0, 13],
    ["2025-01-01", "2025-12-31", 0, 0, 0, 0, 0, 0, 0],
    ["2027-01-01", "2027-01-31", 550_000, 0, 0, 0, 550_000, 0, 0],
    // Prepayment applied to a bill is no payment: out (+) and allocation (−) cancel.
    ["2026-03-01", "2026-03-01", -50_000, 300_000, 0, 0, 250_000, 0, 3],
    // An overpayment leaves the customer in credit.
    ["2026-02-15", "2026-02-15", 300_000, 0, 350_000, 0, -50_000, 50_000, 2],
    // A bounced payment is a negative payment.
    ["2026-03-11", "2026-03-31", 0, 0, -250_000, 0, 250_000, 0, 1],
    ["2026-02-20", "2026-02-28", -50_000, 1_500, 0, 1_500, -50_000, 50_000, 2],
  ])(
    "%s..%s: opening %i + charges %i − payments %i − credits %i = %i",
    (from, to, opening, charges, payments, credits, closing, prepayment, lines) => {
      const s = statement(from, to);
      expect(s).toMatchObject({
        from,
        to,
        openingBalanceMinor: opening,
        chargesMinor: charges,
        paymentsMinor: payments,
        creditsMinor: credits,
        closingBalanceMinor: closing,
        prepaymentMinor: prepayment,
      });
      expect(s.lines).toHaveLength(lines);
      expect(s.closingBalanceMinor).toBe(balanceThrough(ledger, to));
      expect(s.openingBalanceMinor).toBe(balanceThrough(ledger, addDays(from, -1)));
    },
  );
});

describe("buildStatement: lines", () => {
  it("lists the range by date, then in the order given, with running balances", () => {
    const rows = statement("2026-02-01", "2026-03-31").lines.map((l) => [
      l.date,
      l.kind,
      l.amountMinor,
      l.runningBalanceMinor,
      l.reference,
    ]);
    expect(rows).toEqual([
      ["2026-02-01", "bill", 300_000, 300_000, "bil_feb"],
      ["2026-02-15", "allocation", -300_000, 0, "pay_2"],
      ["2026-02-15", "prepayment_in", -50_000, -50_000, "pay_2"],
      ["2026-02-20", "bill", 1_500, -48_500, "bil_late"],
      ["2026-02-20", "waiver", -1_500, -50_000, "wvr_1"],
      ["2026-03-01", "bill", 300_000, 250_000, "bil_mar"],
      ["2026-03-01", "prepayment_out", 50_000, 300_000, "ppe_1"],
      ["2026-03-01", "allocation", -50_000, 250_000, "ppe_1"],
      ["2026-03-10", "allocation", -250_000, 0, "pay_3"],
      ["2026-03-20", "allocation_reversed", 250_000, 250_000, "pay_3"],
    ]);
  });

  it("keeps the description", () => {
    expect(statement("2026-03-20", "2026-03-20").lines[0]).toEqual({
      date: "2026-03-20",
      kind: "allocation_reversed",
      description: "Payment bounced",
      amountMinor: 250_000,
      runningBalanceMinor: 250_000,
      reference: "pay_3",
    });
  });

  it("is empty for an empty ledger", () => {
    expect(buildStatement([], "2026-01-01", "2026-01-31")).toEqual({
      ok: true,
      value: {
        from: "2026-01-01",
        to: "2026-01-31",
        openingBalanceMinor: 0,
        chargesMinor: 0,
        paymentsMinor: 0,
        creditsMinor: 0,
        closingBalanceMinor: 0,
        prepaymentMinor: 0,
        lines: [],
      },
    });
  });
});

describe("buildStatement: problems and broken entries", () => {
  it.each([
    ["2026-02-30", "2026-03-31", ["from"]],
    ["2026-02-01", "2026-3-31", ["to"]],
    ["", "", ["from", "to"]],
    ["2026-03-02", "2026-03-01", ["to"]],
  ])("%j..%j → problems on %j", (from, to, fields) => {
    const result = buildStatement(ledger, from, to);
    expect(!result.ok && result.problems.map((p) => p.field)).toEqual(fields);
  });

  it.each<[string, LedgerEntry, RegExp]>([
    [
      "an unknown kind",
      { ...entry("2026-01-01", "bill", 1, "x"), kind: "refund" as LedgerKind },
      /unknown ledger entry kind/,
    ],
    ["a negative amount", entry("2026-01-01", "allocation", -1, "x"), /negative/],
    ["a fractional amount", entry("2026-01-01", "bill", 1.5, "x"), /safe integer/],
    ["a malformed date", entry("2026-13-01", "bill", 1, "x"), /malformed date/],
  ])("throws on %s", (_name, bad, message) => {
    expect(() => buildStatement([...ledger, bad], "2026-01-01", "2026-12-31")).toThrow(message);
    expect(() => balanceThrough([bad], "2026-12-31")).toThrow(message);
  });
});

describe("invariant over random ledgers: closing = balance recomputed from all entries up to `to`", () => {
  const rng = random(17);
  const cases = Array.from({ length: 300 }, () => {
    const entries = Array.from({ length: rng.int(0, 80) }, (_, i) =>
      entry(
        addDays("2026-01-01", rng.int(0, 365)),
        rng.pick(ledgerKinds),
        rng.pick([0, 1, rng.int(1, 10_000_000)]),
        `ref_${i}`,
      ),
    );
    const from = addDays("2025-12-01", rng.int(0, 420));
    const to = addDays(from, rng.int(0, 200));
    return { entries, from, to };
  });

  it.each(cases.map((c, i) => [i, c] as const))("ledger %i", (_i, { entries, from, to }) => {
    const result = buildStatement(entries, from, to);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const s = result.value;
    // Recomputed independently: a plain signed sum.
    const sign: Record<LedgerKind, number> = {
      bill: 1,
      allocation_reversed: 1,
      prepayment_out: 1,
      allocation: -1,
      waiver: -1,
      prepayment_in: -1,
    };
    const upTo = (date: string) =>
      entries
        .filter((e) => e.date <= date)
        .reduce((sum, e) => sum + sign[e.kind] * e.amountMinor, 0);
    expect(s.closingBalanceMinor).toBe(upTo(to));
    expect(s.closingBalanceMinor).toBe(balanceThrough(entries, to));
    expect(s.openingBalanceMinor).toBe(upTo(addDays(from, -1)));
    expect(s.closingBalanceMinor).toBe(
      s.openingBalanceMinor + s.chargesMinor - s.paymentsMinor - s.creditsMinor,
    );
    expect(s.lines.at(-1)?.runningBalanceMinor ?? s.openingBalanceMinor).toBe(
      s.closingBalanceMinor,
    );
    // Every entry of the range, once, by date then in the order given.
    const expected = entries
      .map((e, index) => ({ e, index }))
      .filter(({ e }) => e.date >= from && e.date <= to)
      .sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.index - b.index))
      .map(({ e }) => e.reference);
    expect(s.lines.map((l) => l.reference)).toEqual(expected);
  });
});
