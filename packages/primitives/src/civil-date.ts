/**
 * Civil-date arithmetic on `YYYY-MM-DD` strings (years 0001–9999, proleptic Gregorian). No
 * `Date` objects: a civil date has no time zone, so nothing here can shift it by one. Days are
 * counted as "epoch days" (days since 1970-01-01) with integer-only conversions.
 *
 * Functions taking a `CivilDate` throw a plain `Error` on a malformed one: callers validate
 * input with `isCivilDate` first, so a bad date here is a bug.
 */

/** A civil date, `YYYY-MM-DD`, in the site's time zone. */
export type CivilDate = string;

export interface CivilParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for a well-formed, existing date: `2024-02-29` yes, `2023-02-29` and `2024-2-1` no. */
export function isCivilDate(value: unknown): value is CivilDate {
  return typeof value === "string" && partsOf(value) !== null;
}

function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** The parts of `YYYY-MM-DD` naming an existing date, else null (no regular expression: hot). */
function partsOf(text: string): CivilParts | null {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function parseCivilDate(date: CivilDate): CivilParts {
  const parts = typeof date === "string" ? partsOf(date) : null;
  if (!parts) throw new Error(`not a civil date: ${JSON.stringify(date)}`);
  return parts;
}

/** Formats parts as `YYYY-MM-DD`; throws if they name no date (e.g. Feb 30). */
export function civilDate(year: number, month: number, day: number): CivilDate {
  const text = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  if (!Number.isInteger(year) || !isCivilDate(text)) {
    throw new Error(`no such date: ${year}-${month}-${day}`);
  }
  return text;
}

/** Days since 1970-01-01 (negative before). Howard Hinnant's `days_from_civil`. */
export function toEpochDay(date: CivilDate): number {
  const { year, month, day } = parseCivilDate(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The inverse of `toEpochDay`; throws outside years 0001–9999. */
export function fromEpochDay(epochDay: number): CivilDate {
  if (!Number.isSafeInteger(epochDay)) throw new Error(`not a day number: ${epochDay}`);
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1 || year > 9999) throw new Error(`day ${epochDay} is outside years 0001–9999`);
  return civilDate(year, month, day);
}

/** -1, 0 or 1, for sorting. */
export function compareDates(a: CivilDate, b: CivilDate): -1 | 0 | 1 {
  parseCivilDate(a);
  parseCivilDate(b);
  // Fixed-width, zero-padded: string order is date order.
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(first: CivilDate, ...rest: CivilDate[]): CivilDate {
  return rest.reduce((min, d) => (compareDates(d, min) < 0 ? d : min), first);
}

export function maxDate(first: CivilDate, ...rest: CivilDate[]): CivilDate {
  return rest.reduce((max, d) => (compareDates(d, max) > 0 ? d : max), first);
}

/** `date` + `days` (negative goes back). */
export function addDays(date: CivilDate, days: number): CivilDate {
  if (!Number.isSafeInteger(days)) throw new Error(`not a whole number of days: ${days}`);
  return fromEpochDay(toEpochDay(date) + days);
}

/**
 * `date` + `months` calendar months, keeping the day of month and clamping it to the target
 * month's end: Jan 31 + 1 → Feb 28 (Feb 29 in a leap year); Feb 29 + 12 → Feb 28.
 * Always computed from `date`, so Jan 31 + 2 is Mar 31 (not Feb 28 + 1 = Mar 28).
 */
export function addMonths(date: CivilDate, months: number): CivilDate {
  if (!Number.isSafeInteger(months)) throw new Error(`not a whole number of months: ${months}`);
  const { year, month, day } = parseCivilDate(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  return civilDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** `to` − `from` in days: 0 for the same date, negative when `to` is earlier. */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** How many days `from`..`to` covers, both included; 0 for an empty range (`to` < `from`). */
export function daysInclusive(from: CivilDate, to: CivilDate): number {
  return Math.max(0, daysBetween(from, to) + 1);
}

/** The first of `date`'s month. */
export function startOfMonth(date: CivilDate): CivilDate {
  const { year, month } = parseCivilDate(date);
  return civilDate(year, month, 1);
}

/** The last day of `date`'s month. */
export function endOfMonth(date: CivilDate): CivilDate {
  const { year, month } = parseCivilDate(date);
  return civilDate(year, month, daysInMonth(year, month));
}

/** Every date from `from` to `to`, both included (nothing if `to` < `from`). */
export function* eachDay(from: CivilDate, to: CivilDate): Generator<CivilDate> {
  const last = toEpochDay(to);
  for (let day = toEpochDay(from); day <= last; day++) yield fromEpochDay(day);
}

/** Whether `date` lies in `from`..`to`, both included. */
export function isWithin(date: CivilDate, from: CivilDate, to: CivilDate): boolean {
  return compareDates(from, date) <= 0 && compareDates(date, to) <= 0;
}
