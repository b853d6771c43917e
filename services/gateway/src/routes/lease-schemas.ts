import type { WireTerms } from "@slms/contracts";
import { fromProtoEnum, termsFromProto } from "@slms/contracts";
import type { Lease, ScheduledCharge, TerminationSettlement } from "@slms/contracts/leases";
import { z } from "zod";

// REST shapes of leases. Strict objects: an unknown field is a 400 naming it. The terms shape is
// the domain's (events carry the same); a compile-time check below keeps the two identical.

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
  .describe("YYYY-MM-DD, site time zone");
const minor = z.number().int().describe("integer minor units of the site's currency");
const frequency = z.enum(["monthly", "quarterly", "semi_annual", "annual"]);

export const termsBody = z.strictObject({
  frequency,
  alignment: z
    .enum(["calendar", "lease_start"])
    .describe(
      "calendar: periods on calendar months/quarters (partial first/last prorated by days); lease_start: from the start date",
    ),
  rent: z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("per_period"),
      amountMinor: minor.describe("rent for one full billing period"),
    }),
    z.strictObject({
      kind: z.literal("per_m2_month"),
      rateMinorPerM2: minor.describe("monthly rent per m²"),
      areaHundredths: z
        .number()
        .int()
        .describe("leased area in hundredths of a m² (85.50 m² = 8550)"),
    }),
  ]),
  escalation: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("none") }),
    z.strictObject({
      kind: z.literal("fixed_percent"),
      basisPoints: z.number().int().describe("per lease year, compounding; 500 = 5 %"),
    }),
    z.strictObject({
      kind: z.literal("stepped"),
      steps: z
        .array(
          z.strictObject({
            from: date,
            value: minor.describe("period amount, or rate per m² per month"),
          }),
        )
        .readonly(),
    }),
  ]),
  rentFree: z
    .array(z.strictObject({ from: date, to: date }))
    .readonly()
    .describe("inclusive, non-overlapping"),
  billLeadDays: z.number().int().describe("bills are issued this many days before their period"),
  dueDay: z.number().int().describe("day of month bills are due (1–28)"),
  depositMinor: minor,
  fees: z
    .array(
      z.strictObject({
        feeCode: z.string().min(1).describe("fee item code, e.g. management, parking"),
        basis: z.enum(["per_period", "per_m2_month"]),
        amountMinor: minor,
        areaHundredths: z.number().int().optional(),
        frequency: frequency.optional(),
      }),
    )
    .readonly(),
  lateFee: z.strictObject({
    graceDays: z.number().int(),
    dailyBasisPoints: z.number().int().describe("of the unpaid amount per day; 5 = 0.05 %"),
    capBasisPoints: z.number().int().describe("cap as a share of the bill; 2000 = 20 %"),
  }),
  penalty: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("none") }),
    z.strictObject({
      kind: z.literal("months_of_rent"),
      months: z.number().describe("months of the rent in force on the termination date"),
    }),
    z.strictObject({ kind: z.literal("fixed"), amountMinor: minor }),
  ]),
});

// The REST body and the wire/domain terms are one shape, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.output<typeof termsBody>, WireTerms> = true;
void sameShape;

const id = z.string().min(1).max(64);
export const leaseParams = z.strictObject({ siteId: id, leaseId: id });

export const createLeaseBody = z.strictObject({
  reference: z.string().trim().min(1).max(60).describe("contract number, unique within the site"),
  customerId: id,
  unitIds: z.array(id).min(1).max(100),
  startDate: date,
  endDate: date.describe("last day, inclusive"),
  terms: termsBody,
});

export const amendLeaseBody = z.strictObject({
  effectiveFrom: date.describe("first day the new terms apply; earlier days keep theirs"),
  reason: z.string().trim().min(1).max(500),
  terms: termsBody,
});

export const renewLeaseBody = z.strictObject({
  endDate: date.describe("last day of the successor, which starts the day after this lease ends"),
  reference: z.string().trim().min(1).max(60).optional(),
  terms: termsBody.optional().describe("default: the terms in force on this lease's last day"),
});

export const terminateLeaseBody = z.strictObject({
  terminationDate: date.describe("last day of occupation"),
  reason: z.string().trim().min(1).max(500),
});

export const listLeasesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
  status: z.enum(["draft", "active", "expired", "terminated"]).optional(),
  customerId: id.optional(),
  unitId: id.optional(),
  endingBy: date.optional().describe("active leases ending on or before this date"),
});

const leaseStatuses = ["draft", "active", "expired", "terminated"] as const;

const chargeSchema = z.object({
  feeCode: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  amountMinor: z.number(),
  issueDate: z.string(),
  dueDate: z.string(),
  chargedDays: z.number(),
  fullPeriodDays: z.number(),
  versions: z.array(z.number()),
});

export const leaseSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  reference: z.string(),
  customerId: z.string(),
  unitIds: z.array(z.string()),
  startDate: z.string(),
  endDate: z.string(),
  status: z.enum(leaseStatuses),
  currency: z.string(),
  predecessorId: z.string().nullable(),
  successorId: z.string().nullable(),
  terminationDate: z.string().nullable(),
  terminationReason: z.string().nullable(),
  penaltyMinor: z.number().nullable(),
  versions: z.array(
    z.object({
      version: z.number(),
      effectiveFrom: z.string(),
      reason: z.string(),
      actor: z.string(),
      createdAt: z.string(),
      terms: termsBody,
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const scheduleSchema = z.object({ items: z.array(chargeSchema) });

export const settlementSchema = z.object({
  terminationDate: z.string(),
  penaltyMinor: z.number(),
  depositMinor: z.number(),
  finalPeriods: z.array(
    z.object({
      feeCode: z.string(),
      periodStart: z.string(),
      originalEnd: z.string(),
      newEnd: z.string(),
      originalAmountMinor: z.number(),
      proratedAmountMinor: z.number(),
    }),
  ),
  droppedPeriods: z.array(chargeSchema),
  revisedSchedule: z.array(chargeSchema),
});

// Proto → REST.

export const leaseOut = (lease: Lease) => ({
  id: lease.id,
  siteId: lease.siteId,
  reference: lease.reference,
  customerId: lease.customerId,
  unitIds: lease.unitIds,
  startDate: lease.startDate,
  endDate: lease.endDate,
  status: fromProtoEnum("LEASE_STATUS", lease.status, leaseStatuses),
  currency: lease.currencyCode,
  predecessorId: lease.predecessorId || null,
  successorId: lease.successorId || null,
  terminationDate: lease.terminationDate || null,
  terminationReason: lease.terminationReason || null,
  penaltyMinor: lease.status === "LEASE_STATUS_TERMINATED" ? lease.penaltyMinor : null,
  versions: lease.versions.map((v) => ({
    version: v.version,
    effectiveFrom: v.effectiveFrom,
    reason: v.reason,
    actor: v.actor,
    createdAt: v.createdAt,
    terms: v.terms ? termsFromProto(v.terms) : null,
  })),
  createdAt: lease.createdAt,
  updatedAt: lease.updatedAt,
});

export const chargeOut = (c: ScheduledCharge) => ({ ...c });

export const settlementOut = (s: TerminationSettlement) => ({
  terminationDate: s.terminationDate,
  penaltyMinor: s.penaltyMinor,
  depositMinor: s.depositMinor,
  finalPeriods: s.finalPeriods,
  droppedPeriods: s.droppedPeriods.map(chargeOut),
  revisedSchedule: s.revisedSchedule.map(chargeOut),
});
