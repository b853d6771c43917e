/**
 * Civil-date arithmetic on `YYYY-MM-DD` strings (years 0001–9999, proleptic Gregorian), the
 * subset billing needs. No `Date` objects: a civil date has no time zone, so nothing here can
 * shift it by one. Days are counted as "epoch days" (days since 1970-01-01) with integer-only
 * conversions.
 *
 * The same code as `services/contracts/src/domain/civil-date.ts` (services may not import each
 * other); both belong in a shared package.
 *
 * Functions taking a `CivilDate` throw a plain `Error` on a malformed one: callers validate
 * input with `isCivilDate` first, so a bad date here is a bug.
 */

/** A civil date, `YYYY-MM-DD`, in the site's time zone. */
export type CivilDate = string;

const pattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for a well-formed, existing date: `2024-02-29` yes, `2023-02-29` and `2024-2-1` no. */
export function isCivilDate(value: unknown): value is CivilDate {
  if (typeof value !== "string") return false;
  const match = pattern.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function parse(date: CivilDate): { year: number; month: number; day: number } {
  if (!isCivilDate(date)) throw new Error(`not a civil date: ${JSON.stringify(date)}`);
  return {
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
  };
}

/** Days since 1970-01-01 (negative before). Howard Hinnant's `days_from_civil`. */
export function toEpochDay(date: CivilDate): number {
  const { year, month, day } = parse(date);
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
  const text = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  if (!isCivilDate(text)) throw new Error(`day ${epochDay} is outside years 0001–9999`);
  return text;
}

/** -1, 0 or 1, for sorting. */
export function compareDates(a: CivilDate, b: CivilDate): -1 | 0 | 1 {
  parse(a);
  parse(b);
  // Fixed-width, zero-padded: string order is date order.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `date` + `days` (negative goes back). */
export function addDays(date: CivilDate, days: number): CivilDate {
  if (!Number.isSafeInteger(days)) throw new Error(`not a whole number of days: ${days}`);
  return fromEpochDay(toEpochDay(date) + days);
}

/** `to` − `from` in days: 0 for the same date, negative when `to` is earlier. */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return toEpochDay(to) - toEpochDay(from);
}
