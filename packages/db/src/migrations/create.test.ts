import { describe, expect, it } from "vitest";
import { nextTimestamp } from "./create.ts";

describe("nextTimestamp", () => {
  const now = new Date("2026-11-24T01:58:49.123Z");
  it.each([
    { last: undefined, expected: "20261124015849" },
    { last: "20261124015848_init", expected: "20261124015849" },
    // Two migrations within one second, or a clock behind the last migration, still sort after it.
    { last: "20261124015849_init", expected: "20261124015850" },
    { last: "20261231235959_future", expected: "20270101000000" },
    { last: "0_init", expected: "20261124015849" },
  ])("after $last → $expected", ({ last, expected }) => {
    expect(nextTimestamp(now, last)).toBe(expected);
  });
});
