/**
 * The terms in force of a lease on a day: the version with the latest `effectiveFrom` on or
 * before the day (versions are added by amendments effective from a date; days before it keep
 * their terms). A lease that has not started yet has no version in force: its first version is
 * the one that will be, so that one is given.
 */
export function currentVersion<V extends { version: number; effectiveFrom: string }>(
  versions: readonly V[],
  today: string,
): V | null {
  let current: V | null = null;
  let first: V | null = null;
  for (const v of versions) {
    if (!first || v.effectiveFrom < first.effectiveFrom) first = v;
    if (v.effectiveFrom > today) continue;
    if (
      !current ||
      v.effectiveFrom > current.effectiveFrom ||
      (v.effectiveFrom === current.effectiveFrom && v.version > current.version)
    ) {
      current = v;
    }
  }
  return current ?? first;
}
