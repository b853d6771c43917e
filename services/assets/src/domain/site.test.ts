import { describe, expect, it } from "vitest";
import { isCurrency, isTimeZone } from "./site.ts";

describe("site rules", () => {
  it.each([
    ["Asia/Shanghai", true],
    ["Asia/Hong_Kong", true],
    ["UTC", true],
    ["Europe/London", true],
    ["Mars/Olympus", false],
    ["+08:00", false],
  ])("time zone %s → %s", (zone, ok) => expect(isTimeZone(zone)).toBe(ok));

  it.each([
    ["CNY", true],
    ["HKD", true],
    ["USD", true],
    ["cny", false],
    ["RMB", false],
  ])("currency %s → %s", (code, ok) => expect(isCurrency(code)).toBe(ok));
});
