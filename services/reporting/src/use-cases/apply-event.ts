import {
  type EventEnvelope,
  EventTypes,
  type UnitCreatedV1,
  type UnitStatusChangedV1,
  unitCreatedV1,
  unitStatusChangedV1,
} from "@slms/contracts";
import { runOnce } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { ReportingDeps, Tx } from "../deps.ts";

/** The inbox (and queue) under which reporting applies every event once. */
export const eventInbox = "reporting.events";

/**
 * Applies one event to the read models, once (inbox): every event with a site counts towards the
 * site's data freshness, and unit events keep the unit facts occupancy is reported from. Events
 * may arrive out of order or twice: a status change older than the one shown is ignored, and a
 * unit's creation heard of after a status change keeps that status. Answers false for an event
 * already applied.
 */
export async function applyEvent(deps: ReportingDeps, event: EventEnvelope): Promise<boolean> {
  // Parsed before the transaction: a malformed payload fails here and is dead-lettered.
  const unitCreated =
    event.type === EventTypes.UnitCreated
      ? parseInput(unitCreatedV1, event.data, `event ${event.type}`)
      : null;
  const statusChanged =
    event.type === EventTypes.UnitStatusChanged
      ? parseInput(unitStatusChangedV1, event.data, `event ${event.type}`)
      : null;
  const result = await runOnce(deps.db, eventInbox, event.id, async (tx) => {
    if (event.siteId) await recordActivity(tx, event, event.siteId);
    if (unitCreated) await applyUnitCreated(tx, event, unitCreated);
    if (statusChanged) await applyStatusChanged(tx, event, statusChanged);
  });
  return !result.duplicate;
}

async function recordActivity(tx: Tx, event: EventEnvelope, siteId: string) {
  await tx.$executeRawUnsafe(
    `INSERT INTO site_activity (site_id, type, org_id, last_occurred_at, events)
     VALUES ($1, $2, $3, $4::timestamptz, 1)
     ON CONFLICT (site_id, type) DO UPDATE
       SET last_occurred_at = GREATEST(site_activity.last_occurred_at, EXCLUDED.last_occurred_at),
           events = site_activity.events + 1`,
    siteId,
    event.type,
    event.orgId,
    event.occurredAt,
  );
}

async function applyUnitCreated(tx: Tx, event: EventEnvelope, unit: UnitCreatedV1) {
  // A row already there came from a later status change: its status stands.
  await tx.$executeRawUnsafe(
    `INSERT INTO unit_facts (unit_id, org_id, site_id, building_id, kind, gross_area_m2,
                             list_rent_monthly_minor, currency, status, status_changed_at)
     VALUES ($1, $2, $3, $4, $5, $6::numeric, $7, $8, $9, $10::timestamptz)
     ON CONFLICT (unit_id) DO UPDATE
       SET building_id = EXCLUDED.building_id, kind = EXCLUDED.kind,
           gross_area_m2 = EXCLUDED.gross_area_m2,
           list_rent_monthly_minor = EXCLUDED.list_rent_monthly_minor,
           currency = EXCLUDED.currency`,
    unit.unitId,
    event.orgId,
    unit.siteId,
    unit.buildingId,
    unit.kind,
    unit.grossAreaM2,
    unit.listRentMonthlyMinor,
    unit.currency,
    unit.status,
    event.occurredAt,
  );
}

async function applyStatusChanged(tx: Tx, event: EventEnvelope, change: UnitStatusChangedV1) {
  await tx.$executeRawUnsafe(
    `INSERT INTO unit_facts (unit_id, org_id, site_id, kind, status, status_changed_at)
     VALUES ($1, $2, $3, $4, $5, $6::timestamptz)
     ON CONFLICT (unit_id) DO UPDATE
       SET status = EXCLUDED.status, status_changed_at = EXCLUDED.status_changed_at
       WHERE unit_facts.status_changed_at <= EXCLUDED.status_changed_at`,
    change.unitId,
    event.orgId,
    change.siteId,
    change.kind,
    change.to,
    change.changedAt,
  );
}
