import type { Caller } from "@slms/grpc";
import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type Harness, startHarness } from "./harness.ts";

let h: Harness;
let admin: string;
let cashierA: string;
let financeA: string;
let clerkA: string;
let siteA: string;
let siteB: string;
const password = "money-password-1";
let keySeq = 0;
const key = () => `test-key-${Date.now()}-${++keySeq}`;

const terms = (rentMinor: number) => ({
  frequency: "monthly",
  alignment: "calendar",
  rent: { kind: "per_period", amountMinor: rentMinor },
  escalation: { kind: "none" },
  rentFree: [],
  billLeadDays: 10,
  dueDay: 5,
  depositMinor: 2 * rentMinor,
  fees: [],
  lateFee: { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 2_000 },
  penalty: { kind: "months_of_rent", months: 1 },
});

let idSeq = 0;
function residentId(): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const first17 = `11010119800101${String(100 + ++idSeq).slice(-3)}`;
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
  return first17 + "10X98765432"[sum % 11];
}

/** A customer, a unit and an active lease at a site; returns their ids. */
async function leaseAt(
  siteId: string,
  token: string,
  startDate: string,
  endDate: string,
  rentMinor = 500_000,
) {
  const customer = await h.api("POST", `/api/v1/sites/${siteId}/customers`, {
    token,
    body: {
      kind: "person",
      name: `客户${idSeq}`,
      idDocumentType: "resident_id",
      idNumber: residentId(),
    },
  });
  const unit = await h.api("POST", `/api/v1/sites/${siteId}/units`, {
    token,
    body: {
      code: `M-${idSeq}`,
      name: "Shop",
      kind: "shop",
      grossAreaM2: 40,
      listRentMonthlyMinor: rentMinor,
    },
  });
  const lease = await h.api("POST", `/api/v1/sites/${siteId}/leases`, {
    token,
    body: {
      reference: `M-${idSeq}`,
      customerId: customer.body.id,
      unitIds: [unit.body.id],
      startDate,
      endDate,
      terms: terms(rentMinor),
    },
  });
  expect(lease.status).toBe(201);
  await h.api("POST", `/api/v1/sites/${siteId}/leases/${lease.body.id}/activate`, { token });
  return {
    customerId: customer.body.id as string,
    unitId: unit.body.id as string,
    leaseId: lease.body.id as string,
  };
}

/** Billing learns of leases through events; wait until billing has the lease's schedule. */
async function billingKnows(siteId: string, leaseId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const balance = await h.api("GET", `/api/v1/sites/${siteId}/leases/${leaseId}/balance`, {
      token: admin,
    });
    if (balance.status === 200) return;
    if (Date.now() > deadline) throw new Error(`billing never saw lease ${leaseId}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const runBilling = async (siteId: string, targetDate: string) => {
  const started = await h.api("POST", `/api/v1/sites/${siteId}/billing-runs`, {
    token: financeA,
    body: { targetDate },
    headers: { "Idempotency-Key": key() },
  });
  expect(started.status).toBe(202);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const run = await h.api("GET", `/api/v1/sites/${siteId}/billing-runs/${started.body.run.id}`, {
      token: financeA,
    });
    if (run.body.status !== "running") return run.body;
    if (Date.now() > deadline) throw new Error("billing run did not finish");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const pay = (
  siteId: string,
  customerId: string,
  leaseId: string,
  amountMinor: number,
  receivedAt: string,
  headers = { "Idempotency-Key": key() },
) =>
  h.api("POST", `/api/v1/sites/${siteId}/payments`, {
    token: cashierA,
    body: { customerId, leaseId, method: "wechat_pay", amountMinor, receivedAt },
    headers,
  });

beforeAll(async () => {
  h = await startHarness("money");
  admin = await h.login(ADMIN.email, ADMIN.password);
  const site = async (code: string) =>
    (
      await h.api("POST", "/api/v1/sites", {
        token: admin,
        body: { code, name: code, kind: "market", timeZone: "Asia/Shanghai", currency: "CNY" },
      })
    ).body.id as string;
  siteA = await site("MONEY-A");
  siteB = await site("MONEY-B");
  const user = async (email: string, role: string) => {
    await h.api("POST", "/api/v1/users", {
      token: admin,
      body: { email, name: email, password, memberships: [{ siteId: siteA, role }] },
    });
    return h.login(email, password);
  };
  cashierA = await user("cashier@money.test", "cashier");
  financeA = await user("finance@money.test", "finance");
  clerkA = await user("clerk@money.test", "clerk");
});

afterAll(async () => {
  await h?.close();
});

describe("payments over HTTP", () => {
  it("turns 100 concurrent requests with one Idempotency-Key into exactly one payment", async () => {
    const { customerId, leaseId } = await leaseAt(siteA, clerkA, "2026-01-01", "2026-12-31");
    const headers = { "Idempotency-Key": key() };
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        pay(siteA, customerId, leaseId, 300_000, "2026-01-03T10:00:00+08:00", headers),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = responses.filter((r) => r.status === 201);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    const list = await h.api("GET", `/api/v1/sites/${siteA}/payments?customerId=${customerId}`, {
      token: cashierA,
    });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].receiptNumber).toMatch(/^MONEY-A-\d{6}$/);

    const other = await pay(siteA, customerId, leaseId, 999, "2026-01-03T10:00:00+08:00", headers);
    expect(other.status).toBe(422);
    const missing = await h.api("POST", `/api/v1/sites/${siteA}/payments`, {
      token: cashierA,
      body: {
        customerId,
        leaseId,
        method: "cash",
        amountMinor: 1,
        receivedAt: "2026-01-03T10:00:00+08:00",
      },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].field).toBe("Idempotency-Key");
  });

  it("serves the receipt as a PDF, and only finance reverses", async () => {
    const { customerId, leaseId } = await leaseAt(siteA, clerkA, "2026-01-01", "2026-12-31");
    const payment = await pay(siteA, customerId, leaseId, 100_000, "2026-01-03T10:00:00+08:00");
    // No payer given: the receipt names the customer; it prints the lease's reference and the
    // cashier's name as they are now.
    expect(payment.body.payer).toMatch(/^客户\d+$/);
    expect(payment.body.leaseReference).toMatch(/^M-\d+$/);
    expect(payment.body.recordedByName).toBe("cashier@money.test");
    const stranger = await pay(siteA, "cus_nobody", leaseId, 100_000, "2026-01-03T10:00:00+08:00");
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.details).toEqual([
      { field: "customerId", message: "is not a customer of this site" },
    ]);
    const other = await leaseAt(siteA, clerkA, "2026-01-01", "2026-12-31");
    const notTheirs = await pay(
      siteA,
      customerId,
      other.leaseId,
      1_000,
      "2026-01-03T10:00:00+08:00",
    );
    expect(notTheirs.body.error.details).toEqual([
      { field: "leaseId", message: "is not a lease of this customer" },
    ]);
    const pdf = await fetch(
      `${h.baseUrl}/api/v1/sites/${siteA}/payments/${payment.body.id}/receipt.pdf`,
      {
        headers: { authorization: `Bearer ${cashierA}` },
      },
    );
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const byCashier = await h.api(
      "POST",
      `/api/v1/sites/${siteA}/payments/${payment.body.id}/reversal`,
      {
        token: cashierA,
        body: { reason: "mistake" },
        headers: { "Idempotency-Key": key() },
      },
    );
    expect(byCashier.status).toBe(403);
    const byFinance = await h.api(
      "POST",
      `/api/v1/sites/${siteA}/payments/${payment.body.id}/reversal`,
      {
        token: financeA,
        body: { reason: "entered twice" },
        headers: { "Idempotency-Key": key() },
      },
    );
    expect(byFinance.status).toBe(200);
    expect(byFinance.body.status).toBe("reversed");
  });

  it("gives site-A staff 404 on every site-B money route", async () => {
    const { customerId, leaseId } = await leaseAt(siteB, admin, "2026-01-01", "2026-12-31");
    await billingKnows(siteB, leaseId);
    const run = await h.api("POST", `/api/v1/sites/${siteB}/billing-runs`, {
      token: admin,
      body: { targetDate: "2026-01-01" },
      headers: { "Idempotency-Key": key() },
    });
    await waitFor(
      async () =>
        (await h.api("GET", `/api/v1/sites/${siteB}/bills?leaseId=${leaseId}`, { token: admin }))
          .body.items[0],
      { timeoutMs: 10_000, description: "the site-B bill" },
    );
    const [bill] = (
      await h.api("GET", `/api/v1/sites/${siteB}/bills?leaseId=${leaseId}`, { token: admin })
    ).body.items;
    const waiver = await h.api("POST", `/api/v1/sites/${siteB}/bills/${bill.id}/waivers`, {
      token: admin,
      body: { amountMinor: 400_000, reason: "pending at B" },
      headers: { "Idempotency-Key": key() },
    });
    const payment = await h.api("POST", `/api/v1/sites/${siteB}/payments`, {
      token: admin,
      body: {
        customerId,
        leaseId,
        method: "cash",
        amountMinor: 10_000,
        receivedAt: "2026-01-03T10:00:00+08:00",
      },
      headers: { "Idempotency-Key": key() },
    });
    const routes: [string, string, unknown?][] = [
      ["GET", `/api/v1/sites/${siteB}/bills`],
      ["GET", `/api/v1/sites/${siteB}/bills/${bill.id}`],
      ["GET", `/api/v1/sites/${siteB}/billing-runs/${run.body.run.id}`],
      ["POST", `/api/v1/sites/${siteB}/bills/${bill.id}/waivers`, { amountMinor: 1, reason: "x" }],
      ["POST", `/api/v1/sites/${siteB}/waivers/${waiver.body.id}/decision`, { approve: true }],
      [
        "POST",
        `/api/v1/sites/${siteB}/meters/E-1/bill`,
        { fromDate: "2026-01-01", toDate: "2026-01-31", unitPriceMinor: 100 },
      ],
      ["POST", `/api/v1/sites/${siteB}/leases/${leaseId}/deposits/settlement`, {}],
      // Site A's path with site B's objects: not found either.
      ["GET", `/api/v1/sites/${siteA}/bills/${bill.id}`],
      ["POST", `/api/v1/sites/${siteB}/billing-runs`, { targetDate: "2026-02-01" }],
      ["GET", `/api/v1/sites/${siteB}/payments`],
      [
        "POST",
        `/api/v1/sites/${siteB}/payments`,
        {
          customerId,
          leaseId,
          method: "cash",
          amountMinor: 1,
          receivedAt: "2026-01-03T10:00:00+08:00",
        },
      ],
      ["GET", `/api/v1/sites/${siteB}/payments/${payment.body.id}`],
      ["POST", `/api/v1/sites/${siteB}/payments/${payment.body.id}/reversal`, { reason: "x" }],
      ["GET", `/api/v1/sites/${siteB}/payments/${payment.body.id}/receipt.pdf`],
      [
        "POST",
        `/api/v1/sites/${siteB}/refunds`,
        { customerId, amountMinor: 1, method: "cash", reason: "x" },
      ],
      ["GET", `/api/v1/sites/${siteB}/leases/${leaseId}/deposits`],
      [
        "POST",
        `/api/v1/sites/${siteB}/leases/${leaseId}/deposits`,
        { customerId, method: "cash", amountMinor: 1, receivedAt: "2026-01-03T10:00:00+08:00" },
      ],
      ["GET", `/api/v1/sites/${siteB}/leases/${leaseId}/balance`],
      [
        "GET",
        `/api/v1/sites/${siteB}/customers/${customerId}/statement?from=2026-01-01&to=2026-12-31`,
      ],
      [
        "POST",
        `/api/v1/sites/${siteB}/meter-readings`,
        {
          meterCode: "E-1",
          kind: "electricity",
          unitId: "u",
          readingDate: "2026-01-31",
          valueMilli: 1,
        },
      ],
      ["GET", `/api/v1/sites/${siteA}/payments/${payment.body.id}`],
    ];
    for (const token of [cashierA, financeA]) {
      for (const [method, path, body] of routes) {
        const response = await h.api(method, path, {
          token,
          body,
          headers: { "Idempotency-Key": key() },
        });
        expect(response.status, `${method} ${path}`).toBe(404);
      }
    }
  });
});

describe("billing run dry run over HTTP", () => {
  it("counts and sums every bill it would issue and writes none", async () => {
    const { leaseId } = await leaseAt(siteA, clerkA, "2026-03-01", "2026-12-31");
    await billingKnows(siteA, leaseId);
    const dry = await h.api("POST", `/api/v1/sites/${siteA}/billing-runs`, {
      token: financeA,
      body: { targetDate: "2026-03-01", dryRun: true },
      headers: { "Idempotency-Key": key() },
    });
    expect(dry.status).toBe(200);
    const preview = dry.body.preview as { leaseId: string; amountMinor: number }[];
    expect(preview.some((b) => b.leaseId === leaseId)).toBe(true);
    expect(dry.body.run.total).toBe(preview.length);
    expect(dry.body.amountMinor).toBe(preview.reduce((sum, b) => sum + b.amountMinor, 0));
    expect(dry.body.leases).toBe(new Set(preview.map((b) => b.leaseId)).size);
    const bills = await h.api("GET", `/api/v1/sites/${siteA}/bills?leaseId=${leaseId}`, {
      token: financeA,
    });
    expect(bills.body.items).toHaveLength(0);
  });
});

describe("bad input on money routes", () => {
  it("is refused with the field named, and writes nothing", async () => {
    const { customerId, leaseId } = await leaseAt(siteA, clerkA, "2026-01-01", "2026-12-31");
    await billingKnows(siteA, leaseId);
    await runBilling(siteA, "2026-01-01");
    const [bill] = (
      await h.api("GET", `/api/v1/sites/${siteA}/bills?leaseId=${leaseId}`, { token: financeA })
    ).body.items;
    const waiver = await h.api("POST", `/api/v1/sites/${siteA}/bills/${bill.id}/waivers`, {
      token: financeA,
      body: { amountMinor: 400_000, reason: "needs a second look" },
      headers: { "Idempotency-Key": key() },
    });
    expect(waiver.body.status).toBe("pending");
    const payment = await pay(siteA, customerId, leaseId, 1_000, "2026-01-03T10:00:00+08:00");
    const snapshot = async () => ({
      bills: (
        await h.api("GET", `/api/v1/sites/${siteA}/bills?leaseId=${leaseId}`, { token: financeA })
      ).body.items,
      payments: (
        await h.api("GET", `/api/v1/sites/${siteA}/payments?leaseId=${leaseId}`, {
          token: financeA,
        })
      ).body.items,
      deposits: (
        await h.api("GET", `/api/v1/sites/${siteA}/leases/${leaseId}/deposits`, {
          token: financeA,
        })
      ).body,
    });
    const before = await snapshot();
    const site = `/api/v1/sites/${siteA}`;
    const paymentBody = {
      customerId,
      leaseId,
      method: "cash",
      amountMinor: 5_000,
      receivedAt: "2026-01-03T10:00:00+08:00",
    };
    const cases: [string, string, unknown, string[]][] = [
      ["POST", `${site}/billing-runs`, { targetDate: "2026-02-30" }, ["targetDate"]],
      ["POST", `${site}/billing-runs`, { targetDate: "2026-02-01", siteId: "x" }, ["siteId"]],
      ["GET", `${site}/bills?status=late&limit=0`, undefined, ["status", "limit"]],
      ["GET", `${site}/bills?periodFrom=Jan`, undefined, ["periodFrom"]],
      [
        "POST",
        `${site}/bills/${bill.id}/waivers`,
        { amountMinor: 1.5, reason: " " },
        ["amountMinor", "reason"],
      ],
      [
        "POST",
        `${site}/bills/${bill.id}/waivers`,
        { amountMinor: 900_000, reason: "more than the bill" },
        ["amountMinor"],
      ],
      ["POST", `${site}/waivers/${waiver.body.id}/decision`, { approve: "yes" }, ["approve"]],
      [
        "POST",
        `${site}/meter-readings`,
        { meterCode: "E-1", kind: "gas", readingDate: "2026-01-31", valueMilli: -1 },
        ["kind", "valueMilli"],
      ],
      [
        "POST",
        `${site}/meters/E-1/bill`,
        { fromDate: "2026-01-01", toDate: "end of month" },
        ["toDate"],
      ],
      ["GET", `${site}/customers/${customerId}/statement?from=2026-01-01`, undefined, ["to"]],
      [
        "POST",
        `${site}/payments`,
        { ...paymentBody, amountMinor: 100.5, method: "bitcoin" },
        ["method", "amountMinor"],
      ],
      ["POST", `${site}/payments`, { ...paymentBody, receivedAt: "yesterday" }, ["receivedAt"]],
      [
        "POST",
        `${site}/payments`,
        { ...paymentBody, receivedAt: "2099-01-01T00:00:00+08:00" },
        ["receivedAt"],
      ],
      ["POST", `${site}/payments/${payment.body.id}/reversal`, {}, ["reason"]],
      [
        "POST",
        `${site}/refunds`,
        { customerId, amountMinor: 0, method: "cash", reason: "x" },
        ["amountMinor"],
      ],
      [
        "POST",
        `${site}/refunds`,
        { customerId, leaseId, amountMinor: 99_999_999, method: "cash", reason: "more than held" },
        ["amountMinor"],
      ],
      [
        "POST",
        `${site}/leases/${leaseId}/deposits`,
        { customerId, method: "cash", amountMinor: 1, receivedAt: "2026-13-01T00:00:00Z" },
        ["receivedAt"],
      ],
      [
        "POST",
        `${site}/leases/${leaseId}/deposits/settlement`,
        { refundMethod: "cheque" },
        ["refundMethod"],
      ],
      ["PUT", "/api/v1/fee-items/rent", { name: "Rent", category: "lodging" }, ["category"]],
    ];
    for (const [method, path, body, fields] of cases) {
      const response = await h.api(method, path, {
        token: path.includes("fee-items") ? admin : financeA,
        body,
        headers: { "Idempotency-Key": key() },
      });
      const where = `${method} ${path} ${JSON.stringify(body)}`;
      expect(response.status, where).toBe(400);
      expect(
        response.body.error.details.map((d: { field: string }) => d.field).sort(),
        where,
      ).toEqual([...fields].sort());
    }
    // A bill that is not one of the site's is not found, naming the field.
    const unknownBill = await h.api("POST", `${site}/payments`, {
      token: financeA,
      body: { ...paymentBody, billIds: ["bil_nope"] },
      headers: { "Idempotency-Key": key() },
    });
    expect(unknownBill.status).toBe(404);
    expect(unknownBill.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      "billIds.0",
    ]);
    expect(await snapshot()).toEqual(before);
  });
});

describe("thirteen months of a lease", () => {
  it("reconciles to the fen after partial payments, late fees, a waiver, an amendment and an early termination", async () => {
    const { customerId, leaseId } = await leaseAt(
      siteA,
      clerkA,
      "2025-01-01",
      "2026-12-31",
      500_000,
    );
    await billingKnows(siteA, leaseId);
    const system: Caller = {
      actor: "system:test",
      orgId: "unused",
      siteIds: "all",
      roles: ["system"],
    };
    const { organisation } = await h.gateway.deps.assets.GetOrganisation(
      { code: "ORG-money" },
      { caller: { ...system, orgId: "system" } },
    );
    const hq: Caller = { ...system, orgId: organisation!.id };
    let paid = 0;
    const months = Array.from(
      { length: 13 },
      (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`,
    );
    for (const [i, month] of months.entries()) {
      await runBilling(siteA, `${month}-01`);
      // Most months the tenant pays 90 %, on the 10th (after the due date: late fees accrue).
      // (In the past: payments cannot be received in the future.)
      const amount = i % 4 === 3 ? 0 : 450_000;
      if (amount > 0) {
        expect(
          (await pay(siteA, customerId, leaseId, amount, `${month}-10T10:00:00+08:00`)).status,
        ).toBe(201);
        paid += amount;
      }
      await h.gateway.deps.billing.AccrueLateFees(
        { siteId: siteA, throughDate: `${month}-28` },
        { caller: hq },
      );
      if (month === "2025-05") {
        const open = await h.api(
          "GET",
          `/api/v1/sites/${siteA}/bills?leaseId=${leaseId}&status=open`,
          { token: financeA },
        );
        const waiver = await h.api(
          "POST",
          `/api/v1/sites/${siteA}/bills/${open.body.items[0].id}/waivers`,
          {
            token: financeA,
            body: { amountMinor: 20_000, reason: "shop front repairs" },
            headers: { "Idempotency-Key": key() },
          },
        );
        expect(waiver.body.status).toBe("approved");
      }
      if (month === "2025-07") {
        const amended = await h.api("POST", `/api/v1/sites/${siteA}/leases/${leaseId}/amend`, {
          token: clerkA,
          body: { effectiveFrom: "2025-08-16", reason: "rent review", terms: terms(550_000) },
        });
        expect(amended.status).toBe(200);
      }
    }
    const terminated = await h.api("POST", `/api/v1/sites/${siteA}/leases/${leaseId}/terminate`, {
      token: admin,
      body: { terminationDate: "2026-01-20", reason: "tenant left" },
    });
    expect(terminated.status).toBe(200);
    // Billing applies the termination from its event; wait for the penalty bill.
    const deadline = Date.now() + 10_000;
    let bills: {
      kind: string;
      amountMinor: number;
      allocatedMinor: number;
      waivedMinor: number;
      balanceMinor: number;
      periodStart: string;
    }[] = [];
    for (;;) {
      bills = (
        await h.api("GET", `/api/v1/sites/${siteA}/bills?leaseId=${leaseId}&limit=500`, {
          token: financeA,
        })
      ).body.items;
      if (bills.some((b) => b.kind === "penalty") || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(bills.some((b) => b.kind === "penalty")).toBe(true);
    // A run to the end of the original term bills nothing past the termination date.
    await runBilling(siteA, "2026-12-31");
    bills = (
      await h.api("GET", `/api/v1/sites/${siteA}/bills?leaseId=${leaseId}&limit=500`, {
        token: financeA,
      })
    ).body.items;

    // Every bill: balance = amount − allocated − waived, allocated + waived ≤ amount.
    for (const b of bills) {
      expect(b.balanceMinor).toBe(b.amountMinor - b.allocatedMinor - b.waivedMinor);
      expect(b.allocatedMinor + b.waivedMinor).toBeLessThanOrEqual(b.amountMinor);
    }
    expect(bills.filter((b) => b.kind === "charge" && b.periodStart > "2026-01-20")).toEqual([]);
    expect(bills.some((b) => b.kind === "late_fee")).toBe(true);
    expect(
      bills.find((b) => b.kind === "charge" && b.periodStart === "2025-09-01")?.amountMinor,
    ).toBe(550_000);

    const allocated = bills.reduce((s, b) => s + b.allocatedMinor, 0);
    const balance = (
      await h.api("GET", `/api/v1/sites/${siteA}/leases/${leaseId}/balance`, { token: financeA })
    ).body;
    // Money in = what paid bills + what is still prepayment (part of the credit note may have paid bills too).
    const statement = (
      await h.api(
        "GET",
        `/api/v1/sites/${siteA}/customers/${customerId}/statement?from=2024-01-01&to=2026-12-31&leaseId=${leaseId}`,
        {
          token: financeA,
        },
      )
    ).body;
    const open = bills.reduce((s, b) => s + b.balanceMinor, 0);
    expect(balance.openMinor).toBe(open);
    // Bills are issued ahead of their period, so the statement starts well before the lease.
    expect(statement.openingBalanceMinor).toBe(0);
    expect(statement.closingBalanceMinor).toBe(open - balance.prepaymentMinor);
    expect(statement.chargesMinor).toBe(bills.reduce((s, b) => s + b.amountMinor, 0));
    expect(statement.creditsMinor).toBe(bills.reduce((s, b) => s + b.waivedMinor, 0));
    expect(statement.chargesMinor - statement.paymentsMinor - statement.creditsMinor).toBe(
      statement.closingBalanceMinor,
    );
    // Cash received equals what reached bills from payments plus what is held as prepayment.
    expect(paid).toBe(statement.paymentsMinor);
    expect(allocated).toBeGreaterThan(0);
  }, 120_000);
});
