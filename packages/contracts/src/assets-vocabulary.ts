/** Kinds of site (PRODUCT.md §1); they group reports, they do not change behaviour. */
export const siteKinds = [
  "residential",
  "office",
  "retail",
  "market",
  "car_park",
  "equipment_yard",
  "mixed",
] as const;

/** Kinds of leasable unit or asset (PRODUCT.md §1). */
export const unitKinds = [
  "apartment",
  "high_rise_flat",
  "villa",
  "office",
  "shop",
  "warehouse",
  "serviced_apartment",
  "parking_surface",
  "parking_underground",
  "parking_garage",
  "storage",
  "equipment",
] as const;

/** Letting status of a unit. */
export const unitStatuses = ["vacant", "reserved", "leased", "maintenance", "inactive"] as const;

export type SiteKindName = (typeof siteKinds)[number];
export type UnitKindName = (typeof unitKinds)[number];
export type UnitStatusName = (typeof unitStatuses)[number];
