import { describe, expect, it } from "vitest";
import { enumWord } from "./vocabulary.ts";

describe("enumWord", () => {
  it.each([
    ["UNIT_KIND", "UNIT_KIND_PARKING_GARAGE", "parking_garage"],
    ["SITE_KIND", "SITE_KIND_RESIDENTIAL", "residential"],
    ["LEASE_STATUS", "LEASE_STATUS_UNSPECIFIED", ""],
    ["LEASE_STATUS", "SITE_KIND_RESIDENTIAL", ""],
    ["LEASE_STATUS", undefined, ""],
  ])("%s %s → %j", (prefix, value, expected) => {
    expect(enumWord(prefix, value)).toBe(expected);
  });
});
