import { describe, expect, it } from "vitest";
import { checkAreas, formatArea, parseArea } from "./area.ts";

describe("parseArea", () => {
  it.each([
    ["85.50", 8550],
    ["85.5", 8550],
    ["85", 8500],
    [" 12.07 ", 1207],
    [85.55, 8555],
    [0.01, 1],
    ["0", 0],
    ["999999999.99", 99999999999],
  ])("%s → %s", (input, expected) => {
    expect(parseArea(input)).toBe(expected);
  });

  it.each([["85.555"], ["-1"], ["1,5"], [""], ["abc"], [85.555], [-2], [Number.NaN], [1e21]])(
    "rejects %s",
    (input) => {
      expect(parseArea(input)).toBeNull();
    },
  );
});

describe("formatArea", () => {
  it.each([
    [8550, "85.50"],
    [1, "0.01"],
    [0, "0.00"],
    [123456, "1234.56"],
  ])("%s → %s", (input, expected) => {
    expect(formatArea(input)).toBe(expected);
  });
});

describe("checkAreas", () => {
  it("defaults usable to gross", () => {
    expect(checkAreas("50", undefined)).toEqual({ gross: 5000, usable: 5000 });
  });

  it("names the fields at fault", () => {
    expect(checkAreas("0", "x")).toEqual({
      issues: [
        {
          field: "grossAreaM2",
          message: "must be a positive number of m² with at most 2 decimals",
        },
        { field: "usableAreaM2", message: "must be a number of m² with at most 2 decimals" },
      ],
    });
    expect(checkAreas("50", "50.01")).toEqual({
      issues: [{ field: "usableAreaM2", message: "must not exceed the gross area" }],
    });
  });
});
