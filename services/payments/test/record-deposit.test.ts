import { randomUUID } from "node:crypto";
import type { Caller } from "@slms/grpc";
import { MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Harness, startHarness } from "./harness.ts";

// recordDeposit (use-cases/record-deposit.ts): a deposit is for a lease of the request's site,
// paid by that lease's customer, while the lease has not ended; amounts, times and text bounded.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("pay_record_deposit");
});

afterAll(async () => {
  await h?.close();
});

type DepositRequest = Parameters<Harness["payments"]["RecordDeposit"]>[0];
const deposit = (
  named: { leaseId: string; customerId: string },
  overrides: Partial<DepositRequest> = {},
  caller: Caller = h.callers.cashierA,
) =>
  h.payments.RecordDeposit(
    {
      siteId: h.siteId,
      requestId: `usr_cashier_a:${randomUUID()}`,
      leaseId: named.leaseId,
      customerId: named.customerId,
      method: "PAYMENT_METHOD_BANK_TRANSFER",
      amountMinor: 600_000,
      receivedAt: "2026-01-02T10:00:00+08:00",
      reference: "押金 TX-1",
      ...overrides,
    },
    { caller },
  );
const accounts = (leaseId: string) => h.db.depositAccount.count({ where: { leaseId } });

describe("recordDeposit", () => {
  it("refuses a lease that does not exist or is of another site, and a customer who is not the lease's", async () => {
    const leaseA = await h.lease({ months: 12, rentMinor: 300_000 });
    const leaseB = await h.lease({ months: 12, rentMinor: 300_000, siteId: h.otherSiteId });
    const otherCustomerA = await h.customer();

    // A lease id nobody issued.
    await expectError(
      deposit({ leaseId: "lea_does_not_exist", customerId: leaseA.customerId }),
      "not_found",
    );
    // Site B's lease through site A (even naming site B's customer, or site A's).
    const cross = await expectError(deposit(leaseB, { amountMinor: 1 }), "not_found", [
      "customerId",
    ]);
    expect(cross.details).toEqual([
      { field: "customerId", message: "is not a customer of this site" },
    ]);
    await expectError(
      deposit({ leaseId: leaseB.leaseId, customerId: leaseA.customerId }, { amountMinor: 1 }),
      "not_found",
    );
    // Site A's lease with another customer of site A, or with site B's customer.
    const intruder = await expectError(
      deposit({ leaseId: leaseA.leaseId, customerId: otherCustomerA }),
      "not_found",
      ["customerId"],
    );
    expect(intruder.details[0]!.message).toBe("is not the customer of this lease");
    await expectError(
      deposit({ leaseId: leaseA.leaseId, customerId: leaseB.customerId }),
      "not_found",
      ["customerId"],
    );
    expect(await accounts(leaseB.leaseId)).toBe(0);
    expect(await accounts(leaseA.leaseId)).toBe(0);

    // Site B takes its lease's real deposit; the site-A attempts left nothing in the way.
    const taken = await deposit(leaseB, { siteId: h.otherSiteId }, h.callers.cashierB);
    expect(taken.heldMinor).toBe(600_000);
    expect((await deposit(leaseA)).heldMinor).toBe(600_000);
  });

  it("takes a deposit while the lease is a draft or active, not once it ended", async () => {
    const draft = await h.lease({ months: 12, rentMinor: 100_000, activate: false });
    expect((await deposit(draft, { amountMinor: 200_000 })).heldMinor).toBe(200_000);

    const ended = await h.lease({
      months: 1,
      leaseMonths: 3,
      rentMinor: 100_000,
      penalty: { kind: "none" },
    });
    await h.terminate(ended.leaseId, "2026-01-31");
    const error = await expectError(deposit(ended), "conflict", ["leaseId"]);
    expect(error.message).toContain("terminated");
  });

  it("bounds the amount, what is held, and when the money was received", async () => {
    const lease = await h.lease({ months: 12, rentMinor: 100_000 });
    for (const amountMinor of [2 ** 53, 2 ** 53 - 1, MAX_AMOUNT_MINOR + 1, 0, -1]) {
      await expectError(deposit(lease, { amountMinor }), "invalid", ["amountMinor"]);
    }
    const now = Date.now();
    for (const receivedAt of [
      "0000-01-01T00:00:00Z",
      "1999-12-31T23:59:59Z",
      "2100-01-01T00:00:00Z",
      new Date(now + 25 * 3_600_000).toISOString(),
      "2026-02-30T10:00:00+08:00",
    ]) {
      await expectError(deposit(lease, { receivedAt }), "invalid", ["receivedAt"]);
    }
    expect(await accounts(lease.leaseId)).toBe(0);

    // A day's drift of a till's clock is accepted; the largest amount is, once.
    await deposit(lease, { receivedAt: new Date(now + 23 * 3_600_000).toISOString() });
    const full = await deposit(lease, { amountMinor: MAX_AMOUNT_MINOR - 600_000 });
    expect(full.heldMinor).toBe(MAX_AMOUNT_MINOR);
    await expectError(deposit(lease, { amountMinor: 1 }), "invalid", ["amountMinor"]);
    const { heldMinor } = await h.payments.GetDepositLedger(
      { siteId: h.siteId, leaseId: lease.leaseId },
      { caller: h.callers.cashierA },
    );
    expect(heldMinor).toBe(MAX_AMOUNT_MINOR);
  });

  // (Lone surrogates cannot cross gRPC — protobuf strings are UTF-8 — see domain/fields.test.ts.)
  it("refuses text PostgreSQL cannot store, naming the field", async () => {
    const lease = await h.lease({ months: 12, rentMinor: 100_000 });
    for (const bad of ["押金\u0000", "x".repeat(201)]) {
      await expectError(deposit(lease, { reference: bad }), "invalid", ["reference"]);
    }
    await expectError(deposit(lease, { requestId: "usr_a:\u0000" }), "invalid", ["requestId"]);
    await expectError(deposit({ ...lease, customerId: "cus_\u0000" }), "invalid", ["customerId"]);
    await expectError(deposit({ ...lease, leaseId: "lea_\u0000" }), "invalid", ["leaseId"]);
    await expectError(deposit(lease, { siteId: "sit_\u0000" }, h.callers.hq), "invalid", [
      "siteId",
    ]);
    expect(await accounts(lease.leaseId)).toBe(0);
  });
});
