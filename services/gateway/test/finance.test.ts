import { getTrialBalance } from "@slms/finance/use-cases/get-trial-balance";
import { postBankLines } from "@slms/finance/use-cases/post-bank-lines";
import { readChanges } from "@slms/finance/use-cases/read-changes";
import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorld, type World } from "./contract/world.ts";
import { type Harness, startHarness } from "./harness.ts";

// The ERP edge on the real chain. The feed: what staff do over HTTP (bills issued by a billing
// run, a payment taken and reversed, a deposit received) reaches the finance service as billing's
// and payments' events, and the journal it keeps agrees to the fen with what billing and payments
// now hold. Bank lines: what the ERP posts and cannot be matched waits for the site's cashiers,
// who work it over HTTP.
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
      canPost: false,
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

describe("bank lines an ERP posted, at the front desk", () => {
  const poster = async () => {
    const siteId = world.a.siteId;
    const orgId = (await h.finance.deps.db.feedItem.findFirstOrThrow({ where: { siteId } })).orgId;
    return {
      id: "apc_bank",
      orgId,
      siteIds: [siteId],
      allSites: false,
      canPost: true,
      requestsPerMinute: 1,
    };
  };
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  const post = async (lineId: string, reference: string) =>
    postBankLines(h.finance.deps, await poster(), {
      siteId: world.a.siteId,
      lines: [
        {
          lineId,
          amount: { currencyCode: "CNY", amountMinor: 88_800 },
          valueDate: today,
          payerName: "王伟",
          payerAccount: "6222",
          reference,
        },
      ],
    });
  const path = (suffix = "") => `/api/v1/sites/${world.a.siteId}/bank-lines${suffix}`;

  it("lists the unmatched lines to the site's staff; a cashier makes one a payment, once", async () => {
    const [posted] = await post("ICBC-0001", "十二月房租");
    expect(posted?.status).toBe("unmatched");
    const queue = await h.api("GET", path("?status=unmatched"), { token: world.atA.cashier });
    expect(queue.status).toBe(200);
    const line = queue.body.items.find((l: { lineId: string }) => l.lineId === "ICBC-0001");
    expect(line).toMatchObject({
      amountMinor: 88_800,
      currency: "CNY",
      status: "unmatched",
      paymentId: null,
    });

    const resolve = () =>
      h.api("POST", path(`/${line.id}/resolution`), {
        token: world.atA.cashier,
        body: { customerId: world.a.customerId, billIds: [world.a.billId] },
      });
    const resolved = await resolve();
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: "resolved",
      matchedBy: "cashier",
      customerId: world.a.customerId,
    });
    expect((await resolve()).body).toEqual(resolved.body);

    const payment = await h.api(
      "GET",
      `/api/v1/sites/${world.a.siteId}/payments/${resolved.body.paymentId}`,
      {
        token: world.atA.cashier,
      },
    );
    expect(payment.body).toMatchObject({
      amountMinor: 88_800,
      method: "bank_transfer",
      reference: "ICBC-0001",
    });
    const ofLine = await h.api(
      "GET",
      `/api/v1/sites/${world.a.siteId}/payments?customerId=${world.a.customerId}&limit=100`,
      { token: world.atA.cashier },
    );
    expect(
      ofLine.body.items.filter((p: { reference: string | null }) => p.reference === "ICBC-0001"),
    ).toHaveLength(1);
  });

  it("is dismissed with a note; refused to a clerk, hidden from another site's staff", async () => {
    const [posted] = await post("ICBC-0002", "unknown");
    const row = await h.finance.deps.db.bankLine.findFirstOrThrow({
      where: { lineId: posted!.lineId },
    });
    const dismiss = (token: string, body: object = { note: "退回付款人" }) =>
      h.api("POST", path(`/${row.id}/dismissal`), { token, body });
    expect((await dismiss(world.atA.clerk)).status).toBe(403);
    expect((await dismiss(world.atB.cashier)).status).toBe(404);
    expect((await h.api("GET", path(), { token: world.atB.cashier })).status).toBe(404);
    expect((await dismiss(world.atA.cashier, { note: "" })).status).toBe(400);
    const dismissed = await dismiss(world.atA.cashier);
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({
      status: "dismissed",
      note: "退回付款人",
      paymentId: null,
    });
    const late = await h.api("POST", path(`/${row.id}/resolution`), {
      token: world.atA.cashier,
      body: { customerId: world.a.customerId },
    });
    expect(late.status).toBe(409);
  });
});
