import { createHash } from "node:crypto";

/** Crockford base32, as every id of the platform (`@slms/db` `newId`) uses. */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * The id of the lease an import row makes: `lea_` and 26 characters like any lease id (`newId`),
 * but the same every time the row is sent — the batch's opening time (10 characters, so ids sort
 * by batch) and a digest of the batch and the row's key (16 characters, 80 bits).
 *
 * Why not a fresh id: assets holds the units for the lease id before the leases are written
 * (as ActivateLease holds first), so a call that fails after the holds and is sent again must
 * name the same lease, or its units would be held by a lease that never exists.
 */
export function importedLeaseId(batchOpenedAt: Date, batchId: string, key: string): string {
  let time = batchOpenedAt.getTime();
  let head = "";
  for (let i = 0; i < 10; i++) {
    head = CROCKFORD[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const digest = createHash("sha256").update(`${batchId}\u0000${key}`).digest();
  let tail = "";
  for (let i = 0; i < 16; i++) tail += CROCKFORD[digest[i]! & 31];
  return `lea_${head}${tail}`;
}
