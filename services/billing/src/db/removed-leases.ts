import type { Tx } from "../deps.ts";

// Billing's copy of leases an import brought in, taken back when the import is rolled back
// (use-cases/roll-back-import.ts), and the lock that keeps it from changing under the rollback.
//
// A removed lease leaves a tombstone (`removed_leases`): its `contracts.lease.*` events may still
// be on their way — released moments before, behind others in the queue — and one arriving later
// must not bring the lease back (lease-event-inbox.ts skips it).
//
// Every transaction that writes from billing's copy of a site's leases holds the site's lock
// shared: a lease event applied, a billing run's chunk, a meter's bills, a day of late fees. A
// rollback holds it alone while it checks and removes. So the rollback waits for those in flight
// and sees what they wrote (a bill for one of its leases refuses it), and any that starts after
// it waits, then finds the lease, its schedule and its opening bills gone — or its tombstone.

const siteLock = `hashtext('billing-leases:' || $1::text)`;

/** Holds the site's lease lock shared until the transaction ends (see above). */
export async function shareSiteLeases(tx: Tx, siteId: string): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock_shared(${siteLock})`, siteId);
}

/** Holds the site's lease lock alone until the transaction ends: a rollback's. */
export async function holdSiteLeases(tx: Tx, siteId: string): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${siteLock})`, siteId);
}

/**
 * Whether a rollback removed the lease: holds the site's lock shared first, so a rollback
 * running now is waited for, and the answer stays true until the transaction ends.
 */
export async function isLeaseRemoved(tx: Tx, siteId: string, leaseId: string): Promise<boolean> {
  await shareSiteLeases(tx, siteId);
  const [row] = await tx.$queryRawUnsafe<{ removed: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM removed_leases WHERE site_id = $1 AND lease_id = $2) AS removed`,
    siteId,
    leaseId,
  );
  return row?.removed ?? false;
}

/** Those of these leases billing holds at another site (or organisation). */
export async function leasesElsewhere(
  tx: Tx,
  scope: { orgId: string; siteId: string },
  leaseIds: readonly string[],
): Promise<string[]> {
  if (leaseIds.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM billing_leases
      WHERE id = ANY($1::text[]) AND (org_id <> $2 OR site_id <> $3) ORDER BY id`,
    leaseIds,
    scope.orgId,
    scope.siteId,
  );
  return rows.map((r) => r.id);
}

/**
 * Removes billing's copy of the leases (the lease and its schedule; the caller checked they have
 * no bill but the batch's) and leaves their tombstones — also for a lease billing has not heard
 * of yet. Call with the site's lock held alone ({@link holdSiteLeases}).
 */
export async function removeLeases(
  tx: Tx,
  scope: { orgId: string; siteId: string; batchId: string },
  leaseIds: readonly string[],
): Promise<void> {
  if (leaseIds.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO removed_leases (site_id, lease_id, org_id, batch_id)
     SELECT $1, id, $2, $3 FROM unnest($4::text[]) AS id
     ON CONFLICT (site_id, lease_id) DO NOTHING`,
    scope.siteId,
    scope.orgId,
    scope.batchId,
    leaseIds,
  );
  await tx.$executeRawUnsafe(
    `DELETE FROM scheduled_charges WHERE lease_id = ANY($1::text[]) AND site_id = $2`,
    leaseIds,
    scope.siteId,
  );
  await tx.$executeRawUnsafe(
    `DELETE FROM billing_leases WHERE id = ANY($1::text[]) AND site_id = $2 AND org_id = $3`,
    leaseIds,
    scope.siteId,
    scope.orgId,
  );
}
