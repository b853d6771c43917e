/**
 * Readable fixtures for the domain tests (not used by production code). Amounts are fen:
 * 1_000_000 is 10 000.00 CNY.
 */
import { addDays, daysBetween } from "@slms/primitives/civil-date";
import {
  type Escalation,
  type Frequency,
  frequencies,
  type LeaseDates,
  type LeaseTerms,
  type PeriodAlignment,
  type RecurringFee,
  type RentFreePeriod,
  type RentTerm,
  type ScheduledCharge,
  type TermsVersion,
} from "./terms.ts";

/** Monthly, calendar-aligned 10 000.00 CNY rent; no escalation, rent-free, fees or penalty. */
export function terms(overrides: Partial<LeaseTerms> = {}): LeaseTerms {
  return {
    currency: "CNY",
    frequency: "monthly",
    alignment: "calendar",
    rent: { kind: "per_period", amountMinor: 1_000_000 },
    escalation: { kind: "none" },
    rentFree: [],
    billLeadDays: 15,
    dueDay: 5,
    depositMinor: 2_000_000,
    fees: [],
    lateFee: { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 1000 },
    penalty: { kind: "none" },
    ...overrides,
  };
}

/** A lease from `startDate` to `endDate` with one version of `terms(overrides)`. */
export function lease(
  startDate: string,
  endDate: string,
  overrides: Partial<LeaseTerms> = {},
): { dates: LeaseDates; versions: TermsVersion[] } {
  return {
    dates: { startDate, endDate },
    versions: [{ version: 1, effectiveFrom: startDate, terms: terms(overrides) }],
  };
}

/** Schedule lines of one charge as `[periodStart, periodEnd, amountMinor]`, for compact tables. */
export function lines(
  schedule: readonly ScheduledCharge[],
  feeCode = "rent",
): [string, string, number][] {
  return schedule
    .filter((line) => line.feeCode === feeCode)
    .map((line) => [line.periodStart, line.periodEnd, line.amountMinor]);
}

/** A deterministic pseudo-random generator (mulberry32), so generated cases repeat exactly. */
export function random(seed: number): {
  /** An integer in `min`..`max`, both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
} {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
  };
}

type Random = ReturnType<typeof random>;

/** What `generatedLease` may vary beyond dates, frequency, alignment and base rent. */
export interface Variety {
  escalation?: boolean;
  rentFree?: boolean;
  fees?: boolean;
  /** Up to this many amendments (versions after the first). */
  amendments?: number;
}

/**
 * A pseudo-random lease that passes `termsIssues`: start 2023–2027, one day to five years long,
 * any frequency and alignment, per-period or per-m² rent, and the chosen variety.
 */
export function generatedLease(
  rng: Random,
  variety: Variety = {},
): { dates: LeaseDates; versions: TermsVersion[] } {
  const startDate = addDays("2023-01-01", rng.int(0, 1500));
  const endDate = addDays(
    startDate,
    rng.pick([0, 1, 30, 45, 200, 365, 400, 1000, 1826]) + rng.int(0, 40),
  );
  const dates = { startDate, endDate };
  const frequency = rng.pick(frequencies);
  const alignment = rng.pick(["calendar", "lease_start"] as const);
  const feeFrequency = {
    management: rng.pick([undefined, ...frequencies]),
    parking: rng.pick([undefined, ...frequencies]),
  };
  const version = (effectiveFrom: string): LeaseTerms =>
    generatedTerms(rng, dates, effectiveFrom, variety, { frequency, alignment, feeFrequency });
  const versions: TermsVersion[] = [
    { version: 1, effectiveFrom: startDate, terms: version(startDate) },
  ];
  const amendments = rng.int(0, variety.amendments ?? 0);
  for (let n = 0; n < amendments; n++) {
    const after = versions.at(-1)!.effectiveFrom;
    const room = daysBetween(after, endDate);
    if (room < 1) break;
    const effectiveFrom = addDays(after, rng.int(1, room));
    versions.push({ version: versions.length + 1, effectiveFrom, terms: version(effectiveFrom) });
  }
  return { dates, versions };
}

function generatedTerms(
  rng: Random,
  dates: LeaseDates,
  from: string,
  variety: Variety,
  fixed: {
    frequency: Frequency;
    alignment: PeriodAlignment;
    feeFrequency: Record<"management" | "parking", Frequency | undefined>;
  },
): LeaseTerms {
  const perM2 = rng.int(0, 1) === 1;
  const rent: RentTerm = perM2
    ? {
        kind: "per_m2_month",
        rateMinorPerM2: rng.int(1, 30_000),
        areaHundredths: rng.int(1, 2_000_000),
      }
    : { kind: "per_period", amountMinor: rng.int(0, 50_000_000) };
  const leaseDays = daysBetween(dates.startDate, dates.endDate);
  let escalation: Escalation = { kind: "none" };
  if (variety.escalation && rng.int(0, 2) > 0) {
    if (rng.int(0, 1) === 0 || leaseDays < 2) {
      escalation = { kind: "fixed_percent", basisPoints: rng.pick([0, 1, 250, 333, 500, 5000]) };
    } else {
      const first = rng.int(1, leaseDays);
      // A per-m² step is a rate like the base rate (at most 300.00 a m² a month).
      const stepValue = () => (perM2 ? rng.int(1, 30_000) : rng.int(1, 60_000_000));
      const steps = [{ from: addDays(dates.startDate, first), value: stepValue() }];
      if (first < leaseDays) {
        steps.push({
          from: addDays(dates.startDate, rng.int(first + 1, leaseDays)),
          value: stepValue(),
        });
      }
      escalation = { kind: "stepped", steps };
    }
  }
  const rentFree: RentFreePeriod[] = [];
  if (variety.rentFree) {
    let cursor = from;
    for (let n = rng.int(0, 2); n > 0; n--) {
      const room = daysBetween(cursor, dates.endDate);
      if (room < 0) break;
      const start = addDays(cursor, rng.int(0, Math.min(room, 120)));
      const end = addDays(start, rng.int(0, Math.min(daysBetween(start, dates.endDate), 90)));
      rentFree.push({ from: start, to: end });
      if (end === dates.endDate) break;
      cursor = addDays(end, 1);
    }
  }
  const fees: RecurringFee[] = [];
  if (variety.fees) {
    if (rng.int(0, 1) === 1) {
      fees.push({
        feeCode: "management",
        basis: "per_m2_month",
        amountMinor: rng.int(1, 5_000),
        ...(perM2 && rng.int(0, 1) === 1 ? {} : { areaHundredths: rng.int(1, 2_000_000) }),
        ...(fixed.feeFrequency.management ? { frequency: fixed.feeFrequency.management } : {}),
      });
    }
    if (rng.int(0, 1) === 1) {
      fees.push({
        feeCode: "parking",
        basis: "per_period",
        amountMinor: rng.int(0, 100_000),
        ...(fixed.feeFrequency.parking ? { frequency: fixed.feeFrequency.parking } : {}),
      });
    }
  }
  return terms({
    frequency: fixed.frequency,
    alignment: fixed.alignment,
    rent,
    escalation,
    rentFree,
    fees,
    billLeadDays: rng.int(0, 90),
    dueDay: rng.int(1, 28),
    depositMinor: rng.int(0, 10_000_000),
    penalty: rng.pick([
      { kind: "none" },
      { kind: "fixed", amountMinor: rng.int(0, 10_000_000) },
      { kind: "months_of_rent", months: rng.int(1, 24) },
    ] as const),
  });
}
