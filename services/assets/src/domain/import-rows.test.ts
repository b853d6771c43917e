import { describe, expect, it } from "vitest";
import { type HoldClaim, overlappingClaims, repeatIssues, repeats } from "./import-rows.ts";

describe("repeats", () => {
  it.each([
    [[], []],
    [["a", "b", "c"], []],
    [
      ["a", "b", "a", "a"],
      [
        [2, 0],
        [3, 0],
      ],
    ],
  ] as const)("%j → %j", (values, expected) => {
    expect([...repeats(values)]).toEqual(expected);
  });

  it("names each repeating row against the first", () => {
    expect(repeatIssues("units", "code", ["A", "B", "A"])).toEqual([
      { field: "units.2.code", message: "repeats units.0.code" },
    ]);
  });
});

const claim = (row: number, unitId: string, fromDate: string, toDate: string): HoldClaim => ({
  row,
  unit: 0,
  unitId,
  fromDate,
  toDate,
});

describe("overlappingClaims", () => {
  it.each([
    [
      "other units",
      [claim(0, "u1", "2026-01-01", "2026-12-31"), claim(1, "u2", "2026-01-01", "2026-12-31")],
      [],
    ],
    [
      "back to back",
      [claim(0, "u1", "2026-01-01", "2026-06-30"), claim(1, "u1", "2026-07-01", "2026-12-31")],
      [],
    ],
    [
      "sharing a day",
      [claim(0, "u1", "2026-01-01", "2026-06-30"), claim(1, "u1", "2026-06-30", "2026-12-31")],
      [[1, 0]],
    ],
    [
      "a later row starting earlier",
      [claim(0, "u1", "2026-03-01", "2026-03-31"), claim(1, "u1", "2026-01-01", "2026-12-31")],
      [[0, 1]],
    ],
    // The long first claim overlaps both later ones, which do not overlap each other.
    [
      "inside a long claim",
      [
        claim(0, "u1", "2026-01-01", "2026-12-31"),
        claim(1, "u1", "2026-02-01", "2026-02-28"),
        claim(2, "u1", "2026-05-01", "2026-05-31"),
      ],
      [
        [1, 0],
        [2, 0],
      ],
    ],
  ] as const)("%s", (_, claims, expected) => {
    expect(overlappingClaims(claims).map((o) => [o.claim.row, o.other.row])).toEqual(expected);
  });
});
