import type { WireTerms } from "@slms/contracts";
import {
  feeCodeMessage,
  feeCodePattern,
  fromProtoEnum,
  leaseLimits,
  leaseTextLimits,
  rangeMessage,
  termsFromProto,
  type WholeRange,
} from "@slms/contracts";
import type { Lease, ScheduledCharge, TerminationSettlement } from "@slms/contracts/leases";
import { boundsMessages, MAX_AMOUNT_MINOR } from "@slms/primitives";
import { z } from "zod";
import { civilDate, id, pageQuery, requiredText } from "../http/fields.ts";

// REST shapes of leases. Strict objects: an unknown field is a 400 naming it. The terms shape is
// the domain's (events carry the same); a compile-time check below keeps the two identical.
//
// Every number is whole and bounded by the ranges the contracts service enforces too
// (`leaseLimits` of @slms/contracts; amounts 0 … MAX_AMOUNT_MINOR): this edge must refuse first,
// because the gRPC encoding would truncate 2.9 to 2 or wrap 4294967298 to 2 on the way. Each
// field out of range is one issue naming it (`abort` stops the later checks of that field).

const date = civilDate.describe("YYYY-MM-DD, site time zone");

/** A whole number in `range`. */
const whole = (range: WholeRange) => {
  const message = rangeMessage(range);
  return z
    .number()
    .int({ message, abort: true })
    .min(range.min, { message, abort: true })
    .max(range.max, { message });
};

/** Minor units of the site's currency, 0 (or 1 when `positive`) … MAX_AMOUNT_MINOR. */
const amount = (positive = false) => {
  const message = positive ? boundsMessages.positiveAmount : boundsMessages.amount;
  return z
    .number()
    .int({ message, abort: true })
    .min(positive ? 1 : 0, { message, abort: true })
    .max(MAX_AMOUNT_MINOR, { message });
};

const minor = amount().describe("integer minor units of the site's currency");
const area = whole(leaseLimits.areaHundredths);
const frequency = z.enum(["monthly", "quarterly", "semi_annual", "annual"]);
const list = <T extends z.ZodType>(item: T, { min, max }: WholeRange, what: string) =>
  z
    .array(item)
    .min(min, `must have ${min} to ${max} ${what}`)
    .max(max, `must have ${min} to ${max} ${what}`)
    .readonly();

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
      rateMinorPerM2: amount(true).describe("monthly rent per m², minor units"),
      areaHundredths: area.describe("leased area in hundredths of a m² (85.50 m² = 8550)"),
    }),
  ]),
  escalation: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("none") }),
    z.strictObject({
      kind: z.literal("fixed_percent"),
      basisPoints: whole(leaseLimits.escalationBasisPoints).describe(
        "per lease year, compounding; 500 = 5 %",
      ),
    }),
    z.strictObject({
      kind: z.literal("stepped"),
      steps: list(
        z.strictObject({
          from: date,
          value: minor.describe("period amount, or rate per m² per month"),
        }),
        leaseLimits.escalationSteps,
        "steps",
      ),
    }),
  ]),
  rentFree: list(
    z.strictObject({ from: date, to: date }),
    leaseLimits.rentFreePeriods,
    "periods",
  ).describe("inclusive, non-overlapping"),
  billLeadDays: whole(leaseLimits.billLeadDays).describe(
    "bills are issued this many days before their period",
  ),
  dueDay: whole(leaseLimits.dueDay).describe("day of month bills are due"),
  depositMinor: minor,
  fees: list(
    z.strictObject({
      feeCode: z
        .string()
        .max(40, { message: feeCodeMessage, abort: true })
        .regex(feeCodePattern, feeCodeMessage)
        .describe("fee item code, e.g. management, parking"),
      basis: z.enum(["per_period", "per_m2_month"]),
      amountMinor: minor.describe("per full period, or per m² per month"),
      areaHundredths: area.optional(),
      frequency: frequency.optional(),
    }),
    leaseLimits.fees,
    "fees",
  ),
  lateFee: z.strictObject({
    graceDays: whole(leaseLimits.lateFeeGraceDays),
    dailyBasisPoints: whole(leaseLimits.lateFeeDailyBasisPoints).describe(
      "of the unpaid amount per day; 5 = 0.05 %",
    ),
    capBasisPoints: whole(leaseLimits.lateFeeCapBasisPoints).describe(
      "cap as a share of the bill; 2000 = 20 %",
    ),
  }),
  penalty: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("none") }),
    z.strictObject({
      kind: z.literal("months_of_rent"),
      months: whole(leaseLimits.penaltyMonths).describe(
        "months of the rent in force on the termination date",
      ),
    }),
    z.strictObject({ kind: z.literal("fixed"), amountMinor: minor }),
  ]),
});

// The REST body and the wire/domain terms are one shape, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.output<typeof termsBody>, WireTerms> = true;
void sameShape;

export const leaseParams = z.strictObject({ siteId: id, leaseId: id });

const reference = requiredText(leaseTextLimits.reference).describe(
  "contract number, unique within the site",
);
const reason = requiredText(leaseTextLimits.reason);

export const createLeaseBody = z.strictObject({
  reference,
  customerId: id,
  unitIds: z.array(id).min(leaseLimits.units.min).max(leaseLimits.units.max),
  startDate: date,
  endDate: date.describe("last day, inclusive; at most twenty years after the start"),
  terms: termsBody,
});

export const amendLeaseBody = z.strictObject({
  effectiveFrom: date.describe("first day the new terms apply; earlier days keep theirs"),
  reason,
  terms: termsBody,
});

export const renewLeaseBody = z.strictObject({
  endDate: date.describe(
    "last day of the successor, which starts the day after this lease ends (at most twenty years)",
  ),
  reference: reference.optional(),
  terms: termsBody.optional().describe("default: the terms in force on this lease's last day"),
});

export const terminateLeaseBody = z.strictObject({
  terminationDate: date.describe("last day of occupation"),
  reason,
});

export const terminationPreviewQuery = z.strictObject({ date });

export const listLeasesQuery = pageQuery.extend({
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
