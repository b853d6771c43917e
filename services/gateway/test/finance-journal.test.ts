import { getTrialBalance } from "@slms/finance/use-cases/get-trial-balance";
import { readChanges } from "@slms/finance/use-cases/read-changes";
import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorld, type World } from "./contract/world.ts";
import { type Harness, startHarness } from "./harness.ts";

// The ERP feed on the real chain: what staff do over HTTP (bills issued by a billing run, a
// payment taken and reversed, a deposit received) reaches the finance service as billing's and
// payments' events, and the journal it keeps agrees to the fen with what billing and payments
// now hold.
let h: Harness;
let world: World;

beforeAll(async () => {
  h = await startHarness("finance_journal");
  world = await buildWorld(h, "JRNL");
  const reversal = await h.api(
    "POST",
    `/api/v1/sites/${world.a.siteId}/payments/${world.a.paymentId}/reversal`,
    {
      token: world.atA.finance,
      body: { reason: "bounced" },
      headers: { "Idempotency-Key": "journal-reversal-1" },
    },
  );
  expect(reversal.status).toBe(200);
}, 180_000);
afterAll(() => h?.close());

describe("the finance feed of real activity", () => {
  it("posts balanced entries whose ledger equals what billing and payments hold", async () => {
    const siteId = world.a.siteId;
    const orgId = (await h.finance.deps.db.feedItem.findFirstOrThrow({ where: { siteId } })).orgId;
    const client = {
      id: "apc_test",
      orgId,
      siteIds: [siteId],
      allSites: false,
      requestsPerMinute: 1,
    };
    const read = () =>
      readChanges(h.finance.deps, client, { cursor: "", pageSize: 1_000, siteId: "" });
    // Events arrive after the requests that caused them.
    const { changes } = await waitFor(async () => {
      const page = await read();
      const kinds = page.changes.map((c) => c.kind);
      return kinds.includes("payment.reversed") && kinds.includes("deposit.received") ? page : null;
    });

    const byRole: Record<string, number> = {};
    for (const change of changes) {
      expect(change.siteId).toBe(siteId);
      let debit = 0;
      let credit = 0;
      for (const line of change.journalLines) {
        debit += Number(line.debit!.amountMinor);
        credit += Number(line.credit!.amountMinor);
        byRole[line.role] =
          (byRole[line.role] ?? 0) +
          Number(line.debit!.amountMinor) -
          Number(line.credit!.amountMinor);
      }
      expect(debit, change.kind).toBe(credit);
    }

    const bills = await h.api("GET", `/api/v1/sites/${siteId}/bills?limit=200`, {
      token: world.atA.finance,
    });
    const open = bills.body.items.reduce(
      (sum: number, b: { balanceMinor: number }) => sum + b.balanceMinor,
      0,
    );
    expect(open).toBeGreaterThan(0);
    expect(byRole.receivables).toBe(open);
    // The deposit of 10,000.00 is held; the cash payment of 1.00 came in and went back out.
    expect(byRole.deposits).toBe(-1_000_000);
    expect(byRole.cash).toBe(1_000_000);
    expect(byRole.prepayments ?? 0).toBe(0);

    const tb = await getTrialBalance(h.finance.deps, client, { siteId, fromDate: "", toDate: "" });
    expect(tb.periodDebit).toEqual(tb.periodCredit);
    expect(Number(tb.throughPosition)).toBeGreaterThanOrEqual(changes.at(-1)!.position as number);
    const receivables = tb.accounts.find((a) => a.accountCode === "1122");
    expect(Number(receivables?.closingBalance?.amountMinor)).toBe(open);
  });
});
