import type { Bill } from "@slms/contracts/billing";
import type { Lease } from "@slms/contracts/leases";
import type { PaymentMethod } from "@slms/contracts/payments";
import { isDomainError } from "@slms/errors";
import type { GatewayDeps } from "@slms/gateway/admin";
import type { Caller } from "@slms/grpc";

const methods: PaymentMethod[] = [
  "PAYMENT_METHOD_BANK_TRANSFER",
  "PAYMENT_METHOD_WECHAT_PAY",
  "PAYMENT_METHOD_ALIPAY",
  "PAYMENT_METHOD_CASH",
];

/** How a demo tenant pays, chosen from the lease id so a re-run makes the same choice. */
type Habit = "on_time" | "late" | "in_arrears" | "ahead";

function habitOf(leaseId: string): Habit {
  let h = 0;
  for (const c of leaseId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const roll = h % 100;
  if (roll < 72) return "on_time";
  if (roll < 84) return "late";
  if (roll < 93) return "in_arrears";
  return "ahead";
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Received at 10:00 Shanghai time on `date`, or null when that is still in the future. */
const receivedAt = (date: string, now: Date) => {
  const at = `${date}T10:00:00+08:00`;
  return Date.parse(at) <= now.getTime() ? at : null;
};

/**
 * Money history for a seeded site: bills issued up to today, deposits received at each lease's
 * start, every bill older than three months paid in one transfer, and the last three months paid
 * bill by bill the way the tenant habitually pays — on time, late (late fees accrue), not at all
 * for the last two bills (arrears), or a month ahead (prepayment). Late fees are accrued through
 * today. A site that already has payments is left as it is.
 */
export async function seedMoney(
  deps: GatewayDeps,
  hq: Caller,
  siteId: string,
  now: Date,
): Promise<{ bills: number; payments: number; deposits: number }> {
  const existing = await deps.payments.ListPayments({ siteId, pageSize: 1 }, { caller: hq });
  if (existing.payments.length > 0) return { bills: 0, payments: 0, deposits: 0 };

  const leases: Lease[] = [];
  let token = "";
  do {
    const page = await deps.leases.ListLeases(
      { siteId, pageSize: 500, pageToken: token, status: "LEASE_STATUS_ACTIVE" },
      { caller: hq },
    );
    leases.push(...page.leases);
    token = page.nextPageToken;
  } while (token);
  await untilBillingKnows(deps, hq, siteId, leases);

  // The demo sites are in Shanghai (see seed-demo.ts).
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(now);
  const { run } = await deps.billing.StartBillingRun(
    { siteId, targetDate: today, dryRun: false, wait: true },
    { caller: hq },
  );
  if (run?.status !== "completed") throw new Error(`demo billing run ${run?.status}`);

  const recent = addDays(today, -92);
  let payments = 0;
  let deposits = 0;
  // Four tenants at a time: each tenant's payments stay in order.
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < leases.length; i = next++) await seedLease(leases[i]!, i);
  };
  const seedLease = async (lease: Lease, i: number) => {
    const method = methods[i % methods.length]!;
    const pay = async (requestId: string, amountMinor: number, at: string, billIds: string[]) => {
      await deps.payments.RecordPayment(
        {
          siteId,
          requestId,
          customerId: lease.customerId,
          leaseId: lease.id,
          method,
          amountMinor,
          receivedAt: at,
          payer: "",
          reference: method === "PAYMENT_METHOD_BANK_TRANSFER" ? `TRF${requestId.slice(-8)}` : "",
          billIds,
        },
        { caller: hq },
      );
      payments++;
    };

    const deposit = lease.versions[0]?.terms?.depositMinor ?? 0;
    const depositAt = receivedAt(lease.startDate, now);
    if (deposit > 0 && depositAt) {
      await deps.payments.RecordDeposit(
        {
          siteId,
          requestId: `seed-deposit:${lease.id}`,
          leaseId: lease.id,
          customerId: lease.customerId,
          method,
          amountMinor: deposit,
          receivedAt: depositAt,
          reference: "",
        },
        { caller: hq },
      );
      deposits++;
    }

    const bills = (await openBills(deps, hq, siteId, lease.id)).filter((b) => b.amountMinor > 0);
    const older = bills.filter((b) => b.dueDate < recent);
    const lumpAt = older.length > 0 ? receivedAt(older.at(-1)!.dueDate, now) : null;
    if (lumpAt) {
      const total = older.reduce((sum, b) => sum + b.balanceMinor, 0);
      // No bills named: billing pays oldest first, which is exactly these.
      await pay(`seed-history:${lease.id}`, total, lumpAt, []);
    }

    const habit = habitOf(lease.id);
    const current = bills.filter((b) => b.dueDate >= recent);
    const unpaid = habit === "in_arrears" ? 2 : 0;
    const payable = current
      .slice(0, Math.max(0, current.length - unpaid))
      .map((bill, j) => ({
        bill,
        at: receivedAt(
          habit === "late" ? addDays(bill.dueDate, 8 + (j % 3) * 5) : bill.dueDate,
          now,
        ),
      }))
      .filter((p): p is { bill: Bill; at: string } => p.at !== null);
    for (const [j, { bill, at }] of payable.entries()) {
      // Ahead: the last payment also covers the next one (twice the bill).
      const ahead = habit === "ahead" && j === payable.length - 1;
      await pay(`seed-bill:${bill.id}`, bill.balanceMinor * (ahead ? 2 : 1), at, [bill.id]);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  await deps.billing.AccrueLateFees({ siteId, throughDate: today }, { caller: hq });
  return { bills: run.issued, payments, deposits };
}

async function openBills(deps: GatewayDeps, hq: Caller, siteId: string, leaseId: string) {
  const bills: Bill[] = [];
  let token = "";
  do {
    const page = await deps.billing.ListBills(
      { siteId, leaseId, status: "BILL_STATUS_OPEN", pageSize: 500, pageToken: token },
      { caller: hq },
    );
    bills.push(...page.bills);
    token = page.nextPageToken;
  } while (token);
  return bills.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
}

/** Billing learns of leases from contracts' events; wait until it has every one of them. */
async function untilBillingKnows(deps: GatewayDeps, hq: Caller, siteId: string, leases: Lease[]) {
  const deadline = Date.now() + 120_000;
  for (const lease of leases) {
    for (;;) {
      try {
        await deps.billing.GetLeaseBalance({ siteId, leaseId: lease.id }, { caller: hq });
        break;
      } catch (error) {
        if (!isDomainError(error) || error.kind !== "not_found") throw error;
        if (Date.now() > deadline) throw new Error(`billing has not received lease ${lease.id}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}
