/**
 * Where civil dates meet instants: "today" and local times in a site's IANA time zone, the
 * instant a day begins there, and civil dates as `date` columns hold them (UTC midnight).
 */
import type { CivilDate } from "./civil-date.ts";

// Intl.DateTimeFormat is costly to build; one per time zone serves every call.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar fields of an instant in a time zone. */
function partsIn(instant: Date, timeZone: string) {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

const two = (n: number) => String(n).padStart(2, "0");

/** The civil date at `instant` in `timeZone` (the site's): what "today" means there. */
export function todayIn(timeZone: string, instant: Date): CivilDate {
  const p = partsIn(instant, timeZone);
  return `${String(p.year).padStart(4, "0")}-${two(p.month)}-${two(p.day)}`;
}

/** `YYYY-MM-DD HH:mm` of an instant in a time zone, for printing. */
export function formatLocal(instant: Date, timeZone: string): string {
  const p = partsIn(instant, timeZone);
  return `${todayIn(timeZone, instant)} ${two(p.hour)}:${two(p.minute)}`;
}

/** Offset of the zone from UTC at an instant, ms (Asia/Shanghai: +8 h). */
function offsetAt(instant: Date, timeZone: string): number {
  const p = partsIn(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant a civil date begins in a time zone. Where midnight does not exist (a DST jump at
 * 00:00) it is the first instant of the day.
 */
export function startOfDayIn(date: CivilDate, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const localMidnight = Date.UTC(y, m - 1, d);
  // Two passes settle the offset across a DST change between the guess and the answer.
  let guess = localMidnight - offsetAt(new Date(localMidnight), timeZone);
  guess = localMidnight - offsetAt(new Date(guess), timeZone);
  const candidate = new Date(guess);
  const p = partsIn(candidate, timeZone);
  if (Date.UTC(p.year, p.month - 1, p.day) < localMidnight) {
    // Midnight was skipped: the day starts when the clocks jumped.
    return new Date(guess + 3_600_000);
  }
  return candidate;
}

/** A civil date as a `date` column holds it (UTC midnight), and back. */
export const toDbDate = (date: CivilDate): Date => new Date(`${date}T00:00:00.000Z`);
export const fromDbDate = (date: Date): CivilDate => date.toISOString().slice(0, 10);
