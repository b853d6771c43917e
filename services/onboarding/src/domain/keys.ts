import { createHash } from "node:crypto";
import type { SheetKey } from "./sheets.ts";

/**
 * The idempotency key of a row's request: the same for the same site, sheet and natural key
 * (unit code, customer ID number, lease reference, lease + fee item + period, …) whatever row it
 * is on, and different otherwise. Hashed, because natural keys hold ID numbers, which are
 * protected data and must not travel in keys that services store and log.
 *
 * @example rowKey("sit_1", "units", "A-101") // "onb_units_3f2c…" (32 hex digits)
 */
export function rowKey(siteKey: string, sheet: SheetKey, naturalKey: string): string {
  const digest = createHash("sha256")
    .update(`${siteKey}\u0000${sheet}\u0000${naturalKey}`)
    .digest("hex");
  return `onb_${sheet}_${digest.slice(0, 32)}`;
}

/** The form codes and references are compared in: NFKC, upper-case, trimmed. */
export function identityKey(text: string): string {
  return text.normalize("NFKC").trim().toUpperCase();
}
