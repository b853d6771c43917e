import type { SiteKindName, UnitKindName, UnitStatusName } from "@slms/contracts";

/** A site as use-cases return it; the gRPC layer maps it to the proto message. */
export interface SiteView {
  id: string;
  orgId: string;
  code: string;
  name: string;
  kind: SiteKindName;
  timeZone: string;
  currency: string;
  address: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface BuildingView {
  id: string;
  siteId: string;
  code: string;
  name: string;
  floors: number;
  createdAt: Date;
}

/** A unit with areas as 2-dp strings and rent in minor units of `currency`. */
export interface UnitView {
  id: string;
  orgId: string;
  siteId: string;
  buildingId: string | null;
  code: string;
  name: string;
  kind: UnitKindName;
  floor: string;
  grossAreaM2: string;
  usableAreaM2: string;
  listRentMonthlyMinor: number;
  currency: string;
  status: UnitStatusName;
  statusChangedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrganisationView {
  id: string;
  code: string;
  name: string;
  createdAt: Date;
}

export interface StatusChangeView {
  from: UnitStatusName | null;
  to: UnitStatusName;
  reason: string;
  actor: string;
  changedAt: Date;
}

/** One page of a list and the token of the next, or null on the last page. */
export interface Page<T> {
  items: T[];
  nextPageToken: string | null;
}
