import { conflict } from "@slms/errors";

/**
 * A request id seen before: the same content replays the first result; other content is a
 * conflict naming the request id (the client reused a key for a different operation).
 */
export function checkRepeat(
  stored: { requestFingerprint: string | null },
  fingerprint: string,
  what: string,
  firstId: string,
): void {
  if (stored.requestFingerprint !== fingerprint) {
    throw conflict(`this request id was already used for a different ${what}`, [
      { field: "requestId", message: `already used for ${firstId} with other details` },
    ]);
  }
}
