/**
 * The ranges a lease's terms, dates and texts must lie in — the one definition both edges that
 * accept leases use: the gateway's REST schemas (which must refuse first: the gRPC encoding
 * truncates `2.9` to `2` and wraps `4294967298` to `2` in an `int32` before the service sees it)
 * and the contracts service's validation (which other clients call too). Every range is
 * inclusive and of whole numbers; {@link rangeMessage} is what both edges say outside it.
 *
 * Amounts (rent, rates per m², fees, deposit, fixed penalty, stepped values) are not here: they
 * are 0 … `MAX_AMOUNT_MINOR` of `@slms/primitives` like every amount of the platform, and so are
 * the civil dates (`isDateInRange`, 2000-01-01 … 2099-12-31). Every maximum here fits an `int32`
 * (or, for areas, an `int64` kept as an exact JavaScript number), so the wire never changes a
 * value the edges accept.
 */

/** An inclusive range of whole numbers. */
export interface WholeRange {
  readonly min: number;
  readonly max: number;
}

export const leaseLimits = {
  /** Day of month bills are due: at most 28, so that every month has that day. */
  dueDay: { min: 1, max: 28 },
  /** Days before its period a bill is issued: at most a quarter ahead. */
  billLeadDays: { min: 0, max: 90 },
  /** Days after the due date before late fees start: at most a year (then it is collection). */
  lateFeeGraceDays: { min: 0, max: 365 },
  /** Late fee per day, basis points of the unpaid amount: at most 1 % a day (365 % a year). */
  lateFeeDailyBasisPoints: { min: 0, max: 100 },
  /** Cap of a bill's late fees, basis points of the bill: never more than the bill itself. */
  lateFeeCapBasisPoints: { min: 0, max: 10_000 },
  /** Fixed escalation per lease year, basis points: 0 … 50 % (compounding over 20 years). */
  escalationBasisPoints: { min: 0, max: 5_000 },
  /**
   * Termination penalty in months of rent: 1 … 24. Zero months is the `none` penalty; two
   * years' rent is already beyond what a court would uphold as damages for leaving early.
   */
  penaltyMonths: { min: 1, max: 24 },
  /**
   * A leased area (rent per m², or a fee's own area) in hundredths of a m²: 0.01 m² …
   * 10,000,000 m², several times the floor area of the largest building on earth.
   */
  areaHundredths: { min: 1, max: 1_000_000_000 },
  /** Rent-free periods per version of the terms: two a year over the longest lease. */
  rentFreePeriods: { min: 0, max: 40 },
  /** Steps of a stepped escalation: one a month over the longest lease. */
  escalationSteps: { min: 1, max: 240 },
  /** Recurring fees per version of the terms (management, parking, utilities…). */
  fees: { min: 0, max: 20 },
  /** Units of one lease. */
  units: { min: 1, max: 100 },
  /**
   * The longest lease term, in years: the PRC Civil Code, art. 705, says a lease term may not
   * exceed twenty years (the excess is void). A renewal is a new term of at most as long.
   */
  termYears: { min: 0, max: 20 },
} as const satisfies Record<string, WholeRange>;

/** Longest texts, in characters. */
export const leaseTextLimits = {
  /** The contract number, unique within the site. */
  reference: 60,
  /** Why an amendment or termination happened. */
  reason: 500,
  /** A page token of `ListLeases` (a few dozen characters in practice). */
  pageToken: 500,
} as const;

/**
 * A recurring fee's code: a fee item code of the billing catalogue (2–40 lower-case letters,
 * digits or `_`, starting with a letter), e.g. `management`, `parking`.
 */
export const feeCodePattern = /^[a-z][a-z0-9_]{1,39}$/;
export const feeCodeMessage =
  "must be a fee item code: 2–40 lower-case letters, digits or _, starting with a letter";

/** What the edges say about a number outside `range`. */
export const rangeMessage = ({ min, max }: WholeRange) =>
  `must be a whole number from ${min} to ${max}`;

/** Whether `value` is a whole number in `range` (never true for a string, NaN or ±Infinity). */
export const isInRange = (value: unknown, { min, max }: WholeRange): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= min && value <= max;
