import { type EventEnvelope, EventTypes } from "@slms/contracts";
import type { TrialBalance } from "@slms/contracts/finance";
import { todayIn } from "@slms/primitives";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EdgeClient } from "../src/domain/edge-caller.ts";
import { getTrialBalance } from "../src/use-cases/get-trial-balance.ts";
import { readChanges } from "../src/use-cases/read-changes.ts";
import { recordChange } from "../src/use-cases/record-change.ts";
import { failureOf, type Harness, startHarness } from "./harness.ts";
import { billAllocated, billIssued, depositEntry, payment } from "./money-events.ts";

let h: Harness;
let client: EdgeClient;

/** The event as if it had happened at `instant`. */
const at = (instant: string, event: EventEnvelope): EventEnvelope => ({
  ...event,
  occurredAt: instant,
});

beforeAll(async () => {
  h = await startHarness("trial_balance", { edge: false });
  client = (await h.newApiClient({ allSites: true })).edge;
  const a = { orgId: h.orgId, siteId: h.siteA };
  const b = { orgId: h.orgId, siteId: h.siteB };
  // Site A is in Asia/Shanghai (UTC+8): the period February 2026 there is
  // 2026-01-31T16:00Z up to 2026-02-28T16:00Z.
  for (const event of [
    // 31 January 23:30 at the site: before the period.
    at("2026-01-31T15:30:00.000Z", billIssued(a, "bil_1", 650_000)),
    // 1 February 00:30 at the site (still 31 January in UTC): in the period.
    at("2026-01-31T16:30:00.000Z", payment(a, EventTypes.PaymentRecorded, "pay_1", 300_000)),
    at("2026-01-31T16:30:00.000Z", billAllocated(a, "bil_1", 300_000)),
    // 28 February 23:59:59 at the site: the period's last second.
    at("2026-02-28T15:59:59.000Z", depositEntry(a, "received", 1_300_000)),
    // 1 March 00:00 at the site: after the period.
    at("2026-02-28T16:00:00.000Z", payment(a, EventTypes.PaymentRecorded, "pay_2", 5_000)),
    // Another site's bill, in the period: never in A's balance.
    at("2026-02-10T02:00:00.000Z", billIssued(b, "bil_b", 999_999)),
  ]) {
    await recordChange(h.deps, event);
  }
});
afterAll(() => h?.close());

const balance = (request: Partial<{ siteId: string; fromDate: string; toDate: string }>) =>
  getTrialBalance(h.deps, client, { siteId: h.siteA, fromDate: "", toDate: "", ...request });

/** code → [opening, debit, credit, closing] */
const rows = (tb: TrialBalance) =>
  Object.fromEntries(
    tb.accounts.map((a) => [
      a.accountCode,
      [
        a.openingBalance!.amountMinor,
        a.periodDebit!.amountMinor,
        a.periodCredit!.amountMinor,
        a.closingBalance!.amountMinor,
      ].map(Number),
    ]),
  );

describe("getTrialBalance", () => {
  it("balances a period of the site's civil dates, with the balance brought forward", async () => {
    const tb = await balance({ fromDate: "2026-02-01", toDate: "2026-02-28" });
    expect(rows(tb)).toEqual({
      // Receivables: the January bill brought forward, the February payment put against it.
      "1122": [650_000, 0, 300_000, 350_000],
      // Bank (bank transfers and deposits, default mapping).
      "1002": [0, 1_600_000, 0, 1_600_000],
      // Prepayments: the payment in, then onto the bill.
      "2203": [0, 300_000, 300_000, 0],
      "2241.01": [0, 0, 1_300_000, -1_300_000],
      "6001": [-650_000, 0, 0, -650_000],
    });
    expect(tb.accounts.find((a) => a.accountCode === "1122")?.accountName).toBe("应收账款");
    expect(tb.periodDebit).toEqual({ currencyCode: "CNY", amountMinor: 1_900_000 });
    expect(tb.periodCredit).toEqual({ currencyCode: "CNY", amountMinor: 1_900_000 });
    expect(tb).toMatchObject({ siteId: h.siteA, fromDate: "2026-02-01", toDate: "2026-02-28" });
    expect(Number(tb.throughPosition)).toBe(6);
    for (const row of tb.accounts) expect(row.siteId).toBe(h.siteA);
  });

  it("equals the sum of the site's feed: its journal lines posted on the period's dates", async () => {
    const { changes } = await readChanges(h.deps, client, {
      cursor: "",
      pageSize: 1_000,
      siteId: h.siteA,
    });
    const sums: Record<string, number[]> = {};
    for (const change of changes) {
      const posted = todayIn("Asia/Shanghai", new Date(change.occurredAt));
      if (posted > "2026-02-28") continue;
      for (const line of change.journalLines) {
        sums[line.accountCode] ??= [0, 0, 0, 0];
        const row = sums[line.accountCode]!;
        const debit = Number(line.debit!.amountMinor);
        const credit = Number(line.credit!.amountMinor);
        if (posted < "2026-02-01") row[0]! += debit - credit;
        else {
          row[1]! += debit;
          row[2]! += credit;
        }
        row[3]! += debit - credit;
      }
    }
    const tb = await balance({ fromDate: "2026-02-01", toDate: "2026-02-28" });
    expect(rows(tb)).toEqual(sums);
  });

  it("counts from the first change without from_date, and up to today at the site without to_date", async () => {
    const tb = await balance({});
    expect(tb.fromDate).toBe("2000-01-01");
    expect(tb.toDate).toBe(todayIn("Asia/Shanghai", new Date()));
    expect(rows(tb)["1122"]).toEqual([0, 650_000, 300_000, 350_000]);
    // The March payment is in too.
    expect(rows(tb)["1002"]).toEqual([0, 1_605_000, 0, 1_605_000]);
    expect(tb.periodDebit).toEqual(tb.periodCredit);
  });

  it("answers an empty balance for a period without changes", async () => {
    const tb = await balance({ fromDate: "2025-01-01", toDate: "2025-01-31" });
    expect(tb.accounts).toEqual([]);
    expect(tb.periodDebit).toEqual({ currencyCode: "CNY", amountMinor: 0 });
  });

  it.each([
    [{ fromDate: "2026-03-01", toDate: "2026-02-01" }, ["from_date"]],
    [{ toDate: "2026-02-30" }, ["to_date"]],
    [{ fromDate: "1999-12-31" }, ["from_date"]],
    [{ fromDate: "2026/02/01" }, ["from_date"]],
  ])("refuses %j naming %j", async (request, fields) => {
    expect(await failureOf(balance(request))).toMatchObject({ kind: "invalid", fields });
  });

  it("is NOT_FOUND for a site outside the client's scope", async () => {
    const scoped = (await h.newApiClient({ siteIds: [h.siteB] })).edge;
    const outcome = await failureOf(
      getTrialBalance(h.deps, scoped, { siteId: h.siteA, fromDate: "", toDate: "" }),
    );
    expect(outcome.kind).toBe("not_found");
  });
});
