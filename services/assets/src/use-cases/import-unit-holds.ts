import { importedObjects, newId, openImportBatch, recordImportedRows, writeOutbox } from "@slms/db";
import { conflict, type FieldIssue, fieldIssues, invalid } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { todayIn } from "@slms/primitives/zoned";
import { z } from "zod";
import {
  changeStatuses,
  holdsOverlapping,
  insertHolds,
  leasesHolding,
  type NewHold,
} from "../db/import-holds.ts";
import { unitView } from "../db/rows.ts";
import { findSiteInScope } from "../db/scope.ts";
import { lockUnits } from "../db/status.ts";
import type { AssetsDeps } from "../deps.ts";
import { civilDate, id } from "../domain/fields.ts";
import {
  batchId,
  type HoldClaim,
  importKinds,
  maxImportRows,
  overlappingClaims,
  repeatIssues,
  rowKey,
} from "../domain/import-rows.ts";
import { leasedWhenHeld } from "../domain/unit-status.ts";
import { unitStatusChanged } from "../events/unit-events.ts";
import type { ImportedObject } from "./import-units.ts";

/** A row as HoldUnits takes a lease's hold, with the importer's key. */
const row = z
  .object({
    key: rowKey,
    leaseId: id,
    unitIds: z
      .array(id)
      .min(1, "must name at least one unit")
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, "must not name a unit twice"),
    fromDate: civilDate,
    toDate: civilDate,
  })
  .refine((r) => r.fromDate <= r.toDate, {
    path: ["toDate"],
    message: "must not be before fromDate",
  });

export type ImportUnitHoldRow = z.input<typeof row>;

export interface ImportUnitHoldsRequest {
  batchId: string;
  holds: readonly ImportUnitHoldRow[];
}

/**
 * Holds units for the leases of an import batch, as HoldUnits does a lease at a time — a unit
 * held today goes from vacant or reserved to leased, with a status history entry and the
 * `assets.unit.status_changed` event — for up to 10,000 leases in one transaction and a few
 * statements. The events are held until the batch is released (release-import.ts); discarding
 * it removes the holds and puts the units' statuses back (discard-import.ts).
 *
 * As in HoldUnits, the units are locked first (in id order), so a concurrent HoldUnits on them
 * waits and then sees these holds: a unit is never held twice for overlapping dates. Every row
 * is checked first and every bad field named (`holds.<i>.<field>`): a unit not of the site is
 * invalid; an inactive unit, a lease holding units already, a lease repeated in the call, and a
 * unit held (by any lease, in the site or earlier in the call) for overlapping dates are
 * conflicts naming `holds.<i>.unitIds.<j>` or `holds.<i>.leaseId`. Nothing is written then. A row
 * sent again (same batch and key) makes nothing and answers its lease id.
 *
 * The object a row makes is the lease's hold on its units (one per lease, made and released as
 * one); its id in the answer is the lease id.
 */
export async function importUnitHolds(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  request: ImportUnitHoldsRequest,
): Promise<ImportedObject[]> {
  const rows = parseRows(request);
  const site = await findSiteInScope(deps.db, caller, siteId);
  const result = await deps.db.$transaction(
    async (tx) => {
      await openImportBatch(tx, { batchId: request.batchId, orgId: caller.orgId, siteId });
      const made = await importedObjects(
        tx,
        request.batchId,
        importKinds.hold,
        rows.map((r) => r.key),
      );
      const fresh = rows.flatMap((r, index) => (made.has(r.key) ? [] : [{ ...r, index }]));
      const claims: HoldClaim[] = fresh.flatMap((r) =>
        r.unitIds.map((unitId, unit) => ({
          row: r.index,
          unit,
          unitId,
          fromDate: r.fromDate,
          toDate: r.toDate,
        })),
      );
      const units = await lockUnits(tx, siteId, [...new Set(claims.map((c) => c.unitId))]);
      const byId = new Map(units.map((u) => [u.id, u]));
      const field = (c: HoldClaim) => `holds.${c.row}.unitIds.${c.unit}`;
      const missing = claims.flatMap((c) =>
        byId.has(c.unitId) ? [] : [{ field: field(c), message: "is not a unit of this site" }],
      );
      if (missing.length > 0) throw invalid("invalid holds", missing);

      const issues: FieldIssue[] = claims.flatMap((c) =>
        byId.get(c.unitId)?.status === "inactive"
          ? [{ field: field(c), message: "is inactive" }]
          : [],
      );
      const holding = await leasesHolding(
        tx,
        fresh.map((r) => r.leaseId),
      );
      for (const r of fresh) {
        if (holding.has(r.leaseId)) {
          issues.push({
            field: `holds.${r.index}.leaseId`,
            message: `lease ${r.leaseId} already holds units; release them first`,
          });
        }
      }
      for (const h of await holdsOverlapping(tx, claims)) {
        issues.push({
          field: field(h.claim),
          message: `held by lease ${h.leaseId} from ${h.fromDate} to ${h.toDate}`,
        });
      }
      for (const { claim, other } of overlappingClaims(claims)) {
        issues.push({
          field: field(claim),
          message: `held by holds.${other.row} from ${other.fromDate} to ${other.toDate}`,
        });
      }
      if (issues.length > 0) throw conflict("units cannot be held as imported", issues);

      const now = new Date();
      const holds: NewHold[] = claims.map((c) => ({
        id: newId("hld"),
        unitId: c.unitId,
        leaseId: rows[c.row]!.leaseId,
        fromDate: c.fromDate,
        toDate: c.toDate,
      }));
      await insertHolds(tx, siteId, caller.actor, now, holds);

      // Units held today are leased, as HoldUnits leaves them (claims of a unit never overlap,
      // so at most one claim of a unit covers today).
      const today = todayIn(site.timeZone, now);
      const leasing = claims.flatMap((c) => {
        const unit = byId.get(c.unitId)!;
        if (!(c.fromDate <= today && today <= c.toDate)) return [];
        if (!leasedWhenHeld.includes(unit.status)) return [];
        const lease = rows[c.row]!;
        return [
          {
            claim: c,
            unit,
            change: {
              unitId: unit.id,
              from: unit.status,
              to: "leased" as const,
              reason: `lease ${lease.leaseId} from ${lease.fromDate}`,
            },
          },
        ];
      });
      const history = await changeStatuses(
        tx,
        caller.actor,
        now,
        leasing.map((l) => l.change),
      );
      const events = leasing.map((l) =>
        unitStatusChanged(
          caller,
          unitView(
            { ...l.unit, status: "leased", statusChangedAt: now, updatedAt: now },
            site.currency,
          ),
          l.change.from,
          l.change.reason,
        ),
      );
      await writeOutbox(tx, events, { hold: true });

      const eventsOfRow = new Map<number, string[]>();
      leasing.forEach((l, i) => {
        const list = eventsOfRow.get(l.claim.row) ?? [];
        list.push(events[i]!.id);
        eventsOfRow.set(l.claim.row, list);
      });
      await recordImportedRows(
        tx,
        request.batchId,
        importKinds.hold,
        fresh.map((r) => ({
          rowKey: r.key,
          objectId: r.leaseId,
          eventIds: eventsOfRow.get(r.index) ?? [],
        })),
      );
      await recordImportedRows(
        tx,
        request.batchId,
        importKinds.statusChange,
        leasing.map((l) => ({
          rowKey: `${rows[l.claim.row]!.key}/${l.unit.id}`,
          objectId: history.get(l.unit.id)!,
          eventIds: [],
        })),
      );
      return rows.map((r) => ({ key: r.key, id: made.get(r.key) ?? r.leaseId }));
    },
    { timeout: 120_000 },
  );
  // The events are held: nothing for the relay until the release.
  return result;
}

type ParsedRow = z.output<typeof row>;

/** Every row checked as HoldUnits checks a hold; every bad field named, or the rows. */
function parseRows(request: ImportUnitHoldsRequest): ParsedRow[] {
  const head = z
    .object({ batchId, holds: z.array(z.unknown()).max(maxImportRows) })
    .safeParse(request);
  if (!head.success) throw invalid("invalid import", fieldIssues(head.error));
  const issues: FieldIssue[] = [];
  const rows: ParsedRow[] = [];
  request.holds.forEach((raw, i) => {
    const parsed = row.safeParse(raw);
    if (parsed.success) rows.push(parsed.data);
    else issues.push(...fieldIssues(parsed.error, `holds.${i}.`));
  });
  if (issues.length > 0) throw invalid("invalid holds", issues);
  const keyIssues = repeatIssues(
    "holds",
    "key",
    rows.map((r) => r.key),
  );
  if (keyIssues.length > 0) throw invalid("invalid holds", keyIssues);
  const leaseIssues = repeatIssues(
    "holds",
    "leaseId",
    rows.map((r) => r.leaseId),
  );
  if (leaseIssues.length > 0) throw conflict("a lease is held twice in the import", leaseIssues);
  return rows;
}
