import { fromProtoEnum, siteKinds, toProtoEnum, unitKinds, unitStatuses } from "@slms/contracts";
import type { Building, SiteKind, UnitKind, UnitStatus } from "@slms/contracts/assets";
import type { HoldView } from "../db/holds.ts";
import type {
  BuildingView,
  OrganisationView,
  SiteView,
  StatusChangeView,
  UnitView,
} from "../domain/views.ts";

/** Views → proto messages. Timestamps are RFC 3339 strings; enums proto-named. */
export const toOrganisation = (o: OrganisationView) => ({
  id: o.id,
  code: o.code,
  name: o.name,
  createdAt: o.createdAt.toISOString(),
});

export const toSite = (s: SiteView) => ({
  id: s.id,
  orgId: s.orgId,
  code: s.code,
  name: s.name,
  kind: toProtoEnum<SiteKind>("SITE_KIND", s.kind),
  timeZone: s.timeZone,
  currencyCode: s.currency,
  address: s.address,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

export const toBuilding = (b: BuildingView): Building => ({
  id: b.id,
  siteId: b.siteId,
  code: b.code,
  name: b.name,
  floors: b.floors,
  createdAt: b.createdAt.toISOString(),
});

export const toUnit = (u: UnitView) => ({
  id: u.id,
  orgId: u.orgId,
  siteId: u.siteId,
  buildingId: u.buildingId ?? "",
  code: u.code,
  name: u.name,
  kind: toProtoEnum<UnitKind>("UNIT_KIND", u.kind),
  floor: u.floor,
  grossAreaM2: u.grossAreaM2,
  usableAreaM2: u.usableAreaM2,
  listRentMonthly: { currencyCode: u.currency, amountMinor: u.listRentMonthlyMinor },
  status: toProtoEnum<UnitStatus>("UNIT_STATUS", u.status),
  statusChangedAt: u.statusChangedAt.toISOString(),
  createdAt: u.createdAt.toISOString(),
  updatedAt: u.updatedAt.toISOString(),
});

export const toStatusChange = (c: StatusChangeView) => ({
  fromStatus: c.from ? toProtoEnum<UnitStatus>("UNIT_STATUS", c.from) : "UNIT_STATUS_UNSPECIFIED",
  toStatus: toProtoEnum<UnitStatus>("UNIT_STATUS", c.to),
  reason: c.reason,
  actor: c.actor,
  changedAt: c.changedAt.toISOString(),
});

/**
 * Proto enum strings → domain names. An UNSPECIFIED or unknown value is passed through as the
 * raw string (typed as the name) so the use-case's validation rejects it with the field name
 * instead of it being silently dropped.
 */
function enumIn<T extends string>(prefix: string, allowed: readonly T[]) {
  function convert(value: string): T;
  function convert(value: string | undefined): T | undefined;
  function convert(value: string | undefined): T | undefined {
    return value === undefined
      ? undefined
      : (fromProtoEnum(prefix, value, allowed) ?? (value as T));
  }
  return convert;
}

export const siteKindIn = enumIn("SITE_KIND", siteKinds);
export const unitKindIn = enumIn("UNIT_KIND", unitKinds);
export const unitStatusIn = enumIn("UNIT_STATUS", unitStatuses);

export const toHold = (h: HoldView) => ({ ...h });
