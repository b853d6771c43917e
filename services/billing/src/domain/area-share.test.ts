import { describe, expect, it } from "vitest";
import { type AreaUnit, splitByArea } from "./area-share.ts";
import { random } from "./random.fixtures.ts";

/** Units `[id, areaHundredths]` → AreaUnit[]. */
const units = (...list: [string, number][]): AreaUnit[] =>
  list.map(([unitId, areaHundredths]) => ({ unitId, areaHundredths }));

const amounts = (total: number, list: AreaUnit[]) => {
  const result = splitByArea(total, list);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return Object.fromEntries(result.value.map((p) => [p.unitId, p.amountMinor]));
};

describe("splitByArea (largest remainder)", () => {
  it.each<[string, number, AreaUnit[], Record<string, number>]>([
    [
      "3 × 1/3 of 1.00: the spare fen to the smallest id",
      100,
      units(["a", 1000], ["b", 1000], ["c", 1000]),
      { a: 34, b: 33, c: 33 },
    ],
    ["3 × 1/3 of 2.00", 200, units(["a", 1000], ["b", 1000], ["c", 1000]), { a: 67, b: 67, c: 66 }],
    [
      "3 × 1/3 of 3.00: exact",
      300,
      units(["a", 1000], ["b", 1000], ["c", 1000]),
      { a: 100, b: 100, c: 100 },
    ],
    [
      "3 × 1/3, listed in reverse: same parts",
      100,
      units(["c", 1000], ["b", 1000], ["a", 1000]),
      { a: 34, b: 33, c: 33 },
    ],
    [
      "6 × 1/6 of 0.10: rounding each (2 × 6 = 12) would not add up",
      10,
      units(["u1", 5000], ["u2", 5000], ["u3", 5000], ["u4", 5000], ["u5", 5000], ["u6", 5000]),
      { u1: 2, u2: 2, u3: 2, u4: 2, u5: 1, u6: 1 },
    ],
    [
      // exact shares 39710.378, 182719.228, 32148.029, 139050.684, 321834.272, 2477.876, 282059.533:
      // 3 fen left after the floors go to u6 (.876), u4 (.684), u7 (.533) — not u1 (.378)
      "7 units of odd areas",
      1_000_000,
      units(
        ["u1", 1234],
        ["u2", 5678],
        ["u3", 999],
        ["u4", 4321],
        ["u5", 10001],
        ["u6", 77],
        ["u7", 8765],
      ),
      { u1: 39710, u2: 182719, u3: 32148, u4: 139051, u5: 321834, u6: 2478, u7: 282060 },
    ],
    ["ids compared by code unit: B before a", 1, units(["a", 100], ["B", 100]), { a: 0, B: 1 }],
    ["zero total", 0, units(["a", 1234], ["b", 5678]), { a: 0, b: 0 }],
    [
      "a unit with zero area gets 0",
      101,
      units(["a", 0], ["b", 100], ["c", 100]),
      { a: 0, b: 51, c: 50 },
    ],
    ["one unit takes all", 12_345, units(["a", 1]), { a: 12_345 }],
    [
      "a tiny unit beside a large one",
      100,
      units(["big", 1_000_000], ["tiny", 1]),
      { big: 100, tiny: 0 },
    ],
    [
      "the largest safe total",
      Number.MAX_SAFE_INTEGER,
      units(["a", 1], ["b", 1], ["c", 1]),
      { a: 3_002_399_751_580_331, b: 3_002_399_751_580_330, c: 3_002_399_751_580_330 },
    ],
    [
      "a large total over large areas",
      987_654_321_012,
      units(["a", 99_999_999], ["b", 12_345_678], ["c", 1]),
      // floors 879 120 878 273 + 108 533 433 947 + 8 791, remainders (÷ 112 345 678)
      // 10 024 894, 78 855 070, 23 465 714: the one spare fen goes to b
      { a: 879_120_878_273, b: 108_533_433_948, c: 8_791 },
    ],
  ])("%s", (_name, total, list, expected) => {
    expect(amounts(total, list)).toEqual(expected);
  });

  it("returns the parts in the order of the units", () => {
    const result = splitByArea(100, units(["c", 1], ["a", 1], ["b", 1]));
    expect(result.ok && result.value.map((p) => p.unitId)).toEqual(["c", "a", "b"]);
  });
});

describe("splitByArea: problems", () => {
  it.each<[string, number, AreaUnit[], { field: string; message: RegExp }[]]>([
    ["all areas zero", 100, units(["a", 0], ["b", 0]), [{ field: "units", message: /area > 0/ }]],
    ["no units", 100, [], [{ field: "units", message: /at least one unit/ }]],
    [
      "a negative area",
      100,
      units(["a", 100], ["b", -1]),
      [{ field: "units.1.areaHundredths", message: /≥ 0/ }],
    ],
    [
      "a fractional area",
      100,
      units(["a", 12.5]),
      [{ field: "units.0.areaHundredths", message: /whole number/ }],
    ],
    [
      "a repeated unit",
      100,
      units(["a", 1], ["a", 2]),
      [{ field: "units.1.unitId", message: /repeats unit a/ }],
    ],
    ["a negative total", -1, units(["a", 1]), [{ field: "totalMinor", message: /≥ 0/ }]],
    [
      "a fractional total",
      0.5,
      units(["a", 1]),
      [{ field: "totalMinor", message: /whole number/ }],
    ],
    [
      "an unsafe total",
      2 ** 53,
      units(["a", 1]),
      [{ field: "totalMinor", message: /whole number/ }],
    ],
  ])("%s", (_name, total, list, expected) => {
    const result = splitByArea(total, list);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field)).toEqual(expected.map((p) => p.field));
    expected.forEach((p, i) => {
      expect(result.problems[i]?.message).toMatch(p.message);
    });
  });
});

describe("splitByArea: properties over random splits (fixed seed)", () => {
  const rng = random(5);
  const cases = Array.from({ length: 500 }, () => {
    const count = rng.int(1, 40);
    const list = Array.from({ length: count }, (_, i) => ({
      unitId: `unit_${rng.int(0, 99)}_${i}`,
      areaHundredths: rng.pick([0, 1, 100, rng.int(1, 50_000), rng.int(1, 100_000_000)]),
    }));
    if (list.every((u) => u.areaHundredths === 0)) list[0]!.areaHundredths = 1;
    const total = rng.pick([0, 1, rng.int(0, 1000), rng.int(0, 100_000_000), rng.int(0, 2 ** 52)]);
    return { total, list };
  });

  it.each(cases.map((c, i) => [i, c] as const))("split %i", (_i, { total, list }) => {
    const result = splitByArea(total, list);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const parts = result.value;
    const areaSum = BigInt(list.reduce((sum, u) => sum + u.areaHundredths, 0));
    // The sum is always exact.
    expect(parts.reduce((sum, p) => sum + BigInt(p.amountMinor), 0n)).toBe(BigInt(total));
    parts.forEach((part, i) => {
      const unit = list[i]!;
      expect(part.unitId).toBe(unit.unitId);
      // |part − total × area ÷ Σareas| < 1, i.e. |part × Σareas − total × area| < Σareas.
      const gap = BigInt(part.amountMinor) * areaSum - BigInt(total) * BigInt(unit.areaHundredths);
      expect(gap < areaSum && -gap < areaSum).toBe(true);
      if (unit.areaHundredths === 0) expect(part.amountMinor).toBe(0);
    });
    // The listing order does not matter.
    const reversed = splitByArea(total, [...list].reverse());
    expect(reversed.ok && [...reversed.value].reverse()).toEqual(parts);
  });
});
