import type { FieldIssue } from "@slms/errors";
import { failure, isNonNegativeMinor, type Outcome, success } from "./outcome.ts";

/** A unit sharing a cost, with its area in hundredths of a m² (12.34 m² is 1234). */
export interface AreaUnit {
  unitId: string;
  areaHundredths: number;
}

/** A unit's part of a shared total. */
export interface AreaPart {
  unitId: string;
  amountMinor: number;
}

/**
 * Splits `totalMinor` over `units` in proportion to their areas, by the largest-remainder
 * (Hamilton) method, so the parts add up to the total exactly:
 *
 * 1. each unit gets ⌊total × area ÷ Σareas⌋ (exact integer arithmetic);
 * 2. the minor units left over (fewer than the number of units) go one each to the units with
 *    the largest remainders of that division; equal remainders go to the smaller unit id
 *    (compared by UTF-16 code units), so the result never depends on the listing order.
 *
 * Every part is therefore its exact share rounded down or up (within 1 minor unit of it), and a
 * unit with area 0 gets 0. Parts are returned in the order of `units`.
 *
 * Problems: `totalMinor` not a whole number ≥ 0; no units; a unit id repeated
 * (`units.N.unitId`); an area not a whole number ≥ 0 (`units.N.areaHundredths`); all areas 0
 * (`units`).
 */
export function splitByArea(totalMinor: number, units: readonly AreaUnit[]): Outcome<AreaPart[]> {
  const problems = splitProblems(totalMinor, units);
  if (problems.length > 0) return failure(problems);

  const total = BigInt(totalMinor);
  const areaSum = units.reduce((sum, unit) => sum + BigInt(unit.areaHundredths), 0n);
  const shares = units.map((unit, index) => {
    const exact = total * BigInt(unit.areaHundredths);
    return { unit, index, floor: exact / areaSum, remainder: exact % areaSum };
  });
  const leftover = total - shares.reduce((sum, share) => sum + share.floor, 0n);
  const byRemainder = [...shares].sort(
    (a, b) =>
      (a.remainder > b.remainder ? -1 : a.remainder < b.remainder ? 1 : 0) ||
      (a.unit.unitId < b.unit.unitId ? -1 : a.unit.unitId > b.unit.unitId ? 1 : 0),
  );
  const amounts = shares.map((share) => share.floor);
  for (const share of byRemainder.slice(0, Number(leftover))) amounts[share.index]! += 1n;
  return success(
    units.map((unit, i) => ({ unitId: unit.unitId, amountMinor: Number(amounts[i]) })),
  );
}

function splitProblems(totalMinor: number, units: readonly AreaUnit[]): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (!isNonNegativeMinor(totalMinor)) {
    problems.push({ field: "totalMinor", message: "must be a whole number of minor units ≥ 0" });
  }
  if (units.length === 0) {
    problems.push({ field: "units", message: "must list at least one unit" });
    return problems;
  }
  const ids = new Set<string>();
  let anyArea = false;
  let areasOk = true;
  for (const [i, unit] of units.entries()) {
    if (ids.has(unit.unitId)) {
      problems.push({ field: `units.${i}.unitId`, message: `repeats unit ${unit.unitId}` });
    }
    ids.add(unit.unitId);
    if (!isNonNegativeMinor(unit.areaHundredths)) {
      problems.push({
        field: `units.${i}.areaHundredths`,
        message: "must be a whole number of hundredths of a m² ≥ 0",
      });
      areasOk = false;
    } else if (unit.areaHundredths > 0) {
      anyArea = true;
    }
  }
  if (areasOk && !anyArea) {
    problems.push({ field: "units", message: "at least one unit must have an area > 0" });
  }
  return problems;
}
