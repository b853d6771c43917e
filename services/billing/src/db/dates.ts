/** Civil dates (`YYYY-MM-DD`) as stored in `date` columns (UTC midnight) and back. */
export const toDbDate = (date: string): Date => new Date(`${date}T00:00:00.000Z`);
export const fromDbDate = (date: Date): string => date.toISOString().slice(0, 10);

/** The civil date at `instant` in `timeZone` (the site's). */
export function todayIn(timeZone: string, instant: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

export const isCivilDate = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  fromDbDate(toDbDate(value)) === value;
