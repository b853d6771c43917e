import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendar, leaseTerms, PASSWORD, residentId, unique } from "./contract/world.ts";
import { ADMIN, type ApiResponse, type Harness, startHarness } from "./harness.ts";

// Random sequences of what happens to a tenant's money — payments (also back-dated), waivers
// (approved at once or after a second person), reversals, prepayment refunds, deposits — checked
// after every step, over HTTP, against the statement identity and a ledger kept by hand:
//   opening + charges − payments − credits = closing              (the statement adds up)
//   closing = Σ open bill balances − prepayment                    (it agrees with the balance)
//   closing = Σ bills − Σ payments standing + Σ refunds − Σ waived (and with what happened)
// to the fen, with amounts up to the largest accepted (10¹¹).

let h: Harness;
let siteId: string;
let admin: string;
let finance: string;
let manager: string;
const MAX = 100_000_000_000;

beforeAll(async () => {
  h = await startHarness("moneyprops", { apiRateLimitPerMinute: 0 });
  admin = await h.login(ADMIN.email, ADMIN.password);
  const site = await h.api("POST", "/api/v1/sites", {
    token: admin,
    body: {
      code: "PROP",
      name: "Prop",
      kind: "market",
      timeZone: "Asia/Shanghai",
      currency: "CNY",
    },
  });
  siteId = site.body.id;
  const user = async (name: string, role: string) => {
    const email = `${name}@props.test`;
    await h.api("POST", "/api/v1/users", {
      token: admin,
      body: { email, name, password: PASSWORD, memberships: [{ siteId, role }] },
    });
    return h.login(email, PASSWORD);
  };
  finance = await user("finance", "finance");
  manager = await user("manager", "site_manager");
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const s = () => `/api/v1/sites/${siteId}`;
const money = (token: string, path: string, body: unknown) =>
  h.api("POST", `${s()}${path}`, { token, body, headers: { "Idempotency-Key": unique("prop") } });

function expectOk(response: ApiResponse, what: string, statuses = [200, 201]) {
  if (!statuses.includes(response.status)) {
    throw new Error(`${what}: ${response.status} ${response.text.slice(0, 300)}`);
  }
}

/** A tenant with an active lease billed monthly since five months ago, its bills issued. */
async function tenant() {
  const { today, monthStart, dayBefore } = calendar();
  const customer = await h.api("POST", `${s()}/customers`, {
    token: admin,
    body: { kind: "person", name: "租户", idDocumentType: "resident_id", idNumber: residentId() },
  });
  const unit = await h.api("POST", `${s()}/units`, {
    token: admin,
    body: {
      code: unique("P"),
      name: "Stall",
      kind: "shop",
      grossAreaM2: 20,
      listRentMonthlyMinor: 1,
    },
  });
  const lease = await h.api("POST", `${s()}/leases`, {
    token: admin,
    body: {
      reference: unique("PL"),
      customerId: customer.body.id,
      unitIds: [unit.body.id],
      startDate: monthStart(-5),
      endDate: dayBefore(monthStart(7)),
      terms: leaseTerms(123_457),
    },
  });
  expectOk(lease, "lease");
  expectOk(
    await h.api("POST", `${s()}/leases/${lease.body.id}/activate`, { token: admin }),
    "activate",
  );
  const deadline = Date.now() + 20_000;
  for (;;) {
    const run = await money(finance, "/billing-runs", { targetDate: today });
    expectOk(run, "run", [202]);
    for (;;) {
      const status = await h.api("GET", `${s()}/billing-runs/${run.body.run.id}`, {
        token: finance,
      });
      if (status.body.status !== "running") break;
    }
    const bills = await h.api("GET", `${s()}/bills?leaseId=${lease.body.id}`, { token: finance });
    if (bills.body.items.length >= 5) break;
    if (Date.now() > deadline) throw new Error("the lease was never billed");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { customerId: customer.body.id as string, leaseId: lease.body.id as string };
}

type Action =
  | { kind: "pay"; amountMinor: number; daysAgo: number }
  | { kind: "waive"; bill: number; amountMinor: number; approve: boolean }
  | { kind: "reverse"; payment: number }
  | { kind: "refund"; amountMinor: number }
  | { kind: "deposit"; amountMinor: number };

const amount = fc.oneof(
  fc.integer({ min: 1, max: 300_000 }),
  fc.integer({ min: 1, max: MAX }),
  fc.constant(MAX),
);
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant("pay" as const),
    amountMinor: amount,
    daysAgo: fc.integer({ min: 0, max: 140 }),
  }),
  fc.record({
    kind: fc.constant("waive" as const),
    bill: fc.nat(10),
    amountMinor: fc.integer({ min: 1, max: 80_000 }),
    approve: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("reverse" as const), payment: fc.nat(10) }),
  fc.record({ kind: fc.constant("refund" as const), amountMinor: amount }),
  fc.record({ kind: fc.constant("deposit" as const), amountMinor: amount }),
);

describe("money paths, random sequences", () => {
  it("keep the statement identity, the balance and a hand-kept ledger equal after every step", async () => {
    let steps = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: 10 }), async (actions) => {
        const { customerId, leaseId } = await tenant();
        const ledger = { payments: new Map<string, number>(), refunds: 0, waived: 0, deposit: 0 };
        for (const step of actions) {
          steps++;
          const bills = (
            await h.api("GET", `${s()}/bills?leaseId=${leaseId}&limit=500`, { token: finance })
          ).body.items as { id: string; balanceMinor: number; amountMinor: number }[];
          if (step.kind === "pay") {
            const receivedAt = new Date(Date.now() - step.daysAgo * 86_400_000).toISOString();
            const paid = await money(finance, "/payments", {
              customerId,
              leaseId,
              method: "bank_transfer",
              amountMinor: step.amountMinor,
              receivedAt,
            });
            expectOk(paid, "payment");
            ledger.payments.set(paid.body.id, step.amountMinor);
          } else if (step.kind === "waive") {
            const bill = bills[step.bill % bills.length]!;
            const waiver = await money(finance, `/bills/${bill.id}/waivers`, {
              amountMinor: step.amountMinor,
              reason: "property test",
            });
            if (step.amountMinor > bill.balanceMinor) {
              expect(waiver.status, waiver.text).toBeGreaterThanOrEqual(400);
              expect(waiver.status, waiver.text).toBeLessThan(500);
              continue;
            }
            expectOk(waiver, "waiver");
            if (waiver.body.status === "approved") ledger.waived += step.amountMinor;
            else if (step.approve) {
              const decided = await money(manager, `/waivers/${waiver.body.id}/decision`, {
                approve: true,
              });
              // The bill may have been paid meanwhile by nothing here; a decision either applies
              // the waiver in full or refuses it.
              if (decided.status === 200 && decided.body.status === "approved")
                ledger.waived += step.amountMinor;
              else expect(decided.status, decided.text).toBeLessThan(500);
            }
          } else if (step.kind === "reverse") {
            const standing = [...ledger.payments.keys()];
            if (standing.length === 0) continue;
            const id = standing[step.payment % standing.length]!;
            expectOk(
              await money(finance, `/payments/${id}/reversal`, { reason: "bounced" }),
              "reversal",
            );
            ledger.payments.delete(id);
          } else if (step.kind === "refund") {
            const refund = await money(finance, "/refunds", {
              customerId,
              leaseId,
              amountMinor: step.amountMinor,
              method: "bank_transfer",
              reason: "asked",
            });
            if (refund.status === 201) ledger.refunds += step.amountMinor;
            else expect([400, 409], refund.text).toContain(refund.status);
          } else {
            const deposit = await money(finance, `/leases/${leaseId}/deposits`, {
              customerId,
              method: "cash",
              amountMinor: step.amountMinor,
              receivedAt: new Date().toISOString(),
            });
            // What one lease's deposit holds is bounded like any amount.
            if (ledger.deposit + step.amountMinor > MAX) {
              expect(deposit.status, deposit.text).toBe(400);
              expect(deposit.body.error.details[0].field).toBe("amountMinor");
            } else {
              expectOk(deposit, "deposit");
              ledger.deposit += step.amountMinor;
              expect(deposit.body.heldMinor).toBe(ledger.deposit);
            }
          }

          const { today } = calendar();
          const statement = await h.api(
            "GET",
            `${s()}/customers/${customerId}/statement?from=2000-01-01&to=${today}&leaseId=${leaseId}`,
            { token: finance },
          );
          expectOk(statement, "statement");
          const st = statement.body;
          expect(
            st.openingBalanceMinor + st.chargesMinor - st.paymentsMinor - st.creditsMinor,
          ).toBe(st.closingBalanceMinor);
          expect(st.lines.at(-1)?.runningBalanceMinor ?? st.openingBalanceMinor).toBe(
            st.closingBalanceMinor,
          );
          const balance = await h.api("GET", `${s()}/leases/${leaseId}/balance`, {
            token: finance,
          });
          expectOk(balance, "balance");
          expect(balance.body.openMinor - balance.body.prepaymentMinor).toBe(
            st.closingBalanceMinor,
          );
          expect(balance.body.prepaymentMinor).toBe(st.prepaymentMinor);
          const now = (
            await h.api("GET", `${s()}/bills?leaseId=${leaseId}&limit=500`, { token: finance })
          ).body.items as { amountMinor: number; balanceMinor: number }[];
          expect(now.reduce((sum, b) => sum + b.balanceMinor, 0)).toBe(balance.body.openMinor);
          const billed = now.reduce((sum, b) => sum + b.amountMinor, 0);
          const paid = [...ledger.payments.values()].reduce((sum, a) => sum + a, 0);
          expect(billed - paid + ledger.refunds - ledger.waived).toBe(st.closingBalanceMinor);
        }
      }),
      { numRuns: 20, endOnFailure: true },
    );
    console.info(`money properties: ${steps} random steps checked`);
  }, 600_000);
});
