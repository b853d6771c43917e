import {
  type EventEnvelope,
  EventTypes,
  type UnitCreatedV1,
  type UnitStatusChangedV1,
  type UnitUpdatedV1,
} from "@slms/contracts";
import { newEvent } from "@slms/db";
import type { Caller } from "@slms/grpc";
import type { UnitView } from "../domain/views.ts";

export function unitCreated(caller: Caller, unit: UnitView): EventEnvelope {
  const data: UnitCreatedV1 = {
    unitId: unit.id,
    siteId: unit.siteId,
    buildingId: unit.buildingId,
    code: unit.code,
    name: unit.name,
    kind: unit.kind,
    grossAreaM2: unit.grossAreaM2,
    usableAreaM2: unit.usableAreaM2,
    listRentMonthlyMinor: unit.listRentMonthlyMinor,
    currency: unit.currency,
    status: unit.status,
  };
  return newEvent(
    EventTypes.UnitCreated,
    { orgId: unit.orgId, siteId: unit.siteId, actor: caller.actor },
    data,
  );
}

export function unitStatusChanged(
  caller: Caller,
  unit: UnitView,
  from: UnitStatusChangedV1["from"],
  reason: string,
): EventEnvelope {
  const data: UnitStatusChangedV1 = {
    unitId: unit.id,
    siteId: unit.siteId,
    kind: unit.kind,
    from,
    to: unit.status,
    reason,
    changedAt: unit.statusChangedAt.toISOString(),
  };
  return newEvent(
    EventTypes.UnitStatusChanged,
    { orgId: unit.orgId, siteId: unit.siteId, actor: caller.actor },
    data,
  );
}

/** The fields of a unit an edit may change, in the order its event lists them. */
const editable = [
  "name",
  "kind",
  "floor",
  "grossAreaM2",
  "usableAreaM2",
  "listRentMonthlyMinor",
  "buildingId",
] as const;

/** The unit after an edit, with each changed field's before → after; null when none changed. */
export function unitUpdated(
  caller: Caller,
  before: UnitView,
  after: UnitView,
): EventEnvelope | null {
  const changes = editable
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, from: before[field], to: after[field] }));
  if (changes.length === 0) return null;
  const data: UnitUpdatedV1 = {
    unitId: after.id,
    siteId: after.siteId,
    buildingId: after.buildingId,
    code: after.code,
    name: after.name,
    kind: after.kind,
    floor: after.floor,
    grossAreaM2: after.grossAreaM2,
    usableAreaM2: after.usableAreaM2,
    listRentMonthlyMinor: after.listRentMonthlyMinor,
    currency: after.currency,
    changes,
  };
  return newEvent(
    EventTypes.UnitUpdated,
    { orgId: after.orgId, siteId: after.siteId, actor: caller.actor },
    data,
  );
}
