/**
 * An instant (ISO timestamp) as the date and time at the site — its time zone, not the
 * browser's.
 */
export function formatInstant(iso: string | null | undefined, timeZone: string, language: string) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(date);
}

/** Today's civil date at the site (`YYYY-MM-DD`), for period and due-date defaults. */
export function todayAt(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}
