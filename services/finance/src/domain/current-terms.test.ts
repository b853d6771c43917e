import { describe, expect, it } from "vitest";
import { currentVersion } from "./current-terms.ts";

const v = (version: number, effectiveFrom: string) => ({ version, effectiveFrom });
const signed = v(1, "2026-01-01");
const raised = v(2, "2026-07-01");
const corrected = v(3, "2026-07-01");

describe("currentVersion", () => {
  it.each([
    ["before the amendment", [signed, raised], "2026-06-30", signed],
    ["on the amendment's first day", [signed, raised], "2026-07-01", raised],
    ["long after", [signed, raised], "2030-01-01", raised],
    [
      "two versions from one day: the later one",
      [signed, raised, corrected],
      "2026-08-01",
      corrected,
    ],
    ["in any order", [corrected, signed, raised], "2026-08-01", corrected],
    ["a lease not started yet: its first version", [raised, signed], "2025-12-31", signed],
    ["no versions", [], "2026-01-01", null],
  ])("%s", (_what, versions, today, expected) => {
    expect(currentVersion(versions, today)).toEqual(expected);
  });
});
