/** Civil dates (`YYYY-MM-DD`) as holds and statuses use them; the site's time zone decides "today". */
export type CivilDate = string;

const pattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCivilDate(value: string): boolean {
  const match = pattern.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** The civil date at `instant` in `timeZone`. */
export function todayIn(timeZone: string, instant: Date = new Date()): CivilDate {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** As stored in a `date` column (UTC midnight) and back. */
export const toDbDate = (date: CivilDate): Date => new Date(`${date}T00:00:00.000Z`);
export const fromDbDate = (date: Date): CivilDate => date.toISOString().slice(0, 10);

export function addDays(date: CivilDate, days: number): CivilDate {
  return fromDbDate(new Date(toDbDate(date).getTime() + days * 86_400_000));
}
