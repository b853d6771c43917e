import {
  type EventEnvelope,
  EventTypes,
  type UnitCreatedV1,
  type UnitStatusChangedV1,
} from "@slms/contracts";
import { uuidv7 } from "@slms/db";
import type { Caller } from "@slms/grpc";
import { currentTraceparent } from "@slms/telemetry";
import type { UnitView } from "../domain/views.ts";

function envelope(
  type: string,
  caller: Caller,
  siteId: string,
  data: Record<string, unknown>,
): EventEnvelope {
  return {
    id: uuidv7(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    orgId: caller.orgId,
    siteId,
    actor: caller.actor,
    traceparent: currentTraceparent(),
    data,
  };
}

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
  return envelope(EventTypes.UnitCreated, caller, unit.siteId, data);
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
  return envelope(EventTypes.UnitStatusChanged, caller, unit.siteId, data);
}
