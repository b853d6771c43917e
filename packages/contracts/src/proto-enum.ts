/**
 * Proto enums arrive as strings like `UNIT_KIND_PARKING_GARAGE` (loader option enums: String);
 * the domain and REST use `parking_garage`. These convert between the two by the proto
 * naming rule (`<ENUM>_<VALUE>`), so no per-value table can drift from the proto.
 */
export function toProtoEnum<P = string>(prefix: string, value: string): P {
  return `${prefix}_${value.toUpperCase()}` as P;
}

/** The domain value, or null for `…_UNSPECIFIED` or a value not in `allowed`. */
export function fromProtoEnum<T extends string>(
  prefix: string,
  value: string | undefined,
  allowed: readonly T[],
): T | null {
  if (!value?.startsWith(`${prefix}_`)) return null;
  const name = value.slice(prefix.length + 1).toLowerCase();
  return (allowed as readonly string[]).includes(name) ? (name as T) : null;
}
