import { fromProtoEnum, siteKinds, unitKinds, unitStatuses } from "@slms/contracts";
import type { Building, Site, Unit, UnitStatusChange } from "@slms/contracts/assets";
import { z } from "zod";
import { amountMinor, area, id, integer, pageQuery, requiredText, text } from "../http/fields.ts";

// REST shapes of the assets resources. Requests are strict: an unknown field (say `status`,
// `siteId` or `orgId` in a unit body) is a 400 naming it, never silently written or dropped;
// every field is bounded (../http/fields.ts).

const code = requiredText(40).describe("Unique code: letters, digits, '.', '_', '/', '-'");
const name = requiredText(200);
const timeZone = requiredText(64).describe("IANA time zone, e.g. Asia/Shanghai");

export const siteIdParams = z.strictObject({ siteId: id });
export const unitParams = z.strictObject({ siteId: id, unitId: id });

export const createSiteBody = z.strictObject({
  code,
  name,
  kind: z.enum(siteKinds),
  timeZone,
  currency: z
    .string()
    .max(3)
    .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code, e.g. CNY")
    .describe("ISO 4217, e.g. CNY"),
  address: text(500).optional(),
});

export const updateSiteBody = z
  .strictObject({
    name: name.optional(),
    kind: z.enum(siteKinds).optional(),
    timeZone: timeZone.optional(),
    address: text(500).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, "must change at least one field");

export const createBuildingBody = z.strictObject({
  code,
  name,
  floors: integer(0, 300).optional(),
});

export const createUnitBody = z.strictObject({
  code,
  name,
  kind: z.enum(unitKinds),
  buildingId: id.optional(),
  floor: text(20).optional(),
  grossAreaM2: area,
  usableAreaM2: area.optional(),
  listRentMonthlyMinor: amountMinor,
});

export const updateUnitBody = z
  .strictObject({
    name: name.optional(),
    kind: z.enum(unitKinds).optional(),
    buildingId: id.nullable().optional().describe("null moves the unit out of any building"),
    floor: text(20).optional(),
    grossAreaM2: area.optional(),
    usableAreaM2: area.optional(),
    listRentMonthlyMinor: amountMinor.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, "must change at least one field");

export const changeStatusBody = z.strictObject({
  status: z.enum(unitStatuses),
  reason: requiredText(500).describe("Why; kept in the unit's history"),
});

export { pageQuery };

export const listUnitsQuery = pageQuery.extend({
  kind: z.enum(unitKinds).optional(),
  status: z.enum(unitStatuses).optional(),
  buildingId: id.optional(),
  q: text(100).optional().describe("Code prefix or part of the name"),
});

export const siteSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(siteKinds),
  timeZone: z.string(),
  currency: z.string(),
  address: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const buildingSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  code: z.string(),
  name: z.string(),
  floors: z.number(),
  createdAt: z.string(),
});

export const moneySchema = z.object({ amountMinor: z.number().int(), currency: z.string() });

export const unitSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  buildingId: z.string().nullable(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(unitKinds),
  floor: z.string(),
  grossAreaM2: z.number(),
  usableAreaM2: z.number(),
  listRentMonthly: moneySchema,
  status: z.enum(unitStatuses),
  statusChangedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const statusChangeSchema = z.object({
  from: z.enum(unitStatuses).nullable(),
  to: z.enum(unitStatuses),
  reason: z.string(),
  actor: z.string(),
  changedAt: z.string(),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

// Proto → REST.

export const siteOut = (s: Site) => ({
  id: s.id,
  orgId: s.orgId,
  code: s.code,
  name: s.name,
  kind: fromProtoEnum("SITE_KIND", s.kind, siteKinds),
  timeZone: s.timeZone,
  currency: s.currencyCode,
  address: s.address,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

export const buildingOut = (b: Building) => ({ ...b });

export const unitOut = (u: Unit) => ({
  id: u.id,
  siteId: u.siteId,
  buildingId: u.buildingId || null,
  code: u.code,
  name: u.name,
  kind: fromProtoEnum("UNIT_KIND", u.kind, unitKinds),
  floor: u.floor,
  grossAreaM2: Number(u.grossAreaM2),
  usableAreaM2: Number(u.usableAreaM2),
  listRentMonthly: {
    amountMinor: u.listRentMonthly?.amountMinor ?? 0,
    currency: u.listRentMonthly?.currencyCode ?? "",
  },
  status: fromProtoEnum("UNIT_STATUS", u.status, unitStatuses),
  statusChangedAt: u.statusChangedAt,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
});

export const statusChangeOut = (c: UnitStatusChange) => ({
  from: fromProtoEnum("UNIT_STATUS", c.fromStatus, unitStatuses),
  to: fromProtoEnum("UNIT_STATUS", c.toStatus, unitStatuses),
  reason: c.reason,
  actor: c.actor,
  changedAt: c.changedAt,
});
