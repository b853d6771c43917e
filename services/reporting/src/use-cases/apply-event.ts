import {
  type BillBalanceChangedV1,
  type BillIssuedV1,
  billBalanceChangedV1,
  billIssuedV1,
  type CustomerChangedV1,
  customerChangedV1,
  type DepositEntryV1,
  depositEntryV1,
  type EventEnvelope,
  EventTypes,
  type ImportRolledBackV1,
  importRolledBackV1,
  type LeaseSnapshotV1,
  leaseActivatedV1,
  leaseAmendedV1,
  leaseExpiredV1,
  leaseRenewedV1,
  leaseTerminatedV1,
  paymentV1,
  type SiteCreatedV1,
  siteCreatedV1,
  siteUpdatedV1,
  type UnitCreatedV1,
  type UnitStatusChangedV1,
  type UnitUpdatedV1,
  unitCreatedV1,
  unitStatusChangedV1,
  unitUpdatedV1,
} from "@slms/contracts";
import { anyRemoved, markHandled, removalOf, runOnce } from "@slms/db";
import { parseInput } from "@slms/errors";
import { z } from "zod";
import { recordAudit } from "../db/audit.ts";
import { type RemovableKind, removeObjects } from "../db/removed.ts";
import { refreshPaymentDays, refreshUnitTotals } from "../db/totals.ts";
import type { ReportingDeps, Tx } from "../deps.ts";
import { monthlyRentMinor } from "../domain/rent.ts";

/** The inbox (and queue) under which reporting applies every event once. */
export const eventInbox = "reporting.events";

/**
 * Applies one event to the read models, once (inbox): every event with a site counts towards the
 * site's data freshness; site events keep the site facts (time zone, currency), unit events the
 * unit facts occupancy is reported from, bill events the receivables (state and movements),
 * payment events the payment journal; every event about an object makes its audit entry. Events may arrive
 * out of order or twice: an older site update or status change than the one shown is ignored, a
 * unit's creation heard of after a status change keeps that status, and a payment's reversal
 * stays whatever arrives after it. An import rolled back (`<service>.import.rolled_back`, each
 * part on its own) removes the objects it names and takes the batch's events as handled; an
 * event about a removed object, arriving whenever, changes no read model (db/removed.ts).
 * Answers false for an event already applied.
 */
export async function applyEvent(deps: ReportingDeps, event: EventEnvelope): Promise<boolean> {
  // Parsed before the transaction: a malformed payload fails here and is dead-lettered.
  const model = readModelOf(deps, event);
  const result = await runOnce(deps.db, eventInbox, event.id, async (tx) => {
    if (event.siteId) await recordActivity(tx, event, event.siteId);
    await recordAudit(tx, event);
    await model?.(tx);
  });
  return !result.duplicate;
}

/** A payment as reporting takes it: `receivedAt` must be an instant. */
const payment = paymentV1.extend({ receivedAt: z.iso.datetime({ offset: true }) });

/** What the event changes in the read models besides freshness, if anything. */
function readModelOf(
  deps: ReportingDeps,
  event: EventEnvelope,
): ((tx: Tx) => Promise<void>) | null {
  const parse = <S extends z.ZodType>(schema: S) =>
    parseInput(schema, event.data, `event ${event.type}`);
  switch (event.type) {
    case EventTypes.SiteCreated:
    case EventTypes.SiteUpdated: {
      const updated = event.type === EventTypes.SiteUpdated ? parse(siteUpdatedV1) : null;
      const site = updated ?? parse(siteCreatedV1);
      // The site's payment days move only when its time zone becomes known or changes.
      const zoneMoved = !updated || updated.changes.some((change) => change.field === "timeZone");
      return async (tx) => {
        await applySite(tx, event, site);
        if (zoneMoved) await refreshPaymentDays(tx, event.orgId, site.siteId, null);
      };
    }
    case EventTypes.UnitCreated: {
      const unit = parse(unitCreatedV1);
      return unlessRemoved(unit.siteId, [["unit", unit.unitId]], async (tx) => {
        await applyUnitCreated(tx, event, unit);
        await refreshUnitTotals(tx, event.orgId, unit.siteId, deps.clock());
      });
    }
    case EventTypes.UnitUpdated: {
      const unit = parse(unitUpdatedV1);
      return unlessRemoved(unit.siteId, [["unit", unit.unitId]], async (tx) => {
        await applyUnitUpdated(tx, event, unit);
        await refreshUnitTotals(tx, event.orgId, unit.siteId, deps.clock());
      });
    }
    case EventTypes.UnitStatusChanged: {
      const change = parse(unitStatusChangedV1);
      return unlessRemoved(change.siteId, [["unit", change.unitId]], async (tx) => {
        await applyStatusChanged(tx, event, change);
        await refreshUnitTotals(tx, event.orgId, change.siteId, deps.clock());
      });
    }
    case EventTypes.LeaseActivated:
    case EventTypes.LeaseRenewed:
    case EventTypes.LeaseAmended: {
      const schema =
        event.type === EventTypes.LeaseAmended
          ? leaseAmendedV1
          : event.type === EventTypes.LeaseRenewed
            ? leaseRenewedV1
            : leaseActivatedV1;
      const lease = parse(schema);
      return unlessRemoved(lease.siteId, [["lease", lease.leaseId]], (tx) =>
        applyLeaseSnapshot(tx, event, lease),
      );
    }
    case EventTypes.LeaseTerminated: {
      const ended = parse(leaseTerminatedV1);
      return unlessRemoved(ended.siteId, [["lease", ended.leaseId]], (tx) =>
        applyLeaseEnded(tx, event, ended, "terminated", ended.terminationDate),
      );
    }
    case EventTypes.LeaseExpired: {
      const ended = parse(leaseExpiredV1);
      return unlessRemoved(ended.siteId, [["lease", ended.leaseId]], (tx) =>
        applyLeaseEnded(tx, event, ended, "expired", ended.endDate),
      );
    }
    case EventTypes.CustomerCreated:
    case EventTypes.CustomerUpdated: {
      const customer = parse(customerChangedV1);
      return unlessRemoved(customer.siteId, [["customer", customer.customerId]], (tx) =>
        applyCustomer(tx, event, customer),
      );
    }
    case EventTypes.DepositReceived:
    case EventTypes.DepositApplied:
    case EventTypes.DepositRefunded:
    case EventTypes.DepositForfeited: {
      const entry = parse(depositEntryV1);
      const objects = [
        ["deposit", entry.entryId],
        ["lease", entry.leaseId],
      ] as const;
      return unlessRemoved(entry.siteId, objects, (tx) => applyDeposit(tx, event, entry));
    }
    case EventTypes.BillIssued: {
      const bill = parse(billIssuedV1);
      return unlessRemoved(bill.siteId, [["bill", bill.billId]], (tx) =>
        applyBillIssued(tx, event, bill),
      );
    }
    case EventTypes.BillBalanceChanged: {
      const change = parse(billBalanceChangedV1);
      return unlessRemoved(change.siteId, [["bill", change.billId]], (tx) =>
        applyBillBalanceChanged(tx, event, change),
      );
    }
    case EventTypes.PaymentRecorded:
    case EventTypes.PaymentReversed: {
      const data = parse(payment);
      return async (tx) => {
        await applyPayment(tx, event, data);
        await refreshPaymentDays(tx, event.orgId, data.siteId, data.receivedAt);
      };
    }
    case EventTypes.UnitsImportRolledBack:
    case EventTypes.CustomersImportRolledBack:
    case EventTypes.LeasesImportRolledBack:
    case EventTypes.BalancesImportRolledBack:
    case EventTypes.DepositsImportRolledBack: {
      const rollback = parse(importRolledBackV1);
      return (tx) => applyImportRolledBack(tx, deps, event, rollback);
    }
    default:
      return null;
  }
}

/** `apply`, unless one of the objects was removed by an import's rollback (db/removed.ts). */
function unlessRemoved(
  siteId: string,
  objects: readonly (readonly [RemovableKind, string])[],
  apply: (tx: Tx) => Promise<void>,
): (tx: Tx) => Promise<void> {
  return async (tx) => {
    if (!(await anyRemoved(tx, siteId, objects))) await apply(tx);
  };
}

/**
 * A part of an import's rollback: the batch's events it lists are taken as handled first (one
 * still on its way is then a duplicate; one being applied right now is waited for), then the
 * objects it lists are removed — and, when it says when the batch was released (assets' parts),
 * the statuses it put back applied and the past occupancy snapshots corrected.
 */
async function applyImportRolledBack(
  tx: Tx,
  deps: ReportingDeps,
  event: EventEnvelope,
  rollback: ImportRolledBackV1,
) {
  await markHandled(tx, eventInbox, rollback.eventIds);
  const past = rollback.releasedAt
    ? {
        batchId: rollback.batchId,
        releasedAt: new Date(rollback.releasedAt),
        rolledBackAt: new Date(event.occurredAt),
        unitsPutBack: rollback.unitsPutBack ?? [],
      }
    : undefined;
  await removeObjects(tx, removalOf(event, rollback), deps.clock(), past);
}

async function applySite(tx: Tx, event: EventEnvelope, site: SiteCreatedV1) {
  await tx.$executeRawUnsafe(
    `INSERT INTO site_facts (site_id, org_id, code, name, kind, time_zone, currency, as_of)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz)
     ON CONFLICT (site_id) DO UPDATE
       SET code = EXCLUDED.code, name = EXCLUDED.name, kind = EXCLUDED.kind,
           time_zone = EXCLUDED.time_zone, currency = EXCLUDED.currency, as_of = EXCLUDED.as_of
       WHERE site_facts.as_of <= EXCLUDED.as_of`,
    site.siteId,
    event.orgId,
    site.code,
    site.name,
    site.kind,
    site.timeZone,
    site.currency,
    event.occurredAt,
  );
}

/**
 * A lease's snapshot (activated, renewed, amended): its dates, units and the rent of its newest
 * terms version. An older snapshot than the one shown changes no terms, and an ended lease
 * stays ended.
 */
async function applyLeaseSnapshot(tx: Tx, event: EventEnvelope, lease: LeaseSnapshotV1) {
  const newest = lease.versions.reduce((a, b) => (b.version > a.version ? b : a));
  await tx.$executeRawUnsafe(
    `INSERT INTO lease_facts (lease_id, org_id, site_id, customer_id, reference, unit_ids,
                              start_date, end_date, status, monthly_rent_minor, currency,
                              terms_version, escalation)
     VALUES ($1, $2, $3, $4, $5, $6::text[], $7::date, $8::date, 'active', $9, $10, $11, $12::jsonb)
     ON CONFLICT (lease_id) DO UPDATE
       SET status = CASE WHEN lease_facts.status = 'draft' THEN 'active' ELSE lease_facts.status END,
           customer_id = EXCLUDED.customer_id, reference = EXCLUDED.reference,
           unit_ids = EXCLUDED.unit_ids, start_date = EXCLUDED.start_date,
           end_date = EXCLUDED.end_date, monthly_rent_minor = EXCLUDED.monthly_rent_minor,
           currency = EXCLUDED.currency, terms_version = EXCLUDED.terms_version,
           escalation = EXCLUDED.escalation
       WHERE lease_facts.terms_version <= EXCLUDED.terms_version`,
    lease.leaseId,
    event.orgId,
    lease.siteId,
    lease.customerId,
    lease.reference,
    lease.unitIds,
    lease.startDate,
    lease.endDate,
    monthlyRentMinor(newest.terms.rent, newest.terms.frequency),
    lease.currency,
    newest.version,
    JSON.stringify(newest.terms.escalation),
  );
}

/** A lease terminated or expired on a date; heard of before the lease, it is kept without dates. */
async function applyLeaseEnded(
  tx: Tx,
  event: EventEnvelope,
  lease: { leaseId: string; siteId: string; customerId: string; unitIds: string[] },
  status: "terminated" | "expired",
  endedOn: string,
) {
  await tx.$executeRawUnsafe(
    `INSERT INTO lease_facts (lease_id, org_id, site_id, customer_id, unit_ids, status, ended_on)
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7::date)
     ON CONFLICT (lease_id) DO UPDATE SET status = EXCLUDED.status, ended_on = EXCLUDED.ended_on`,
    lease.leaseId,
    event.orgId,
    lease.siteId,
    lease.customerId,
    lease.unitIds,
    status,
    endedOn,
  );
}

async function applyCustomer(tx: Tx, event: EventEnvelope, customer: CustomerChangedV1) {
  await tx.$executeRawUnsafe(
    `INSERT INTO customer_facts (customer_id, org_id, site_id, kind, name, as_of)
     VALUES ($1, $2, $3, $4, $5, $6::timestamptz)
     ON CONFLICT (customer_id) DO UPDATE
       SET kind = EXCLUDED.kind, name = EXCLUDED.name, as_of = EXCLUDED.as_of
       WHERE customer_facts.as_of <= EXCLUDED.as_of`,
    customer.customerId,
    event.orgId,
    customer.siteId,
    customer.kind,
    customer.name,
    event.occurredAt,
  );
}

/**
 * A lease's deposit after an entry (and the entry, what is held is taken down by if it is
 * removed). Deposits may be taken while the lease is a draft, before any lease event: the lease
 * is then kept as a draft until its activation arrives.
 */
async function applyDeposit(tx: Tx, event: EventEnvelope, entry: DepositEntryV1) {
  await tx.$executeRawUnsafe(
    `INSERT INTO deposit_entry_facts (entry_id, org_id, site_id, lease_id, amount_minor, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6::timestamptz) ON CONFLICT (entry_id) DO NOTHING`,
    ...[entry.entryId, event.orgId, entry.siteId, entry.leaseId, entry.amountMinor],
    event.occurredAt,
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO lease_facts (lease_id, org_id, site_id, customer_id, unit_ids, status,
                              deposit_held_minor, deposit_as_of, currency)
     VALUES ($1, $2, $3, $4, '{}', 'draft', $5, $6::timestamptz, $7)
     ON CONFLICT (lease_id) DO UPDATE
       SET deposit_held_minor = EXCLUDED.deposit_held_minor, deposit_as_of = EXCLUDED.deposit_as_of
       WHERE lease_facts.deposit_as_of IS NULL OR lease_facts.deposit_as_of <= EXCLUDED.deposit_as_of`,
    entry.leaseId,
    event.orgId,
    entry.siteId,
    entry.customerId,
    entry.heldMinor,
    event.occurredAt,
    entry.currency,
  );
}

/**
 * A payment recorded or reversed. Either may arrive first: both carry the whole payment, and a
 * reversal stays one whatever arrives after it.
 */
async function applyPayment(tx: Tx, event: EventEnvelope, data: z.output<typeof payment>) {
  const reversed = event.type === EventTypes.PaymentReversed;
  await tx.$executeRawUnsafe(
    `INSERT INTO payment_entries (payment_id, org_id, site_id, customer_id, lease_id, method,
                                  amount_minor, currency, received_at, receipt_number, cashier,
                                  reversed_at, reversed_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz, $10, $11, $12::timestamptz, $13)
     ON CONFLICT (payment_id) DO UPDATE
       SET cashier = CASE WHEN $14 THEN payment_entries.cashier ELSE EXCLUDED.cashier END,
           reversed_at = coalesce(payment_entries.reversed_at, EXCLUDED.reversed_at),
           reversed_by = coalesce(payment_entries.reversed_by, EXCLUDED.reversed_by)`,
    data.paymentId,
    event.orgId,
    data.siteId,
    data.customerId,
    data.leaseId,
    data.method,
    data.amountMinor,
    data.currency,
    data.receivedAt,
    data.receiptNumber,
    // A reversal heard of first does not know the cashier; its recording fills it in.
    reversed ? "" : event.actor,
    reversed ? event.occurredAt : null,
    reversed ? event.actor : null,
    reversed,
  );
}

/**
 * One statement per bill event: the bill's state if newer than the one shown, its movement
 * (once per bill and version), and — only when the movement is new — its amounts added to the
 * site's totals for the bill's due date. $17 is when the movement took effect; null for an
 * issue, which counts from the start of its issue date in the site's time zone (whenever the run
 * that issued it happened: a late run, an import of opening arrears).
 */
const APPLY_BILL = `
  WITH bill AS (
    INSERT INTO bill_facts (bill_id, org_id, site_id, lease_id, customer_id, fee_code, kind,
                            period_start, period_end, issue_date, due_date, currency,
                            amount_minor, allocated_minor, waived_minor, version)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9::date, $10::date, $11::date, $12, $13, $14,
            $15, $16)
    ON CONFLICT (bill_id) DO UPDATE
      SET amount_minor = EXCLUDED.amount_minor, allocated_minor = EXCLUDED.allocated_minor,
          waived_minor = EXCLUDED.waived_minor, period_end = EXCLUDED.period_end,
          version = EXCLUDED.version
      WHERE bill_facts.version < EXCLUDED.version),
  moved AS (
    INSERT INTO bill_movements (bill_id, version, org_id, site_id, at, amount_delta_minor,
                                allocated_delta_minor, waived_delta_minor)
    VALUES ($1, $16, $2, $3,
            coalesce($17::timestamptz, $10::date::timestamp AT TIME ZONE
              coalesce((SELECT time_zone FROM site_facts WHERE site_id = $3), 'UTC')),
            $18, $19, $20)
    ON CONFLICT (bill_id, version) DO NOTHING
    RETURNING amount_delta_minor, allocated_delta_minor, waived_delta_minor)
  INSERT INTO bill_due_totals (org_id, site_id, due_date, amount_minor, allocated_minor, waived_minor)
  SELECT $2, $3, $11::date, amount_delta_minor, allocated_delta_minor, waived_delta_minor FROM moved
  ON CONFLICT (site_id, due_date) DO UPDATE
    SET amount_minor = bill_due_totals.amount_minor + EXCLUDED.amount_minor,
        allocated_minor = bill_due_totals.allocated_minor + EXCLUDED.allocated_minor,
        waived_minor = bill_due_totals.waived_minor + EXCLUDED.waived_minor`;

/** A bill issued: version 0, its amount the first movement, on its issue date. */
async function applyBillIssued(tx: Tx, event: EventEnvelope, bill: BillIssuedV1) {
  await tx.$executeRawUnsafe(
    APPLY_BILL,
    ...[bill.billId, event.orgId, bill.siteId, bill.leaseId, bill.customerId, bill.feeCode],
    ...[bill.kind, bill.periodStart, bill.periodEnd, bill.issueDate, bill.dueDate, bill.currency],
    ...[bill.amountMinor, 0, 0, 0],
    ...[null, bill.amountMinor, 0, 0],
  );
}

/**
 * A bill's balance changed: its state if newer than the one shown (a change heard of before the
 * issue carries the whole bill), and the movement.
 */
async function applyBillBalanceChanged(tx: Tx, event: EventEnvelope, change: BillBalanceChangedV1) {
  await tx.$executeRawUnsafe(
    APPLY_BILL,
    ...[change.billId, event.orgId, change.siteId, change.leaseId, change.customerId],
    ...[change.feeCode, change.kind, change.periodStart, change.periodEnd, change.issueDate],
    ...[change.dueDate, change.currency, change.amountMinor, change.allocatedMinor],
    ...[change.waivedMinor, change.version, change.at, change.amountDeltaMinor],
    ...[change.allocatedDeltaMinor, change.waivedDeltaMinor],
  );
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
                             list_rent_monthly_minor, currency, status, status_changed_at, code,
                             facts_as_of)
     VALUES ($1, $2, $3, $4, $5, $6::numeric, $7, $8, $9, $10::timestamptz, $11, $10::timestamptz)
     ON CONFLICT (unit_id) DO UPDATE
       SET building_id = EXCLUDED.building_id, kind = EXCLUDED.kind, code = EXCLUDED.code,
           gross_area_m2 = EXCLUDED.gross_area_m2,
           list_rent_monthly_minor = EXCLUDED.list_rent_monthly_minor,
           currency = EXCLUDED.currency, facts_as_of = EXCLUDED.facts_as_of
       WHERE unit_facts.facts_as_of IS NULL OR unit_facts.facts_as_of <= EXCLUDED.facts_as_of`,
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
    unit.code,
  );
}

/**
 * A unit's edit: its facts if newer than those shown. Heard of before the unit's creation, the
 * row is made with a status to come (vacant until the creation or a status change says).
 */
async function applyUnitUpdated(tx: Tx, event: EventEnvelope, unit: UnitUpdatedV1) {
  await tx.$executeRawUnsafe(
    `INSERT INTO unit_facts (unit_id, org_id, site_id, building_id, kind, gross_area_m2,
                             list_rent_monthly_minor, currency, status, status_changed_at, code,
                             facts_as_of)
     VALUES ($1, $2, $3, $4, $5, $6::numeric, $7, $8, 'vacant', '1970-01-01T00:00:00Z', $9, $10::timestamptz)
     ON CONFLICT (unit_id) DO UPDATE
       SET building_id = EXCLUDED.building_id, kind = EXCLUDED.kind, code = EXCLUDED.code,
           gross_area_m2 = EXCLUDED.gross_area_m2,
           list_rent_monthly_minor = EXCLUDED.list_rent_monthly_minor,
           currency = EXCLUDED.currency, facts_as_of = EXCLUDED.facts_as_of
       WHERE unit_facts.facts_as_of IS NULL OR unit_facts.facts_as_of <= EXCLUDED.facts_as_of`,
    ...[unit.unitId, event.orgId, unit.siteId, unit.buildingId, unit.kind, unit.grossAreaM2],
    ...[unit.listRentMonthlyMinor, unit.currency, unit.code, event.occurredAt],
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
