import type {
  BuildingView,
  OrganisationView,
  SiteView,
  StatusChangeView,
  UnitView,
} from "../domain/views.ts";
import type {
  Building,
  Organisation,
  Site,
  Unit,
  UnitStatusChange,
} from "../generated/prisma/client.ts";

/** Rows as views: decimals become 2-dp strings, bigints safe integers. */
export const organisationView = (row: Organisation): OrganisationView => ({
  id: row.id,
  code: row.code,
  name: row.name,
  createdAt: row.createdAt,
});

export const siteView = (row: Site): SiteView => ({
  id: row.id,
  orgId: row.orgId,
  code: row.code,
  name: row.name,
  kind: row.kind,
  timeZone: row.timeZone,
  currency: row.currency,
  address: row.address,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const buildingView = (row: Building): BuildingView => ({
  id: row.id,
  siteId: row.siteId,
  code: row.code,
  name: row.name,
  floors: row.floors,
  createdAt: row.createdAt,
});

export const unitView = (row: Unit, currency: string): UnitView => ({
  id: row.id,
  orgId: row.orgId,
  siteId: row.siteId,
  buildingId: row.buildingId,
  code: row.code,
  name: row.name,
  kind: row.kind,
  floor: row.floor,
  grossAreaM2: row.grossAreaM2.toFixed(2),
  usableAreaM2: row.usableAreaM2.toFixed(2),
  listRentMonthlyMinor: safeNumber(row.listRentMonthlyMinor),
  currency,
  status: row.status,
  statusChangedAt: row.statusChangedAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const statusChangeView = (row: UnitStatusChange): StatusChangeView => ({
  from: row.fromStatus,
  to: row.toStatus,
  reason: row.reason,
  actor: row.actor,
  changedAt: row.changedAt,
});

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new Error(`amount ${value} exceeds the safe integer range`);
  }
  return Number(value);
}
