import type { FieldIssue } from "@slms/errors";

/**
 * Areas are m² with at most two decimals. They are kept as integer hundredths of a m² for
 * arithmetic (sums, per-m² rents) and as decimal strings ("85.50") on the wire.
 */
export type Hundredths = number;

const decimal = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/** Parses "85.5" / "85.50" / 85.5 into hundredths; null if not a non-negative 2-dp number. */
export function parseArea(value: string | number): Hundredths | null {
  const text = typeof value === "number" ? numberToText(value) : value.trim();
  if (text === null) return null;
  const match = decimal.exec(text);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? "").padEnd(2, "0"));
  return whole * 100 + fraction;
}

/** Hundredths as a 2-dp decimal string: 8550 → "85.50". */
export function formatArea(hundredths: Hundredths): string {
  const whole = Math.floor(hundredths / 100);
  const fraction = String(hundredths % 100).padStart(2, "0");
  return `${whole}.${fraction}`;
}

/** Checks gross/usable areas of a unit; usable defaults to gross. Issues name the field. */
export function checkAreas(
  gross: string | number,
  usable: string | number | undefined,
): { gross: Hundredths; usable: Hundredths } | { issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const g = parseArea(gross);
  const u = usable === undefined || usable === "" ? g : parseArea(usable);
  if (g === null || g === 0) {
    issues.push({
      field: "grossAreaM2",
      message: "must be a positive number of m² with at most 2 decimals",
    });
  }
  if (u === null) {
    issues.push({
      field: "usableAreaM2",
      message: "must be a number of m² with at most 2 decimals",
    });
  }
  if (g !== null && u !== null && u > g) {
    issues.push({ field: "usableAreaM2", message: "must not exceed the gross area" });
  }
  if (issues.length > 0 || g === null || u === null) return { issues };
  return { gross: g, usable: u };
}

function numberToText(value: number): string | null {
  if (!Number.isFinite(value) || value < 0) return null;
  // Accept 85.5 and 85.55 as given; reject 85.555 rather than round it silently.
  const text = String(value);
  return text.includes("e") ? null : text;
}
