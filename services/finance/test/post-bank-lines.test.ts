import type { Caller } from "@slms/grpc";
import { todayIn } from "@slms/primitives";
import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EdgeClient } from "../src/domain/edge-caller.ts";
import { dismissBankLine } from "../src/use-cases/dismiss-bank-line.ts";
import { listBankLines } from "../src/use-cases/list-bank-lines.ts";
import { type PostBankLinesInput, postBankLines } from "../src/use-cases/post-bank-lines.ts";
import { resolveBankLine } from "../src/use-cases/resolve-bank-line.ts";
import { failureOf, type Harness, startHarness } from "./harness.ts";

// Bank statement lines from an ERP client, on the real payments and billing services: lines
// that name a bill, lease or customer become payments once, however often they are posted; the
// rest wait for a cashier, who makes them a payment (once) or sets them aside.
let h: Harness;
let poster: EdgeClient;
let a: { unitId: string; customerId: string; leaseId: string };
let b: { unitId: string; customerId: string; leaseId: string };
let billA: string;
let billB: string;
let sequence = 0;

const today = () => todayIn("Asia/Shanghai", new Date());
const line = (reference: string, extra: Partial<PostBankLinesInput["lines"][number]> = {}) => ({
  lineId: `BOC-${Date.now()}-${++sequence}`,
  amount: { currencyCode: "CNY", amountMinor: 120_000 },
  valueDate: today(),
  payerName: "王伟",
  // An account of its own: an account paid from before is matched on (tested below).
  payerAccount: `6222 0000 ${String(sequence).padStart(4, "0")} 2222`,
  reference,
  ...extra,
});
const post = (lines: PostBankLinesInput["lines"], client = poster, siteId = h.siteA) =>
  postBankLines(h.deps, client, { siteId, lines });

/** Activates the site's seeded lease and bills it up to today; the first bill's id. */
async function billed(siteId: string, leaseId: string): Promise<string> {
  const owners = h.deps.owners();
  await h.contracts.ActivateLease({ siteId, id: leaseId }, { caller: h.hq });
  return waitFor(async () => {
    await owners.billing.StartBillingRun(
      { siteId, targetDate: today(), dryRun: false, wait: true },
      { caller: h.hq },
    );
    const { bills } = await owners.billing.ListBills(
      { siteId, pageSize: 10, leaseId },
      { caller: h.hq },
    );
    return bills[0]?.id;
  });
}

const paymentsOf = async (siteId: string, customerId: string) =>
  (
    await h.deps
      .owners()
      .payments.ListPayments({ siteId, pageSize: 100, customerId }, { caller: h.hq })
  ).payments;

const cashier = (): Caller => ({
  actor: "usr_cashier_a",
  orgId: h.orgId,
  siteIds: [h.siteA],
  roles: ["cashier"],
});

beforeAll(async () => {
  h = await startHarness("bank_lines", { edge: false });
  a = await h.seedSite(h.siteA, 1);
  b = await h.seedSite(h.siteB, 2);
  [billA, billB] = await Promise.all([billed(h.siteA, a.leaseId), billed(h.siteB, b.leaseId)]);
  poster = (await h.newApiClient({ siteIds: [h.siteA], canPost: true })).edge;
}, 120_000);
afterAll(() => h?.close());

describe("postBankLines", () => {
  it("makes a line naming a bill a payment to that bill, once however often it is posted", async () => {
    const posted = line(`房租 ${billA} 王伟`);
    const [first] = await post([posted]);
    expect(first).toMatchObject({
      siteId: h.siteA,
      lineId: posted.lineId,
      status: "matched",
      matchedBy: "bill",
      customerId: a.customerId,
    });
    expect(first!.paymentId).toMatch(/^pay_/);
    expect(first!.receiptNumber).not.toBe("");
    const again = await Promise.all([1, 2, 3, 4, 5].map(() => post([posted])));
    for (const [result] of again) expect(result).toEqual(first);

    const payments = (await paymentsOf(h.siteA, a.customerId)).filter(
      (p) => p.reference === posted.lineId,
    );
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      id: first!.paymentId,
      method: "PAYMENT_METHOD_BANK_TRANSFER",
      amountMinor: 120_000,
    });
    expect(payments[0]!.allocations.map((x) => x.billId)).toContain(billA);
  });

  it("matches a line naming a lease, or a customer, of the site", async () => {
    const [byLease, byCustomer] = await post([
      line(`lease ${a.leaseId}`),
      line(`客户 ${a.customerId.toLowerCase()}`),
    ]);
    expect(byLease).toMatchObject({
      status: "matched",
      matchedBy: "lease",
      customerId: a.customerId,
    });
    expect(byCustomer).toMatchObject({
      status: "matched",
      matchedBy: "customer",
      customerId: a.customerId,
    });
  });

  it("matches a line naming a lease's contract number, as a whole word", async () => {
    const [named, runOn] = await post([
      line("十二月房租 合同号ht-2026-001 王伟"),
      line("房租 HT-2026-0011"),
    ]);
    expect(named).toMatchObject({
      status: "matched",
      matchedBy: "contract_number",
      customerId: a.customerId,
    });
    const row = await h.deps.db.bankLine.findFirstOrThrow({ where: { lineId: named!.lineId } });
    expect(row.leaseId).toBe(a.leaseId);
    expect(runOn).toMatchObject({ status: "unmatched" });
    // Site B's lease HT-2026-002 is not site A's.
    const [elsewhere] = await post([line("房租 HT-2026-002")]);
    expect(elsewhere).toMatchObject({ status: "unmatched" });
  });

  it("matches a line by its payer account when the account paid one customer of the site before", async () => {
    // Customers of their own (their payments go to prepayment): customer A's bills stay as the
    // other tests expect them.
    const [one, two] = [await h.seedSite(h.siteA, 3), await h.seedSite(h.siteA, 4)];
    const account = "6217 8800 0000 4321";
    const [first] = await post([line(`客户 ${one.customerId}`, { payerAccount: account })]);
    expect(first).toMatchObject({ status: "matched", matchedBy: "customer" });
    // Written otherwise by the bank, and naming nothing: the account is customer one's.
    const [again] = await post([line("十二月租金", { payerAccount: "6217-8800-0000-4321" })]);
    expect(again).toMatchObject({
      status: "matched",
      matchedBy: "payer_account",
      customerId: one.customerId,
    });
    expect(
      (await paymentsOf(h.siteA, one.customerId)).filter((p) => p.reference === again!.lineId),
    ).toHaveLength(1);
    // Not at another site, even for a client that may post there.
    const both = (await h.newApiClient({ siteIds: [h.siteA, h.siteB], canPost: true })).edge;
    const [elsewhere] = await post([line("房租", { payerAccount: account })], both, h.siteB);
    expect(elsewhere).toMatchObject({ status: "unmatched", customerId: "" });
    // An account that paid a second customer is shared: matched on no more.
    await post([line(`客户 ${two.customerId}`, { payerAccount: account })]);
    const [shared] = await post([line("一月租金", { payerAccount: account })]);
    expect(shared).toMatchObject({ status: "unmatched", matchedBy: "" });
    // Too short to identify anyone.
    await post([line(`客户 ${one.customerId}`, { payerAccount: "12-34" })]);
    const [short] = await post([line("租金", { payerAccount: "12-34" })]);
    expect(short).toMatchObject({ status: "unmatched" });
  });

  it("leaves unmatched a line naming nothing, or another site's bill", async () => {
    const results = await post([line("十一月租金"), line(`rent ${billB}`)]);
    expect(results.map((r) => r.status)).toEqual(["unmatched", "unmatched"]);
    expect(results.map((r) => r.paymentId)).toEqual(["", ""]);
    expect(await paymentsOf(h.siteB, b.customerId)).toEqual([]);
  });

  it.each([
    [
      "another currency",
      { amount: { currencyCode: "USD", amountMinor: 1 } },
      "lines.0.amount.currencyCode",
    ],
    ["no amount", { amount: null }, "lines.0.amount"],
    [
      "a zero amount",
      { amount: { currencyCode: "CNY", amountMinor: 0 } },
      "lines.0.amount.amountMinor",
    ],
    ["a value date after today", { valueDate: "2099-01-01" }, "lines.0.valueDate"],
    ["an impossible date", { valueDate: "2026-02-30" }, "lines.0.valueDate"],
    ["an empty line id", { lineId: " " }, "lines.0.lineId"],
    ["a control character", { reference: "a\u0000b" }, "lines.0.reference"],
    ["a reference too long", { reference: "x".repeat(201) }, "lines.0.reference"],
  ])("refuses %s, naming the field, and writes nothing", async (_what, extra, field) => {
    const before = await h.deps.db.bankLine.count();
    const failure = await failureOf(post([line("x", extra as never)]));
    expect(failure.kind).toBe("invalid");
    expect(failure.fields).toContain(field);
    expect(await h.deps.db.bankLine.count()).toBe(before);
  });

  it("refuses a line id given twice, and one posted before with other content", async () => {
    const twice = line("x");
    expect((await failureOf(post([twice, { ...twice }]))).fields).toContain("lines.1.lineId");
    const posted = line("十二月");
    await post([posted]);
    const before = await h.deps.db.bankLine.count();
    const changed = await failureOf(
      post([line("y"), { ...posted, amount: { currencyCode: "CNY", amountMinor: 1 } }]),
    );
    expect(changed).toMatchObject({ kind: "conflict", fields: ["lines.1.lineId"] });
    expect(await h.deps.db.bankLine.count()).toBe(before);
  });

  it("refuses a read-only client, and a site out of the client's scope as not found", async () => {
    const reader = (await h.newApiClient({ siteIds: [h.siteA] })).edge;
    expect((await failureOf(post([line("x")], reader))).kind).toBe("forbidden");
    expect((await failureOf(post([line("x")], poster, h.siteB))).kind).toBe("not_found");
    expect((await failureOf(post([line("x")], poster, h.foreignSite))).kind).toBe("not_found");
  });
});

describe("the unmatched queue", () => {
  it("is resolved by a cashier into one payment, or dismissed with a note", async () => {
    const payLine = line("转账 王伟");
    const [toPay, toDismiss] = await post([payLine, line("退回款项")]);
    const queue = await listBankLines(h.deps, cashier(), {
      siteId: h.siteA,
      status: "unmatched",
      pageSize: 0,
      pageToken: "",
    });
    const waiting = queue.lines.filter((l) =>
      [toPay!.lineId, toDismiss!.lineId].includes(l.lineId),
    );
    expect(waiting).toHaveLength(2);
    const payId = waiting.find((l) => l.lineId === toPay!.lineId)!.id;
    const dismissId = waiting.find((l) => l.lineId === toDismiss!.lineId)!.id;

    // Another site's customer, or a lease of another customer: refused by their owners, and the
    // line still waits.
    for (const [customerId, leaseId] of [
      [b.customerId, ""],
      [a.customerId, b.leaseId],
    ] as const) {
      const refused = await failureOf(
        resolveBankLine(h.deps, cashier(), {
          siteId: h.siteA,
          id: payId,
          customerId,
          leaseId,
          billIds: [],
          recordedByName: "",
        }),
      );
      expect(refused.kind).toBe("not_found");
    }
    expect((await h.deps.db.bankLine.findUniqueOrThrow({ where: { id: payId } })).status).toBe(
      "unmatched",
    );
    const resolve = () =>
      resolveBankLine(h.deps, cashier(), {
        siteId: h.siteA,
        id: payId,
        customerId: a.customerId,
        leaseId: a.leaseId,
        billIds: [billA],
        recordedByName: "收银员",
      });
    const resolved = await resolve();
    expect(resolved).toMatchObject({
      status: "resolved",
      matchedBy: "cashier",
      customerId: a.customerId,
      resolvedBy: "usr_cashier_a",
    });
    expect(await resolve()).toEqual(resolved);
    expect(
      (await paymentsOf(h.siteA, a.customerId)).filter((p) => p.reference === toPay!.lineId),
    ).toHaveLength(1);
    // The ERP posting the line again sees the cashier's payment.
    const [reposted] = await post([payLine]);
    expect(reposted).toMatchObject({ status: "resolved", paymentId: resolved.paymentId });

    const dismissed = await dismissBankLine(h.deps, cashier(), {
      siteId: h.siteA,
      id: dismissId,
      note: "not our money",
    });
    expect(dismissed).toMatchObject({ status: "dismissed", note: "not our money" });
    const late = await failureOf(
      resolveBankLine(h.deps, cashier(), {
        siteId: h.siteA,
        id: dismissId,
        customerId: a.customerId,
        leaseId: "",
        billIds: [],
        recordedByName: "",
      }),
    );
    expect(late.kind).toBe("conflict");
    expect(
      (
        await failureOf(
          dismissBankLine(h.deps, cashier(), { siteId: h.siteA, id: payId, note: "x" }),
        )
      ).kind,
    ).toBe("conflict");
  });

  it("is not seen or worked from another site", async () => {
    const [waiting] = await post([line("无法识别")]);
    const row = await h.deps.db.bankLine.findFirstOrThrow({ where: { lineId: waiting!.lineId } });
    const siteB: Caller = { ...cashier(), siteIds: [h.siteB] };
    const list = listBankLines(h.deps, siteB, {
      siteId: h.siteA,
      status: "",
      pageSize: 0,
      pageToken: "",
    });
    expect((await failureOf(list)).kind).toBe("not_found");
    for (const siteId of [h.siteA, h.siteB]) {
      const outcome = await failureOf(
        dismissBankLine(h.deps, siteB, { siteId, id: row.id, note: "x" }),
      );
      expect(outcome.kind).toBe("not_found");
    }
  });
});
