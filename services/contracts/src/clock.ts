import type { CivilDate } from "./domain/terms.ts";

/** The civil date at `instant` in `timeZone` (the site's), e.g. for "has this lease ended?". */
export function todayIn(timeZone: string, instant: Date): CivilDate {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}
