import {
  type EventEnvelope,
  EventTypes,
  type UnitCreatedV1,
  type UnitStatusChangedV1,
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
