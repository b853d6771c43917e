// A go-live import rolled back days after its release leaves past occupancy snapshots counting
// it: its units, and units it did not make in the status its holds set (assets puts those back
// at the rollback). Assets refuses a rollback once anything happened to those units, so each
// one's status and area were the same from the release until the rollback: the snapshot of every
// day from the release's to the day before the correction counted it so, and is corrected by
// taking it out (a unit the import made) or moving it back to the status put back.

/** A status an import's rollback put back (`unitsPutBack` of `assets.import.rolled_back`). */
export interface UnitPutBack {
  unitId: string;
  /** The status the import's hold set. */
  from: string;
  /** The status before the import: what the unit is again. */
  to: string;
}

/** A unit's status as reporting holds it. */
export interface StatusShown {
  status: string;
  /** When the status shown took effect (the status event's `changedAt`). */
  changedAt: Date;
}

/** Until when a put-back unit counted in the import's status, and whether to put it back now. */
export interface PutBackSpan {
  /** The first day not to correct is this instant's (capped at today by the caller). */
  until: Date;
  /** The unit still shows the import's status: put it back now (its own event changes nothing). */
  apply: boolean;
}

/**
 * Which days a unit put back by a rollback counted in the status the import set, from what the
 * unit shows when the rollback is applied:
 * - the import's status, taken effect before the release (the import's own change): counted so
 *   until now; the put-back is applied with the rollback, whichever of it and the unit's own
 *   `assets.unit.status_changed` comes first;
 * - a status taken effect at or after the release: the put-back (nothing else can change it
 *   before the rollback) was heard first, and the days from then show the status put back:
 *   counted in the import's status until then (or until the rollback, if a later change shows);
 * - any other status taken effect before the release: the import's change was never heard (it
 *   was still on its way, and the rollback took it as handled): nothing counted it — null.
 */
export function putBackSpan(
  shown: StatusShown,
  putBack: UnitPutBack,
  releasedAt: Date,
  rolledBackAt: Date,
  now: Date,
): PutBackSpan | null {
  if (shown.changedAt < releasedAt)
    return shown.status === putBack.from ? { until: now, apply: true } : null;
  const until = shown.changedAt < rolledBackAt ? shown.changedAt : rolledBackAt;
  return { until, apply: false };
}
