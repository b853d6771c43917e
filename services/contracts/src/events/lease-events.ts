import {
  type EventEnvelope,
  EventTypes,
  type LeaseAmendedV1,
  type LeaseExpiredV1,
  type LeaseExpiringV1,
  type LeaseRenewedV1,
  type LeaseSnapshotV1,
  type LeaseTerminatedV1,
} from "@slms/contracts";
import { newEvent } from "@slms/db";
import type { Caller } from "@slms/grpc";
import type { LeaseView } from "../db/leases.ts";
import { billedFrom } from "../domain/go-live.ts";
import type { TerminationSettlement } from "../domain/termination.ts";
import type { ScheduledCharge } from "../domain/terms.ts";

const envelope = (type: string, actor: string, lease: LeaseView, data: object): EventEnvelope =>
  newEvent(type, { orgId: lease.orgId, siteId: lease.siteId, actor }, data);

const reference = (lease: LeaseView) => ({
  leaseId: lease.id,
  siteId: lease.siteId,
  customerId: lease.customerId,
  unitIds: lease.unitIds,
});

/**
 * Everything billing needs to bill the lease: parties, dates, every terms version, the schedule
 * — from the go-live of an imported lease (`billedFrom`).
 */
function snapshot(lease: LeaseView, schedule: readonly ScheduledCharge[]): LeaseSnapshotV1 {
  return {
    ...reference(lease),
    reference: lease.reference,
    startDate: lease.startDate,
    endDate: lease.endDate,
    currency: lease.currency,
    timeZone: lease.timeZone,
    predecessorId: lease.predecessorId,
    versions: lease.versions.map((v) => ({
      version: v.version,
      effectiveFrom: v.effectiveFrom,
      terms: v.terms,
    })),
    schedule: billedFrom(schedule, lease.billingStartsOn),
  };
}

export const leaseActivated = (
  caller: Caller,
  lease: LeaseView,
  schedule: readonly ScheduledCharge[],
) => envelope(EventTypes.LeaseActivated, caller.actor, lease, snapshot(lease, schedule));

export function leaseRenewed(
  caller: Caller,
  successor: LeaseView,
  schedule: readonly ScheduledCharge[],
) {
  const data: LeaseRenewedV1 = {
    ...snapshot(successor, schedule),
    predecessorId: successor.predecessorId ?? "",
  };
  return envelope(EventTypes.LeaseRenewed, caller.actor, successor, data);
}

export function leaseAmended(
  caller: Caller,
  lease: LeaseView,
  schedule: readonly ScheduledCharge[],
) {
  const latest = lease.versions.at(-1)!;
  const data: LeaseAmendedV1 = {
    ...snapshot(lease, schedule),
    version: latest.version,
    effectiveFrom: latest.effectiveFrom,
  };
  return envelope(EventTypes.LeaseAmended, caller.actor, lease, data);
}

export function leaseTerminated(
  caller: Caller,
  lease: LeaseView,
  reason: string,
  settlement: TerminationSettlement,
) {
  const from = lease.billingStartsOn;
  const data: LeaseTerminatedV1 = {
    ...reference(lease),
    terminationDate: settlement.terminationDate,
    reason,
    penaltyMinor: settlement.penaltyMinor,
    depositMinor: settlement.depositMinor,
    finalPeriods: billedFrom(settlement.finalPeriods, from),
    droppedPeriods: billedFrom(settlement.droppedPeriods, from),
    schedule: billedFrom(settlement.revisedSchedule, from),
  };
  return envelope(EventTypes.LeaseTerminated, caller.actor, lease, data);
}

export function leaseExpired(actor: string, lease: LeaseView) {
  const data: LeaseExpiredV1 = { ...reference(lease), endDate: lease.endDate };
  return envelope(EventTypes.LeaseExpired, actor, lease, data);
}

export function leaseExpiring(
  actor: string,
  lease: LeaseView,
  daysLeft: LeaseExpiringV1["daysLeft"],
) {
  const data: LeaseExpiringV1 = { ...reference(lease), endDate: lease.endDate, daysLeft };
  return envelope(EventTypes.LeaseExpiring, actor, lease, data);
}
