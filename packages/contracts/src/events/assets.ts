import { z } from "zod";
import { siteKinds, unitKinds, unitStatuses } from "../assets-vocabulary.ts";

const decimalArea = z.string().regex(/^\d{1,9}(\.\d{1,2})?$/);

/**
 * `assets.unit.created` v1: a unit was added to a site, in `status`: vacant (CreateUnit), or the
 * status a go-live import gave it (ImportUnits: vacant, reserved, maintenance or inactive).
 */
export const unitCreatedV1 = z.object({
  unitId: z.string(),
  siteId: z.string(),
  buildingId: z.string().nullable(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(unitKinds),
  /** m², decimal string with at most 2 decimals. */
  grossAreaM2: decimalArea,
  usableAreaM2: decimalArea,
  /** Asking rent per month in minor units of `currency`. */
  listRentMonthlyMinor: z.number().int().nonnegative(),
  currency: z.string().length(3),
  status: z.enum(unitStatuses),
});

/**
 * `assets.unit.updated` v1: a unit's descriptive fields changed (name, kind, floor, areas, list
 * rent, building); the unit after the change, and each changed field's before → after. Its
 * status has its own event.
 */
export const unitUpdatedV1 = unitCreatedV1.omit({ status: true }).extend({
  floor: z.string(),
  changes: z
    .array(
      z.object({
        field: z.string(),
        from: z.union([z.string(), z.number(), z.null()]),
        to: z.union([z.string(), z.number(), z.null()]),
      }),
    )
    .min(1),
});

/** `assets.unit.status_changed` v1: a unit moved from one letting status to another. */
export const unitStatusChangedV1 = z.object({
  unitId: z.string(),
  siteId: z.string(),
  kind: z.enum(unitKinds),
  from: z.enum(unitStatuses),
  to: z.enum(unitStatuses),
  reason: z.string(),
  /** RFC 3339 UTC. */
  changedAt: z.iso.datetime({ offset: true }),
});

/** A site as `assets.site.*` events carry it: the whole site after the change. */
const siteSnapshot = z.object({
  siteId: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(siteKinds),
  /** IANA time zone: the site's civil dates (periods, due dates, days of payments). */
  timeZone: z.string(),
  currency: z.string().length(3),
  address: z.string(),
});

/** `assets.site.created` v1: a site was added to an organisation. */
export const siteCreatedV1 = siteSnapshot;

/** `assets.site.updated` v1: a site's fields changed; `changes` has each one's before → after. */
export const siteUpdatedV1 = siteSnapshot.extend({
  changes: z.array(z.object({ field: z.string(), from: z.string(), to: z.string() })).min(1),
});

export type SiteCreatedV1 = z.infer<typeof siteCreatedV1>;
export type SiteUpdatedV1 = z.infer<typeof siteUpdatedV1>;
export type UnitUpdatedV1 = z.infer<typeof unitUpdatedV1>;
export type UnitCreatedV1 = z.infer<typeof unitCreatedV1>;
export type UnitStatusChangedV1 = z.infer<typeof unitStatusChangedV1>;
