/** The letting statuses of a unit (as the assets service names them). */
export const statuses = ["leased", "vacant", "reserved", "maintenance", "inactive"] as const;
export type Status = (typeof statuses)[number];

/** A status as stored; one reporting does not know (a newer service's) counts as inactive. */
export const statusOf = (text: string): Status =>
  statuses.includes(text as Status) ? (text as Status) : "inactive";

/** A site with no event for this many days has gone quiet (unless a report is told otherwise). */
export const QUIET_AFTER_DAYS = 7;

/** Units and area (hundredths of m², exact) in each status. */
export interface Tally {
  units: Record<Status, number>;
  areaHundredths: Record<Status, bigint>;
}

export const emptyTally = (): Tally => ({
  units: { leased: 0, vacant: 0, reserved: 0, maintenance: 0, inactive: 0 },
  areaHundredths: { leased: 0n, vacant: 0n, reserved: 0n, maintenance: 0n, inactive: 0n },
});

/** Adds `units` units of `areaHundredths` in total, all in `status`, to the tally. */
export function count(tally: Tally, status: Status, units: number, areaHundredths: bigint): void {
  tally.units[status] += units;
  tally.areaHundredths[status] += areaHundredths;
}

/** The sum of several tallies. */
export function sum(tallies: Iterable<Tally>): Tally {
  const total = emptyTally();
  for (const tally of tallies) {
    for (const status of statuses) {
      count(total, status, tally.units[status], tally.areaHundredths[status]);
    }
  }
  return total;
}

/** `part / whole` in basis points, rounded half up; 0 when `whole` is 0. */
export function basisPoints(part: bigint, whole: bigint): number {
  if (whole === 0n) return 0;
  return Number((part * 20_000n + whole) / (2n * whole));
}

/** Hundredths of m² as a decimal string with two places ("1234.50"). */
export function areaText(hundredths: bigint): string {
  const sign = hundredths < 0n ? "-" : "";
  const abs = hundredths < 0n ? -hundredths : hundredths;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

/** A decimal string of at most two places ("12.5", "7") in hundredths. */
export function hundredthsOf(text: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new Error(`not an area: ${text}`);
  const value = BigInt(match[2]!) * 100n + BigInt((match[3] ?? "").padEnd(2, "0"));
  return match[1] ? -value : value;
}

/**
 * Vacancy rates: vacant over everything that can be let — inactive units (taken out of the
 * stock) count in neither.
 */
export function vacancy(tally: Tally): { unitsBp: number; areaBp: number } {
  const lettable = statuses.filter((s) => s !== "inactive");
  const units = lettable.reduce((n, s) => n + tally.units[s], 0);
  const area = lettable.reduce((n, s) => n + tally.areaHundredths[s], 0n);
  return {
    unitsBp: basisPoints(BigInt(tally.units.vacant), BigInt(units)),
    areaBp: basisPoints(tally.areaHundredths.vacant, area),
  };
}
