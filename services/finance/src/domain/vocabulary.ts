/**
 * Proto enum values as the public API spells them (`UNIT_KIND_PARKING_GARAGE` →
 * `parking_garage`), by the proto naming rule, so no table can drift from the owners' protos.
 * Unspecified (or a value newer than this edge) reads "".
 */
export function enumWord(prefix: string, value: string | undefined): string {
  if (!value?.startsWith(`${prefix}_`) || value === `${prefix}_UNSPECIFIED`) return "";
  return value.slice(prefix.length + 1).toLowerCase();
}
