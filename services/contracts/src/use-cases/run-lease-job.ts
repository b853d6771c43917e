import type { LeaseExpiringV1 } from "@slms/contracts";
import { writeOutbox } from "@slms/db";
import type { Caller } from "@slms/grpc";
import { addDays, daysBetween } from "@slms/primitives/civil-date";
import { todayIn } from "@slms/primitives/zoned";
import { leasesOfHeldImports } from "../db/held-imports.ts";
import { findLease, type LeaseView, leaseInclude, leaseView, toDbDate } from "../db/leases.ts";
import type { ContractsDeps } from "../deps.ts";
import { leaseExpired, leaseExpiring } from "../events/lease-events.ts";
import { releaseHolds } from "./release-holds.ts";

const actor = "system:lease-job";
const thresholds = [30, 60, 90] as const;
/** Leases read at a time; releases still pending past one page wait for the next run. */
const PAGE = 500;

export interface LeaseJobResult {
  expired: number;
  alerts: number;
  released: number;
  /** Leases whose amended terms took effect since their last write (their updated_at moved). */
  termsInForce: number;
}

/**
 * The daily lease job, by each lease's own time zone:
 * - active leases past their end date become expired (`contracts.lease.expired`), units released;
 * - critical dates: a lease with 90, 60 or 30 days left announces `contracts.lease.expiring` once
 *   per threshold (a lease first seen with 45 days left announces 60 and skips 90);
 * - releases that failed earlier (`releasePending`) are retried;
 * - a lease whose amendment took effect today (or since its last write) has its `updated_at`
 *   moved, so a client syncing by update time reads its new terms in force (`termsInForce`).
 * Leases of an import not released yet are left for a later run (`leasesOfHeldImports`).
 * Every effect is claimed by a conditional update or a unique row inside the transaction that
 * writes its event, so running the job twice, or on several replicas at once, does each once.
 */
export async function runLeaseJob(deps: ContractsDeps): Promise<LeaseJobResult> {
  const now = deps.clock();
  // Generous UTC bound; the exact test is per lease in its own time zone.
  const horizon = toDbDate(addDays(now.toISOString().slice(0, 10), 92));
  // Leases of imports not released yet wait: nothing is announced of them before their activation.
  const held = await leasesOfHeldImports(deps.db);
  let expired = 0;
  let alerts = 0;
  // Page by page in id order, so memory stays flat however many leases end soon.
  let after: string | undefined;
  for (;;) {
    const page = (
      await deps.db.lease.findMany({
        where: {
          status: "active",
          endDate: { lte: horizon },
          ...(after ? { id: { gt: after } } : {}),
        },
        include: leaseInclude,
        orderBy: { id: "asc" },
        take: PAGE,
      })
    ).map(leaseView);
    for (const lease of page) {
      if (held.has(lease.id)) continue;
      const today = todayIn(lease.timeZone, now);
      const caller = systemCaller(lease);
      if (lease.endDate < today) {
        if (await expire(deps, caller, lease)) expired++;
        continue;
      }
      const daysLeft = daysBetween(today, lease.endDate);
      const due = thresholds.filter((t) => daysLeft <= t);
      if (due.length > 0 && (await announce(deps, lease, due))) alerts++;
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.id;
  }
  let released = 0;
  const pending = await deps.db.lease.findMany({
    where: { releasePending: true },
    include: leaseInclude,
    orderBy: { id: "asc" },
    take: PAGE,
  });
  for (const row of pending) {
    const lease = leaseView(row);
    if (await releaseHolds(deps, systemCaller(lease), lease)) released++;
  }
  const termsInForce = await touchTermsTakingEffect(deps, now);
  if (expired + alerts > 0) deps.outboxWritten();
  return { expired, alerts, released, termsInForce };
}

/**
 * The terms in force of a lease (finance's `current_terms_json`) change on the effective date
 * of an amendment, with no write then: one set-based statement moves `updated_at` of every lease
 * with an amendment (version > 1) in force by today in its time zone but last written before
 * that day began there. Once moved, the lease was written after the day began, so it is moved
 * once per amendment, however often the job runs, on any number of replicas.
 */
async function touchTermsTakingEffect(deps: ContractsDeps, now: Date): Promise<number> {
  return deps.db.$executeRaw`
    UPDATE leases l SET updated_at = now()
     WHERE EXISTS (
       SELECT 1 FROM lease_versions v
        WHERE v.lease_id = l.id AND v.version > 1
          AND v.effective_from <= (${now}::timestamptz AT TIME ZONE l.time_zone)::date
          AND l.updated_at < (v.effective_from::timestamp AT TIME ZONE l.time_zone))`;
}

const systemCaller = (lease: LeaseView): Caller => ({
  actor,
  orgId: lease.orgId,
  siteIds: "all",
  roles: ["system"],
});

async function expire(deps: ContractsDeps, caller: Caller, lease: LeaseView): Promise<boolean> {
  return deps.db.$transaction(async (tx) => {
    const changed = await tx.lease.updateMany({
      where: { id: lease.id, status: "active" },
      data: { status: "expired", releasePending: true, endedAt: deps.clock() },
    });
    if (changed.count === 0) return false;
    await writeOutbox(tx, leaseExpired(actor, await findLease(tx, caller, lease.siteId, lease.id)));
    return true;
  });
}

/** Claims every due threshold; announces only the tightest, and only if this run claimed it. */
async function announce(
  deps: ContractsDeps,
  lease: LeaseView,
  due: readonly (30 | 60 | 90)[],
): Promise<boolean> {
  const tightest = Math.min(...due) as LeaseExpiringV1["daysLeft"];
  return deps.db.$transaction(async (tx) => {
    const claimed = await tx.leaseAlert.createMany({
      data: [{ leaseId: lease.id, kind: `expiring_${tightest}` }],
      skipDuplicates: true,
    });
    await tx.leaseAlert.createMany({
      data: due
        .filter((t) => t !== tightest)
        .map((t) => ({ leaseId: lease.id, kind: `expiring_${t}` })),
      skipDuplicates: true,
    });
    if (claimed.count === 0) return false;
    await writeOutbox(tx, leaseExpiring(actor, lease, tightest));
    return true;
  });
}
