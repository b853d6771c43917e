import { z } from "zod";

// The money terms and schedule of a lease as they travel in `contracts.lease.*` events: the
// contracts service's domain shapes (services/contracts/src/domain/terms.ts), so billing uses
// the schedule contracts computed instead of recomputing it. Amounts are minor units, dates
// `YYYY-MM-DD` in the site's time zone, rates basis points, areas hundredths of a m².

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const minor = z.number().int();
const frequency = z.enum(["monthly", "quarterly", "semi_annual", "annual"]);

export const leaseTermsSchema = z.object({
  currency: z.string().length(3),
  frequency,
  alignment: z.enum(["calendar", "lease_start"]),
  rent: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("per_period"), amountMinor: minor }),
    z.object({
      kind: z.literal("per_m2_month"),
      rateMinorPerM2: minor,
      areaHundredths: z.number().int(),
    }),
  ]),
  escalation: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("none") }),
    z.object({ kind: z.literal("fixed_percent"), basisPoints: z.number().int() }),
    z.object({
      kind: z.literal("stepped"),
      steps: z.array(z.object({ from: date, value: minor })).readonly(),
    }),
  ]),
  rentFree: z.array(z.object({ from: date, to: date })).readonly(),
  billLeadDays: z.number().int(),
  dueDay: z.number().int(),
  depositMinor: minor,
  fees: z
    .array(
      z.object({
        feeCode: z.string(),
        basis: z.enum(["per_period", "per_m2_month"]),
        amountMinor: minor,
        areaHundredths: z.number().int().optional(),
        frequency: frequency.optional(),
      }),
    )
    .readonly(),
  lateFee: z.object({
    graceDays: z.number().int(),
    dailyBasisPoints: z.number().int(),
    capBasisPoints: z.number().int(),
  }),
  penalty: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("none") }),
    z.object({ kind: z.literal("months_of_rent"), months: z.number() }),
    z.object({ kind: z.literal("fixed"), amountMinor: minor }),
  ]),
});

export const termsVersionSchema = z.object({
  version: z.number().int().positive(),
  effectiveFrom: date,
  terms: leaseTermsSchema,
});

export const scheduledChargeSchema = z.object({
  feeCode: z.string(),
  periodStart: date,
  periodEnd: date,
  amountMinor: minor,
  issueDate: date,
  dueDate: date,
  chargedDays: z.number().int(),
  fullPeriodDays: z.number().int(),
  versions: z.array(z.number().int()),
});

const leaseRef = {
  leaseId: z.string(),
  siteId: z.string(),
  customerId: z.string(),
  unitIds: z.array(z.string()).min(1),
};

/** The whole lease as billing needs it: parties, dates, every terms version, the schedule. */
export const leaseSnapshotV1 = z.object({
  ...leaseRef,
  reference: z.string(),
  startDate: date,
  endDate: date,
  currency: z.string().length(3),
  timeZone: z.string(),
  predecessorId: z.string().nullable(),
  versions: z.array(termsVersionSchema).min(1),
  schedule: z.array(scheduledChargeSchema),
});

/** `contracts.lease.activated` v1 and `contracts.lease.renewed` v1 (the successor). */
export const leaseActivatedV1 = leaseSnapshotV1;
export const leaseRenewedV1 = leaseSnapshotV1.extend({ predecessorId: z.string() });

/** `contracts.lease.amended` v1: the lease after the amendment; `version` is the new one. */
export const leaseAmendedV1 = leaseSnapshotV1.extend({
  version: z.number().int(),
  effectiveFrom: date,
});

/** `contracts.lease.terminated` v1: the settlement billing and payments act on. */
export const leaseTerminatedV1 = z.object({
  ...leaseRef,
  terminationDate: date,
  reason: z.string(),
  penaltyMinor: minor,
  depositMinor: minor,
  finalPeriods: z.array(
    z.object({
      feeCode: z.string(),
      periodStart: date,
      originalEnd: date,
      newEnd: date,
      originalAmountMinor: minor,
      proratedAmountMinor: minor,
    }),
  ),
  droppedPeriods: z.array(scheduledChargeSchema),
  schedule: z.array(scheduledChargeSchema),
});

/** `contracts.lease.expired` v1: the lease reached its end date. */
export const leaseExpiredV1 = z.object({ ...leaseRef, endDate: date });

/** `contracts.lease.expiring` v1: a critical date, sent once per lease and threshold. */
export const leaseExpiringV1 = z.object({
  ...leaseRef,
  endDate: date,
  daysLeft: z.union([z.literal(90), z.literal(60), z.literal(30)]),
});

export type LeaseTermsData = z.infer<typeof leaseTermsSchema>;
export type LeaseSnapshotV1 = z.infer<typeof leaseSnapshotV1>;
export type LeaseAmendedV1 = z.infer<typeof leaseAmendedV1>;
export type LeaseRenewedV1 = z.infer<typeof leaseRenewedV1>;
export type LeaseTerminatedV1 = z.infer<typeof leaseTerminatedV1>;
export type LeaseExpiredV1 = z.infer<typeof leaseExpiredV1>;
export type LeaseExpiringV1 = z.infer<typeof leaseExpiringV1>;
