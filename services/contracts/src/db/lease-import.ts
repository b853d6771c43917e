import type { ContractsDeps, Tx } from "../deps.ts";
import type { CivilDate, LeaseTerms } from "../domain/terms.ts";
import type { LeaseView } from "./leases.ts";

// The set-based writes of a lease import: a few statements per call whatever its size (rows
// travel as one JSON document, unpacked by jsonb_to_recordset), so 10,000 leases are written in
// about the time of one. The rows are what CreateLease + ActivateLease leave: an active lease,
// its units in order, version 1 of the terms ("initial terms").

/** The reason of a lease's first terms version, as CreateLease writes it. */
const initialTermsReason = "initial terms";

/** A lease an import makes, active. */
export interface ImportedLease {
  id: string;
  reference: string;
  customerId: string;
  unitIds: readonly string[];
  startDate: CivilDate;
  endDate: CivilDate;
  billingStartsOn: CivilDate | null;
  terms: LeaseTerms;
}

/** What every lease of one call shares. */
export interface ImportScope {
  orgId: string;
  siteId: string;
  currency: string;
  timeZone: string;
  actor: string;
  /** Created, updated and activated at. */
  at: Date;
}

/** The leases of the site using these references (reference → lease id). */
export async function leasesByReference(
  db: ContractsDeps["db"] | Tx,
  siteId: string,
  references: readonly string[],
): Promise<Map<string, string>> {
  if (references.length === 0) return new Map();
  const rows = await db.$queryRawUnsafe<{ id: string; reference: string }[]>(
    `SELECT id, reference FROM leases WHERE site_id = $1 AND reference = ANY($2::text[])`,
    siteId,
    references,
  );
  return new Map(rows.map((r) => [r.reference, r.id]));
}

/** An imported lease as `findLease` reads it back once written. */
export function importedLeaseView(scope: ImportScope, lease: ImportedLease): LeaseView {
  return {
    id: lease.id,
    orgId: scope.orgId,
    siteId: scope.siteId,
    reference: lease.reference,
    customerId: lease.customerId,
    unitIds: [...lease.unitIds],
    startDate: lease.startDate,
    endDate: lease.endDate,
    billingStartsOn: lease.billingStartsOn,
    status: "active",
    currency: scope.currency,
    timeZone: scope.timeZone,
    predecessorId: null,
    successorId: null,
    terminationDate: null,
    terminationReason: null,
    penaltyMinor: null,
    versions: [
      {
        version: 1,
        effectiveFrom: lease.startDate,
        terms: lease.terms,
        reason: initialTermsReason,
        actor: scope.actor,
        createdAt: scope.at,
      },
    ],
    createdAt: scope.at,
    updatedAt: scope.at,
  };
}

/** Writes the leases, their units and their first terms version: three statements. */
export async function insertImportedLeases(
  tx: Tx,
  scope: ImportScope,
  leases: readonly ImportedLease[],
): Promise<void> {
  if (leases.length === 0) return;
  // Each statement gets only its columns: the terms are the bulk of the rows.
  const rows = JSON.stringify(
    leases.map((l) => ({
      id: l.id,
      reference: l.reference,
      customer_id: l.customerId,
      start_date: l.startDate,
      end_date: l.endDate,
      billing_starts_on: l.billingStartsOn,
    })),
  );
  const units = JSON.stringify(leases.map((l) => ({ id: l.id, unit_ids: l.unitIds })));
  const versions = JSON.stringify(
    leases.map((l) => ({ id: l.id, start_date: l.startDate, terms: l.terms })),
  );
  const at = scope.at.toISOString();
  await tx.$executeRawUnsafe(
    `INSERT INTO leases (id, org_id, site_id, reference, customer_id, start_date, end_date,
                         billing_starts_on, status, currency, time_zone, release_pending,
                         activated_at, created_by, created_at, updated_at)
     SELECT r.id, $2, $3, r.reference, r.customer_id, r.start_date, r.end_date,
            r.billing_starts_on, 'active'::"LeaseStatus", $4, $5, false,
            $6::timestamptz, $7, $6::timestamptz, $6::timestamptz
       FROM jsonb_to_recordset($1::jsonb)
         AS r(id text, reference text, customer_id text, start_date date, end_date date,
              billing_starts_on date)`,
    rows,
    scope.orgId,
    scope.siteId,
    scope.currency,
    scope.timeZone,
    at,
    scope.actor,
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO lease_units (lease_id, unit_id, position)
     SELECT r.id, u.unit_id, (u.ordinality - 1)::int
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, unit_ids jsonb)
       CROSS JOIN LATERAL jsonb_array_elements_text(r.unit_ids) WITH ORDINALITY AS u(unit_id, ordinality)`,
    units,
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO lease_versions (lease_id, version, effective_from, terms, reason, actor, created_at)
     SELECT r.id, 1, r.start_date, r.terms, $4, $2, $3::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, start_date date, terms jsonb)`,
    versions,
    scope.actor,
    at,
    initialTermsReason,
  );
}

/**
 * Removes leases an import made, with their units, versions and alerts (cascade). Only leases of
 * the site: ids recorded for the batch are its own, this is a guard.
 */
export async function deleteImportedLeases(
  tx: Tx,
  siteId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await tx.$executeRawUnsafe(
    `DELETE FROM leases WHERE site_id = $1 AND id = ANY($2::text[])`,
    siteId,
    ids,
  );
}

/** What happened to a lease of an import since: what refuses its rollback. */
export interface ImportedLeaseChange {
  leaseId: string;
  /** Its status now (imported `active`). */
  status: string;
  /** Its latest terms version (imported 1). */
  version: number;
  successorId: string | null;
}

/**
 * The leases of the batch that changed since the import — amended (a terms version after the
 * first), renewed (a successor), terminated or expired (not `active`) — at most `limit`, in id
 * order. Every lease of the batch is locked first, so an amendment, renewal, termination or
 * expiry running meanwhile (they write the lease or a row referencing it) waits for the
 * rollback and then finds the lease gone.
 */
export async function changedImportedLeases(
  tx: Tx,
  siteId: string,
  ids: readonly string[],
  limit: number,
): Promise<ImportedLeaseChange[]> {
  if (ids.length === 0) return [];
  await tx.$queryRawUnsafe(
    `WITH locked AS (
       SELECT id FROM leases WHERE site_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE)
     SELECT count(*)::int AS n FROM locked`,
    siteId,
    ids,
  );
  const rows = await tx.$queryRawUnsafe<
    { id: string; status: string; version: number; successor_id: string | null }[]
  >(
    `SELECT l.id, l.status::text AS status,
            (SELECT max(v.version) FROM lease_versions v WHERE v.lease_id = l.id) AS version,
            (SELECT s.id FROM leases s WHERE s.predecessor_id = l.id) AS successor_id
       FROM leases l
      WHERE l.site_id = $1 AND l.id = ANY($2::text[])
        AND (l.status <> 'active'
             OR EXISTS (SELECT 1 FROM lease_versions v WHERE v.lease_id = l.id AND v.version > 1)
             OR EXISTS (SELECT 1 FROM leases s WHERE s.predecessor_id = l.id))
      ORDER BY l.id
      LIMIT $3`,
    siteId,
    ids,
    limit,
  );
  return rows.map((r) => ({
    leaseId: r.id,
    status: r.status,
    version: Number(r.version),
    successorId: r.successor_id,
  }));
}

/** A lease not of an import naming one of its customers or units. */
export interface LeaseNamingImported {
  leaseId: string;
  status: string;
  /** The import's customer it names, if it does. */
  customerId: string | null;
  /** The import's units it names. */
  unitIds: string[];
}

/**
 * The site's leases other than `leaseIds`, in any status (drafts too), naming one of the
 * customers or units — at most `limit`, in id order.
 */
export async function leasesNaming(
  tx: Tx,
  siteId: string,
  leaseIds: readonly string[],
  parties: { customerIds: readonly string[]; unitIds: readonly string[] },
  limit: number,
): Promise<LeaseNamingImported[]> {
  if (parties.customerIds.length === 0 && parties.unitIds.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<
    { id: string; status: string; customer_id: string | null; unit_ids: string[] }[]
  >(
    `SELECT l.id, l.status::text AS status,
            CASE WHEN l.customer_id = ANY($3::text[]) THEN l.customer_id END AS customer_id,
            ARRAY(SELECT u.unit_id FROM lease_units u
                   WHERE u.lease_id = l.id AND u.unit_id = ANY($4::text[])
                   ORDER BY u.position) AS unit_ids
       FROM leases l
      WHERE l.site_id = $1 AND l.id <> ALL($2::text[])
        AND (l.customer_id = ANY($3::text[])
             OR l.id IN (SELECT u.lease_id FROM lease_units u WHERE u.unit_id = ANY($4::text[])))
      ORDER BY l.id
      LIMIT $5`,
    siteId,
    leaseIds,
    parties.customerIds,
    parties.unitIds,
    limit,
  );
  return rows.map((r) => ({
    leaseId: r.id,
    status: r.status,
    customerId: r.customer_id,
    unitIds: r.unit_ids,
  }));
}

/** When the batch was first opened in this service (it is open: `openImportBatch`). */
export async function openedAt(tx: Tx, batchId: string): Promise<Date> {
  const [row] = await tx.$queryRawUnsafe<{ created_at: Date }[]>(
    `SELECT created_at FROM import_batches WHERE batch_id = $1`,
    batchId,
  );
  return row!.created_at;
}
