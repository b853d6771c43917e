import { addMonths, compareDates } from "@slms/primitives/civil-date";

/** A lease's rent escalation as its newest terms version states it (`contracts.lease.*`). */
export type Escalation =
  | { kind: "none" }
  | { kind: "fixed_percent"; basisPoints: number }
  | { kind: "stepped"; steps: readonly { from: string; value: number }[] };

export interface NextEscalation {
  /** The first day the rent changes. */
  date: string;
  kind: "fixed_percent" | "stepped";
  /** fixed_percent: the rise in basis points. */
  basisPoints: number | null;
  /** stepped: the new amount per period (per-period rent) or rate per m² (per-m² rent). */
  valueMinor: number | null;
}

/**
 * The next day after `today` and within the lease that its rent escalates: a fixed percentage
 * compounds on each anniversary of the start (clamped to the month's end, as contracts computes
 * it), a stepped rent changes on each step's date. Null when nothing is left to come.
 */
export function nextEscalation(
  escalation: Escalation,
  lease: { startDate: string; endDate: string },
  today: string,
): NextEscalation | null {
  const within = (date: string) =>
    compareDates(date, today) > 0 && compareDates(date, lease.endDate) <= 0;
  if (escalation.kind === "stepped") {
    const step = [...escalation.steps]
      .sort((a, b) => compareDates(a.from, b.from))
      .find((s) => within(s.from));
    return step
      ? { date: step.from, kind: "stepped", basisPoints: null, valueMinor: step.value }
      : null;
  }
  if (escalation.kind === "fixed_percent" && escalation.basisPoints !== 0) {
    for (let year = 1; ; year++) {
      const date = addMonths(lease.startDate, 12 * year);
      if (compareDates(date, lease.endDate) > 0) return null;
      if (within(date)) {
        return {
          date,
          kind: "fixed_percent",
          basisPoints: escalation.basisPoints,
          valueMinor: null,
        };
      }
    }
  }
  return null;
}
