import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AccountMapping, defaultAccountMapping } from "./account-mapping.ts";
import type { FeedItem } from "./feed-item.ts";
import { type JournalLine, journalOf } from "./journal.ts";

const item = (kind: string, amountMinor: number, extra: Partial<FeedItem> = {}): FeedItem => ({
  eventId: "00000000-0000-4000-8000-000000000000",
  orgId: "org_1",
  siteId: "sit_1",
  kind,
  occurredAt: new Date("2026-02-03T02:00:00Z"),
  customerId: "cus_1",
  leaseId: "lea_1",
  billId: null,
  paymentId: null,
  feeCode: null,
  method: null,
  amountMinor,
  currency: "CNY",
  data: {},
  ...extra,
});

/** Lines as `Dr code amount` / `Cr code amount`, for reading. */
const postings = (lines: JournalLine[]) =>
  lines.map((l) =>
    l.debitMinor ? `Dr ${l.code} ${l.debitMinor}` : `Cr ${l.code} ${l.creditMinor}`,
  );

const balance = (delta: Partial<Record<string, number>>, kind = "rent") => ({
  kind,
  amountDeltaMinor: 0,
  allocatedDeltaMinor: 0,
  waivedDeltaMinor: 0,
  ...delta,
});

describe("journalOf, with the default mapping", () => {
  const m = defaultAccountMapping;
  it.each([
    [
      "a rent bill issued",
      item("bill.issued", 650_000, { feeCode: "rent", data: { kind: "rent" } }),
      ["Dr 1122 650000", "Cr 6001 650000"],
    ],
    [
      "a late fee issued, to its own income account",
      item("bill.issued", 3_250, { feeCode: "late_fee", data: { kind: "late_fee" } }),
      ["Dr 1122 3250", "Cr 6301.01 3250"],
    ],
    [
      "opening arrears brought in at go-live, against opening balances",
      item("bill.issued", 90_000, { feeCode: "rent", data: { kind: "opening_arrears" } }),
      ["Dr 1122 90000", "Cr 4104 90000"],
    ],
    [
      "a payment put against a bill",
      item("bill.balance_changed", -300_000, {
        feeCode: "rent",
        data: balance({ allocatedDeltaMinor: 300_000 }),
      }),
      ["Dr 2203 300000", "Cr 1122 300000"],
    ],
    [
      "an allocation taken back (its payment reversed)",
      item("bill.balance_changed", 300_000, {
        feeCode: "rent",
        data: balance({ allocatedDeltaMinor: -300_000 }),
      }),
      ["Dr 1122 300000", "Cr 2203 300000"],
    ],
    [
      "a waiver",
      item("bill.balance_changed", -50_000, {
        feeCode: "rent",
        data: balance({ waivedDeltaMinor: 50_000 }),
      }),
      ["Dr 6711 50000", "Cr 1122 50000"],
    ],
    [
      "a bill credited down (resized)",
      item("bill.balance_changed", -10_000, {
        feeCode: "management",
        data: balance({ amountDeltaMinor: -10_000 }),
      }),
      ["Dr 6001 10000", "Cr 1122 10000"],
    ],
    [
      "a cash payment",
      item("payment.recorded", 120_000, { method: "cash" }),
      ["Dr 1001 120000", "Cr 2203 120000"],
    ],
    [
      "a bank transfer (no account of its own: the default cash account)",
      item("payment.recorded", 120_000, { method: "bank_transfer" }),
      ["Dr 1002 120000", "Cr 2203 120000"],
    ],
    [
      "a WeChat payment reversed",
      item("payment.reversed", 120_000, { method: "wechat_pay" }),
      ["Dr 2203 120000", "Cr 1012.01 120000"],
    ],
    [
      "a deposit received",
      item("deposit.received", 1_300_000),
      ["Dr 1002 1300000", "Cr 2241.01 1300000"],
    ],
    [
      "a deposit received in cash",
      item("deposit.received", 1_300_000, { method: "cash" }),
      ["Dr 1001 1300000", "Cr 2241.01 1300000"],
    ],
    [
      "a prepayment paid back by Alipay",
      item("prepayment.refunded", 20_000, { method: "alipay" }),
      ["Dr 2203 20000", "Cr 1012.02 20000"],
    ],
    [
      "a deposit applied to bills",
      item("deposit.applied", -400_000),
      ["Dr 2241.01 400000", "Cr 2203 400000"],
    ],
    [
      "a deposit refunded",
      item("deposit.refunded", -900_000),
      ["Dr 2241.01 900000", "Cr 1002 900000"],
    ],
    [
      "a deposit forfeited",
      item("deposit.forfeited", -900_000),
      ["Dr 2241.01 900000", "Cr 6301.03 900000"],
    ],
  ])("posts %s", (_what, change, expected) => {
    expect(postings(journalOf(change, m))).toEqual(expected);
  });

  it("posts nothing for a change that moves no money, or a kind it does not know", () => {
    expect(journalOf(item("payment.recorded", 0, { method: "cash" }), m)).toEqual([]);
    expect(journalOf(item("bill.overdue", 100), m)).toEqual([]);
  });

  it("posts each part of a balance change that has several", () => {
    const change = item("bill.balance_changed", 0, {
      feeCode: "rent",
      data: balance({ amountDeltaMinor: 1_000, allocatedDeltaMinor: 700, waivedDeltaMinor: 300 }),
    });
    expect(postings(journalOf(change, m))).toEqual([
      "Dr 1122 1000",
      "Cr 6001 1000",
      "Dr 2203 700",
      "Cr 1122 700",
      "Dr 6711 300",
      "Cr 1122 300",
    ]);
  });

  it("uses the organisation's own accounts and names", () => {
    const own: AccountMapping = {
      ...defaultAccountMapping,
      revenueByFee: { rent: { code: "6001.01", name: "租金收入" } },
      cashByMethod: {},
    };
    expect(
      journalOf(item("bill.issued", 100, { feeCode: "rent", data: { kind: "rent" } }), own)[1],
    ).toEqual({
      code: "6001.01",
      name: "租金收入",
      role: "revenue",
      debitMinor: 0,
      creditMinor: 100,
    });
    expect(postings(journalOf(item("payment.recorded", 5, { method: "cash" }), own))).toEqual([
      "Dr 1002 5",
      "Cr 2203 5",
    ]);
  });
});

/**
 * Random histories of one customer's money, played through a model of what billing and payments
 * do (bills issued, resized, waived; payments recorded, put against bills, reversed with their
 * allocations taken back; deposits received, applied through the allocation pool, refunded,
 * forfeited) — the events they would announce, as feed items. Every entry must balance, and the
 * ledger summed by account role must equal what the model holds: receivables = open balances,
 * prepayments = money not yet on a bill, deposits = held, cash = money in minus money out.
 */
describe("journalOf over random histories", () => {
  const op = fc.oneof(
    fc.record({
      op: fc.constant("issue" as const),
      amount: fc.integer({ min: 1, max: 10_000_000 }),
      fee: fc.constantFrom("rent", "management", "late_fee", "deposit", "water"),
      opening: fc.boolean(),
    }),
    fc.record({
      op: fc.constant("resize" as const),
      pick: fc.nat(),
      delta: fc.integer({ min: -5_000_000, max: 5_000_000 }),
    }),
    fc.record({
      op: fc.constant("waive" as const),
      pick: fc.nat(),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    fc.record({
      op: fc.constant("pay" as const),
      amount: fc.integer({ min: 1, max: 20_000_000 }),
      method: fc.constantFrom("cash", "bank_transfer", "wechat_pay", "alipay", "card", "other"),
    }),
    fc.record({ op: fc.constant("reverse" as const), pick: fc.nat() }),
    fc.record({
      op: fc.constant("refund" as const),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
      method: fc.constantFrom("cash", "bank_transfer", "alipay"),
    }),
    fc.record({
      op: fc.constant("depositIn" as const),
      amount: fc.integer({ min: 1, max: 5_000_000 }),
    }),
    fc.record({
      op: fc.constant("depositOut" as const),
      how: fc.constantFrom("applied", "refunded", "forfeited"),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  );

  interface Bill {
    id: string;
    fee: string;
    kind: string;
    amount: number;
    allocated: number;
    waived: number;
  }

  type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

  function play(ops: Op[]) {
    const items: FeedItem[] = [];
    const bills: Bill[] = [];
    const payments: {
      id: string;
      method: string;
      amount: number;
      on: Map<string, number>;
      reversed: boolean;
    }[] = [];
    let pool = 0; // money received and not on a bill
    let held = 0;
    let cash = 0;
    let waived = 0;
    let forfeited = 0;
    let income = 0; // bills' amounts (revenue and opening balances)
    const open = (b: Bill) => b.amount - b.allocated - b.waived;
    const changed = (b: Bill, delta: { amount?: number; allocated?: number; waived?: number }) => {
      b.amount += delta.amount ?? 0;
      b.allocated += delta.allocated ?? 0;
      b.waived += delta.waived ?? 0;
      items.push(
        item(
          "bill.balance_changed",
          (delta.amount ?? 0) - (delta.allocated ?? 0) - (delta.waived ?? 0),
          {
            billId: b.id,
            feeCode: b.fee,
            data: balance(
              {
                amountDeltaMinor: delta.amount ?? 0,
                allocatedDeltaMinor: delta.allocated ?? 0,
                waivedDeltaMinor: delta.waived ?? 0,
              },
              b.kind,
            ),
          },
        ),
      );
    };
    /** Puts pooled money against open bills, oldest first, as billing does; `on` keeps where. */
    const allocate = (limit: number, on?: Map<string, number>) => {
      let left = Math.min(limit, pool);
      for (const b of bills) {
        const take = Math.min(left, open(b));
        if (take <= 0) continue;
        changed(b, { allocated: take });
        pool -= take;
        left -= take;
        on?.set(b.id, (on.get(b.id) ?? 0) + take);
      }
    };
    for (const o of ops) {
      switch (o.op) {
        case "issue": {
          const b: Bill = {
            id: `bil_${bills.length}`,
            fee: o.fee,
            kind: o.opening ? "opening_arrears" : o.fee,
            amount: o.amount,
            allocated: 0,
            waived: 0,
          };
          bills.push(b);
          income += b.amount;
          items.push(
            item("bill.issued", b.amount, { billId: b.id, feeCode: b.fee, data: { kind: b.kind } }),
          );
          break;
        }
        case "resize": {
          const b = bills[o.pick % Math.max(bills.length, 1)];
          if (!b) break;
          const delta = Math.max(o.delta, -open(b));
          if (delta === 0) break;
          income += delta;
          changed(b, { amount: delta });
          break;
        }
        case "waive": {
          const b = bills[o.pick % Math.max(bills.length, 1)];
          const amount = b ? Math.floor(open(b) * o.share) : 0;
          if (!b || amount <= 0) break;
          waived += amount;
          changed(b, { waived: amount });
          break;
        }
        case "pay": {
          const p = {
            id: `pay_${payments.length}`,
            method: o.method,
            amount: o.amount,
            on: new Map<string, number>(),
            reversed: false,
          };
          payments.push(p);
          cash += p.amount;
          pool += p.amount;
          items.push(item("payment.recorded", p.amount, { paymentId: p.id, method: p.method }));
          allocate(p.amount, p.on);
          break;
        }
        case "reverse": {
          const live = payments.filter((p) => !p.reversed);
          const p = live[o.pick % Math.max(live.length, 1)];
          if (!p) break;
          // Billing takes its allocations back; what it had not put on bills leaves the pool.
          for (const [billId, amount] of p.on) {
            const b = bills.find((x) => x.id === billId)!;
            changed(b, { allocated: -amount });
            pool += amount;
          }
          if (pool < p.amount) {
            // The pool was spent on other bills meanwhile: a model history billing would refuse.
            for (const [billId, amount] of p.on) {
              const b = bills.find((x) => x.id === billId)!;
              changed(b, { allocated: amount });
              pool -= amount;
            }
            break;
          }
          p.reversed = true;
          p.on.clear();
          pool -= p.amount;
          cash -= p.amount;
          items.push(item("payment.reversed", p.amount, { paymentId: p.id, method: p.method }));
          break;
        }
        case "refund": {
          // Billing pays back at most the prepayment it holds.
          const amount = Math.floor(pool * o.share);
          if (amount <= 0) break;
          pool -= amount;
          cash -= amount;
          items.push(item("prepayment.refunded", amount, { method: o.method }));
          break;
        }
        case "depositIn": {
          held += o.amount;
          cash += o.amount;
          items.push(item("deposit.received", o.amount));
          break;
        }
        case "depositOut": {
          const amount = Math.floor(held * o.share);
          if (amount <= 0) break;
          held -= amount;
          items.push(item(`deposit.${o.how}`, -amount));
          if (o.how === "applied") {
            pool += amount;
            allocate(amount);
          } else if (o.how === "refunded") cash -= amount;
          else forfeited += amount;
          break;
        }
      }
    }
    const receivables = bills.reduce((sum, b) => sum + open(b), 0);
    return { items, expected: { receivables, pool, held, cash, waived, forfeited, income } };
  }

  it("balances every entry, and the ledger equals what billing and payments hold", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const { items, expected } = play(ops);
        const byRole: Record<string, number> = {};
        for (const change of items) {
          const lines = journalOf(change, defaultAccountMapping);
          let debit = 0;
          let credit = 0;
          for (const line of lines) {
            expect(line.debitMinor >= 0 && line.creditMinor >= 0).toBe(true);
            expect(line.debitMinor === 0 || line.creditMinor === 0).toBe(true);
            expect(Number.isSafeInteger(line.debitMinor + line.creditMinor)).toBe(true);
            debit += line.debitMinor;
            credit += line.creditMinor;
            byRole[line.role] = (byRole[line.role] ?? 0) + line.debitMinor - line.creditMinor;
          }
          expect(debit).toBe(credit);
        }
        const of = (role: string) => byRole[role] ?? 0;
        expect(of("receivables")).toBe(expected.receivables);
        expect(0 - of("prepayments")).toBe(expected.pool);
        expect(0 - of("deposits")).toBe(expected.held);
        expect(of("cash")).toBe(expected.cash);
        expect(of("waivers")).toBe(expected.waived);
        expect(0 - of("forfeited_deposits")).toBe(expected.forfeited);
        expect(0 - (of("revenue") + of("opening_balances"))).toBe(expected.income);
      }),
      { numRuns: 300 },
    );
  });
});
