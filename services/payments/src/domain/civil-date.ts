/**
 * Civil dates (`YYYY-MM-DD`) and times in a site's IANA time zone. Lists filter payments by the
 * day they were received at the site, and receipts print the site's local time.
 */

/** `YYYY-MM-DD` that is a real calendar date. */
export function isCivilDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The calendar fields of an instant in a time zone. */
function partsIn(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
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
export function startOfDayIn(date: string, timeZone: string): Date {
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

/** The civil date after `date`. */
export function nextDay(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:mm` of an instant in a time zone, for printing. */
export function formatLocal(instant: Date, timeZone: string): string {
  const p = partsIn(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}
