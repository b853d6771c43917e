import { termsFromProto } from "@slms/contracts";
import type { Caller } from "@slms/grpc";
import { type ImportJob, madeOf } from "../db/jobs.ts";
import type { ImportPlan, SheetTotals } from "../domain/plan.ts";
import { monthlyRentMinor } from "../domain/totals.ts";
import type { Owners } from "../sources.ts";

/** Calls at once for the per-lease reads (deposit ledgers, prepayment balances). */
const PARALLEL = 8;

/**
 * What the owning services hold of a committed import, in the workbook's terms — to reconcile
 * with its sheet totals to the fen: the units assets holds (count, areas), the customers made,
 * the leases contracts holds with the rent of their newest terms, the opening bills billing
 * holds by fee code, the deposit entries payments holds, the prepayment credits billing holds.
 * Read page by page (units, leases, bills), and per lease for deposits and prepayments.
 */
export async function reconcile(
  owners: Owners,
  caller: Caller,
  job: Pick<ImportJob, "made" | "siteId">,
  plan: ImportPlan,
): Promise<SheetTotals> {
  const made = madeOf(job);
  const siteId = job.siteId;
  const call = { caller };
  const ids = (kind: string) => new Set(Object.values(made[kind] ?? {}));

  const units = { count: 0, grossAreaHundredths: 0, usableAreaHundredths: 0 };
  const unitIds = ids("unit");
  for (let token = "", first = true; first || token; first = false) {
    const page = await owners.assets.ListUnits({ siteId, pageSize: 500, pageToken: token }, call);
    for (const u of page.units) {
      if (!unitIds.has(u.id)) continue;
      units.count += 1;
      units.grossAreaHundredths += hundredths(u.grossAreaM2);
      units.usableAreaHundredths += hundredths(u.usableAreaM2 || u.grossAreaM2);
    }
    token = page.nextPageToken;
  }

  const leases = { count: 0, monthlyRentRollMinor: 0 };
  const leaseIds = ids("lease");
  for (let token = "", first = true; first || token; first = false) {
    const page = await owners.contracts.ListLeases(
      { siteId, pageSize: 500, pageToken: token },
      call,
    );
    for (const l of page.leases) {
      if (!leaseIds.has(l.id)) continue;
      const newest = l.versions.reduce((a, b) => (b.version > a.version ? b : a));
      const terms = termsFromProto(newest.terms!);
      leases.count += 1;
      leases.monthlyRentRollMinor += monthlyRentMinor(terms.rent, terms.frequency);
    }
    token = page.nextPageToken;
  }

  const arrears = { count: 0, totalMinor: 0, byFeeCode: {} as Record<string, number> };
  const billIds = ids("bill");
  for (let token = "", first = true; billIds.size > 0 && (first || token); first = false) {
    const page = await owners.billing.ListBills({ siteId, pageSize: 500, pageToken: token }, call);
    for (const b of page.bills) {
      if (!billIds.has(b.id)) continue;
      arrears.count += 1;
      arrears.totalMinor += b.amountMinor;
      arrears.byFeeCode[b.feeCode] = (arrears.byFeeCode[b.feeCode] ?? 0) + b.amountMinor;
    }
    token = page.nextPageToken;
  }

  // Deposits: the entries this import made, from each lease's ledger.
  const depositIds = ids("deposit");
  const depositLeases = [...new Set(plan.deposits.map((d) => leaseOf(made, d.lease)))];
  const deposits = { count: 0, heldMinor: 0 };
  await inParallel(depositLeases, async (leaseId) => {
    const ledger = await owners.payments.GetDepositLedger({ siteId, leaseId }, call);
    for (const e of ledger.entries) {
      if (!depositIds.has(e.id)) continue;
      deposits.count += 1;
      deposits.heldMinor += e.amountMinor;
    }
  });

  // Prepayments: the credit billing holds for each customer (and lease) the import credited.
  const prepayments = { count: 0, totalMinor: 0 };
  prepayments.count = Object.keys(made.prepayment ?? {}).length;
  const credited = new Map<string, { customerId: string; leaseId: string }>();
  for (const p of plan.prepayments) {
    const customerId =
      p.customer.in === "site" ? p.customer.customerId : (made.customer?.[p.customer.key] ?? "");
    const leaseId = p.lease ? leaseOf(made, p.lease) : "";
    credited.set(`${customerId}/${leaseId}`, { customerId, leaseId });
  }
  await inParallel([...credited.values()], async ({ customerId, leaseId }) => {
    // The prepayment balance is the statement's as of now, whatever the range.
    const statement = await owners.billing.GetStatement(
      { siteId, customerId, leaseId, fromDate: plan.asOf, toDate: plan.asOf },
      call,
    );
    prepayments.totalMinor += statement.prepaymentMinor;
  });

  return {
    units,
    customers: { count: Object.keys(made.customer ?? {}).length },
    leases,
    arrears,
    deposits,
    prepayments,
  };
}

function leaseOf(made: ReturnType<typeof madeOf>, ref: ImportPlan["deposits"][number]["lease"]) {
  return ref.in === "site" ? ref.leaseId : (made.lease?.[ref.key] ?? "");
}

/** A decimal m² string as hundredths, exactly. */
function hundredths(m2: string): number {
  const [whole = "0", fraction = ""] = m2.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
}

async function inParallel<T>(items: readonly T[], fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}
