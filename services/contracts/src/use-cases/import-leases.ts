import { importedObjects, openImportBatch, recordImportedRows, writeOutbox } from "@slms/db";
import {
  conflict,
  DomainError,
  type FieldIssue,
  invalid,
  isDomainError,
  notFound,
  parseInput,
} from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { missingSiteParties } from "../clients/site-parties.ts";
import {
  type ImportedLease,
  type ImportScope,
  importedLeaseView,
  insertImportedLeases,
  leasesByReference,
  openedAt,
} from "../db/lease-import.ts";
import type { ContractsDeps, Tx } from "../deps.ts";
import { importedLeaseId } from "../domain/import-ids.ts";
import { leaseActivated } from "../events/lease-events.ts";
import { importBatchInput } from "../input/fields.ts";
import {
  assertRowCount,
  type ImportLeaseRowInput,
  type ValidLeaseRow,
  validImportRows,
} from "../input/import-rows.ts";

/** What an import batch's lease rows make (import_rows.kind). */
export const leaseImportKind = "lease";

/** A row of the batch and the lease it made. */
export interface ImportedObject {
  key: string;
  id: string;
}

/**
 * Makes the leases of an import batch active at once, exactly as CreateLease then ActivateLease
 * leave them — status `active`, units in order, version 1 of the terms ("initial terms"), and
 * `contracts.lease.activated` with the snapshot and schedule — for up to 10,000 rows in one
 * transaction of a few statements, the events held until the batch is released.
 *
 * In order, no lease written and no unit held until every check passed:
 * 1. the site in the caller's scope (else not found) and its currency and time zone (assets);
 * 2. every row checked (`validImportRows`: terms as CreateLease checks them, the go-live, no
 *    key, reference or unit twice), every problem named `leases.<i>.<field>` (invalid) — the
 *    schedule only of rows not made yet (a resumed import sends them all again);
 * 3. the batch opened (one released, discarded or of another site is a conflict); a reference
 *    the site already uses for a lease not of this row is a conflict naming
 *    `leases.<i>.reference`; a customer or unit not of the site is invalid, naming
 *    `leases.<i>.customerId` / `leases.<i>.unitIds.<j>` (customers and units asked for by
 *    id, 500 a call: `missingSiteParties`);
 * 4. the units held through assets' ImportUnitHolds — one call, same batch, one hold per new
 *    lease (key = the row's key) from its start to its end — where a unit held by another lease
 *    is a conflict naming `leases.<i>.unitIds.<j>`;
 * 5. one transaction: the leases, their units and versions, the held events, the batch's rows.
 *
 * Holding before writing is ActivateLease's order. A lease's id is derived from the batch and the
 * row's key (`importedLeaseId`), so a call that failed after step 4 and is sent again holds
 * nothing twice (assets answers its rows by key) and writes the leases those holds name. Rows
 * already made are skipped and answered with their lease: sending a call twice makes nothing
 * twice. Answers every row's lease, in the request's order.
 */
export async function importLeases(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  request: { batchId: string; leases: readonly ImportLeaseRowInput[] },
): Promise<ImportedObject[]> {
  const { batchId } = parseInput(importBatchInput, { siteId, batchId: request.batchId }, "import");
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  assertRowCount(request.leases.length);
  const { site } = await deps.assets.GetSite({ id: siteId }, { caller });
  const made = await importedObjects(
    deps.db,
    batchId,
    leaseImportKind,
    request.leases.map((r) => String(r.key)),
  );
  const rows = validImportRows(request.leases, site!.currencyCode, new Set(made.keys()));
  const batch = { batchId, orgId: caller.orgId, siteId };
  const opened = await deps.db.$transaction(async (tx) => {
    await openImportBatch(tx, batch);
    return openedAt(tx, batchId);
  });
  const idOf = (row: ValidLeaseRow) => importedLeaseId(opened, batchId, row.key);
  const keys = rows.map((r) => r.key);
  const fresh = rows.filter((r) => !made.has(r.key));
  await refuseTakenReferences(deps.db, siteId, fresh, idOf);
  await requireSiteParties(deps, caller, siteId, fresh);
  await holdUnits(deps, caller, siteId, batchId, fresh, idOf);

  const importer = {
    orgId: caller.orgId,
    siteId,
    currency: site!.currencyCode,
    timeZone: site!.timeZone,
    actor: caller.actor,
  };
  const write = () =>
    deps.db.$transaction(
      async (tx) => {
        // Stamped inside the transaction (not before waiting for a connection, nor reused by
        // the retry below): a lease's updated_at must not precede the transaction writing it, or
        // a client syncing by update time could pass it before it commits (@slms/db
        // updateKeyset).
        const scope: ImportScope = { ...importer, at: deps.clock() };
        await openImportBatch(tx, batch);
        const already = await importedObjects(tx, batchId, leaseImportKind, keys);
        const toMake = rows.filter((r) => !already.has(r.key));
        await refuseTakenReferences(tx, siteId, toMake, idOf);
        const leases: (ImportedLease & { key: string })[] = toMake.map((r) => ({
          ...r,
          id: idOf(r),
        }));
        await insertImportedLeases(tx, scope, leases);
        // The schedule validation computed: buildSchedule of the lease's one version.
        const events = toMake.map((row, i) =>
          leaseActivated(caller, importedLeaseView(scope, leases[i]!), row.schedule),
        );
        await writeOutbox(tx, events, { hold: true });
        await recordImportedRows(
          tx,
          batchId,
          leaseImportKind,
          leases.map((l, i) => ({ rowKey: l.key, objectId: l.id, eventIds: [events[i]!.id] })),
        );
        for (const l of leases) already.set(l.key, l.id);
        return already;
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
  // The same rows sent concurrently: the second transaction waits on the first's keys, then
  // fails on them; written again, it finds them made (or names a reference taken meanwhile).
  const ids = await write().catch((error: unknown) => {
    if (isUniqueViolation(error)) return write();
    throw error;
  });
  return rows.map((r) => ({ key: r.key, id: ids.get(r.key)! }));
}

/** A reference the site uses for another lease than the row's: a conflict naming every row. */
async function refuseTakenReferences(
  db: ContractsDeps["db"] | Tx,
  siteId: string,
  rows: readonly ValidLeaseRow[],
  idOf: (row: ValidLeaseRow) => string,
): Promise<void> {
  const taken = await leasesByReference(
    db,
    siteId,
    rows.map((r) => r.reference),
  );
  const issues = rows.flatMap((r) => {
    const holder = taken.get(r.reference);
    return holder === undefined || holder === idOf(r)
      ? []
      : [{ field: `leases.${r.index}.reference`, message: `is taken by lease ${holder}` }];
  });
  if (issues.length > 0) throw conflict("lease references already exist at this site", issues);
}

/** Every customer and unit the rows name is the site's, else invalid naming each that is not. */
async function requireSiteParties(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  rows: readonly ValidLeaseRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const missing = await missingSiteParties(deps, caller, siteId, {
    customerIds: new Set(rows.map((r) => r.customerId)),
    unitIds: new Set(rows.flatMap((r) => r.unitIds)),
  });
  const issues: FieldIssue[] = [];
  for (const r of rows) {
    if (missing.customerIds.has(r.customerId))
      issues.push({
        field: `leases.${r.index}.customerId`,
        message: "is not a customer of this site",
      });
    for (const [j, unitId] of r.unitIds.entries()) {
      if (missing.unitIds.has(unitId))
        issues.push({
          field: `leases.${r.index}.unitIds.${j}`,
          message: "is not a unit of this site",
        });
    }
  }
  if (issues.length > 0) throw invalid("customers or units not found at this site", issues);
}

/**
 * One ImportUnitHolds call for the new leases; its errors name `holds.<n>…`, which become the
 * rows' own `leases.<i>…`.
 */
async function holdUnits(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  batchId: string,
  rows: readonly ValidLeaseRow[],
  idOf: (row: ValidLeaseRow) => string,
): Promise<void> {
  if (rows.length === 0) return;
  try {
    await deps.assets.ImportUnitHolds(
      {
        siteId,
        batchId,
        holds: rows.map((r) => ({
          key: r.key,
          leaseId: idOf(r),
          unitIds: r.unitIds,
          fromDate: r.startDate,
          toDate: r.endDate,
        })),
      },
      { caller, deadlineMs: 120_000 },
    );
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const rename = (text: string) =>
      text.replace(/\bholds\.(\d+)/g, (whole, n: string) => {
        const row = rows[Number(n)];
        return row ? `leases.${row.index}` : whole;
      });
    throw new DomainError(
      error.kind,
      rename(error.message),
      error.details.map((d) => ({ field: rename(d.field), message: rename(d.message) })),
    );
  }
}

/** A unique violation, as Prisma reports it for raw statements (P2010, SQLSTATE 23505). */
function isUniqueViolation(error: unknown): boolean {
  const e = error as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
  } | null;
  return e?.code === "P2010" && e.meta?.driverAdapterError?.cause?.originalCode === "23505";
}
