import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocatePendingPayments } from "../src/use-cases/allocate-pending-payments.ts";
import { expectError, type Harness, receiptSeq, startHarness } from "./harness.ts";

// Billing is down at first: payments must be taken anyway (allocation pending), numbered without
// gaps, and allocated once billing is back.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("pay_numbers", { billing: "down" });
});

afterAll(async () => {
  await h?.close();
});

const record = (overrides: Parameters<Harness["paymentRequest"]>[1] = {}, siteId = h.siteId) =>
  h.payments
    .RecordPayment(h.paymentRequest(siteId, overrides), { caller: h.callers.hq })
    .then((r) => r.payment!);

describe("receipt numbers", () => {
  it("numbers 50 concurrent payments of a site 1..50: no gaps, no duplicates", async () => {
    const payments = await Promise.all(
      Array.from({ length: 50 }, (_, i) => record({ amountMinor: 100 + i })),
    );
    const seqs = payments.map(receiptSeq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(payments.map((p) => p.receiptNumber)).size).toBe(50);
    expect(payments[0]!.receiptNumber).toMatch(/^SH-GARDEN-0000\d\d$/);
    // Billing is down: every payment stands, its allocation pending.
    expect(payments.every((p) => p.status === "recorded" && p.allocations.length === 0)).toBe(true);
    expect(await h.db.payment.count({ where: { allocationStatus: "pending" } })).toBe(50);
  });

  it("gives 100 concurrent identical requests one payment and one number", async () => {
    const request = h.paymentRequest(h.siteId, { amountMinor: 88_800, payer: "李四" });
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        h.payments.RecordPayment(request, { caller: h.callers.cashierA }).then((r) => r.payment!),
      ),
    );
    expect(new Set(answers.map((p) => p.id)).size).toBe(1);
    expect(new Set(answers.map((p) => p.receiptNumber))).toEqual(new Set(["SH-GARDEN-000051"]));
    expect(await h.db.payment.count({ where: { requestId: request.requestId } })).toBe(1);
    // The 99 losers took numbers inside their transactions and rolled them back: no gap follows.
    const next = await record();
    expect(receiptSeq(next)).toBe(52);
  });

  it("refuses the same request id with a different body, naming requestId", async () => {
    const request = h.paymentRequest(h.siteId, { amountMinor: 5_000 });
    const first = (await h.payments.RecordPayment(request, { caller: h.callers.hq })).payment!;
    const again = (await h.payments.RecordPayment(request, { caller: h.callers.hq })).payment!;
    expect(again).toEqual(first);
    await expectError(
      h.payments.RecordPayment({ ...request, amountMinor: 5_001 }, { caller: h.callers.hq }),
      "conflict",
      ["requestId"],
    );
    await expectError(
      h.payments.RecordPayment({ ...request, payer: "王五" }, { caller: h.callers.hq }),
      "conflict",
      ["requestId"],
    );
  });

  it("spends no number on a refused payment, and numbers each site on its own", async () => {
    const before = await h.db.receiptCounter.findUniqueOrThrow({ where: { siteId: h.siteId } });
    await expectError(record({ amountMinor: 0 }), "invalid", ["amountMinor"]);
    await expectError(record({}, "sit_not_mine"), "not_found");
    const other = await record({}, h.otherSiteId);
    expect(other.receiptNumber).toBe("BJ-TOWER-000001");
    const next = await record();
    expect(receiptSeq(next)).toBe(before.lastNumber + 1);
    const seqs = (await h.db.payment.findMany({ where: { siteId: h.siteId } })).map(
      (p) => p.receiptSeq,
    );
    expect(seqs.sort((a, b) => a - b)).toEqual(
      Array.from({ length: seqs.length }, (_, i) => i + 1),
    );
  });

  it("allocates the pending payments once billing is back, each once", async () => {
    const pending = await h.db.payment.count({ where: { allocationStatus: "pending" } });
    expect(pending).toBeGreaterThan(50);
    expect(await allocatePendingPayments(h.service.deps)).toMatchObject({ allocated: 0 });
    // Chosen bills cannot be checked while billing is down; the payment is taken anyway.
    const chosen = await record({ billIds: ["bil_long_gone"], amountMinor: 7_700 });
    expect(chosen.status).toBe("recorded");
    // Reversal needs billing: while it is down nothing changes.
    const victim = await h.db.payment.findFirstOrThrow({
      where: { siteId: h.siteId },
      orderBy: { receiptSeq: "asc" },
    });
    const reverse = () =>
      h.payments.ReversePayment(
        { siteId: h.siteId, id: victim.id, reason: "录错金额 wrong amount" },
        { caller: h.callers.hq },
      );
    await expectError(reverse(), "unavailable");
    expect((await h.db.payment.findUniqueOrThrow({ where: { id: victim.id } })).status).toBe(
      "recorded",
    );
    await h.startBilling();
    // Billing never allocated it: the reversal has nothing to undo, and the job leaves it alone.
    const { payment: reversed } = await waitFor(() => reverse().catch(() => null), {
      timeoutMs: 10_000,
      description: "billing to answer the reversal",
    });
    expect(reversed).toMatchObject({ status: "reversed", allocations: [], prepaidMinor: 0 });
    const later = () => new Date(Date.now() + 60_000);
    const deps = { ...h.service.deps, clock: later };
    await waitFor(
      async () => {
        await Promise.all([allocatePendingPayments(deps), allocatePendingPayments(deps)]);
        const left = await h.db.payment.count({
          where: { allocationStatus: "pending", status: "recorded" },
        });
        return left === 0;
      },
      { timeoutMs: 30_000, description: "every pending payment to be allocated" },
    );
    // No bills for these customers: billing made every payment prepayment, exactly once.
    const payments = await h.db.payment.findMany({
      where: { siteId: h.siteId, status: "recorded" },
    });
    expect(payments.every((p) => p.allocationStatus === "allocated")).toBe(true);
    expect(payments.every((p) => p.prepaidMinor === p.amountMinor)).toBe(true);
    // Billing refused the stale choice: allocated oldest due first instead, and noted for staff.
    const fallback = await h.db.payment.findUniqueOrThrow({ where: { id: chosen.id } });
    expect(fallback).toMatchObject({ allocationStatus: "allocated", prepaidMinor: 7_700n });
    expect(fallback.allocationError).toContain("the chosen bills could not be paid");
    const left = await h.db.payment.findUniqueOrThrow({ where: { id: victim.id } });
    expect(left).toMatchObject({
      status: "reversed",
      allocationStatus: "pending",
      prepaidMinor: null,
    });
    // Billing holds each payment once: the customer's prepayment at the site is the sum of their
    // payments there, not more. (Prepayment is kept per site: the other site's is not refundable here.)
    const walkIns = await h.db.payment.findMany({
      where: { customerId: h.walkIn.siteA, siteId: h.siteId, status: "recorded" },
    });
    const total = walkIns.reduce((sum, p) => sum + Number(p.amountMinor), 0);
    const refund = (amountMinor: number) =>
      h.payments.RefundPrepayment(
        {
          siteId: h.siteId,
          requestId: `usr_hq:refund-${amountMinor}`,
          customerId: h.walkIn.siteA,
          amountMinor,
          method: "PAYMENT_METHOD_CASH",
          reason: "balance check",
        },
        { caller: h.callers.hq },
      );
    await expectError(refund(total + 1), "invalid", ["amountMinor"]);
    expect((await refund(total)).remainingPrepaymentMinor).toBe(0);
  });

  it("announces each payment once, through the outbox", async () => {
    await h.settled();
    const recorded = h.events.filter((e) => e.type === "payments.payment.recorded");
    const count = await h.db.payment.count();
    expect(recorded).toHaveLength(count);
    expect(new Set(recorded.map((e) => e.data.paymentId)).size).toBe(count);
    expect(recorded[0]!.data).toMatchObject({ currency: "CNY", method: "cash" });
  });
});
