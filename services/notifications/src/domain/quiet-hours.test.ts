import { describe, expect, it } from "vitest";
import { nextDayAt, notBefore } from "./quiet-hours.ts";

const shanghai = "Asia/Shanghai";
const at = (iso: string) => new Date(iso);

describe("notBefore", () => {
  it.each([
    // local time (UTC+8)       → when it may be sent
    ["2026-03-10T01:00:00Z", "2026-03-10T01:00:00.000Z"], // 09:00: now
    ["2026-03-10T12:59:00Z", "2026-03-10T12:59:00.000Z"], // 20:59: now
    ["2026-03-10T13:00:00Z", "2026-03-11T00:00:00.000Z"], // 21:00: 08:00 tomorrow
    ["2026-03-10T15:30:00Z", "2026-03-11T00:00:00.000Z"], // 23:30: 08:00 tomorrow
    ["2026-03-10T16:30:00Z", "2026-03-11T00:00:00.000Z"], // 00:30: 08:00 today
    ["2026-03-10T23:59:00Z", "2026-03-11T00:00:00.000Z"], // 07:59: 08:00 today
    ["2026-03-11T00:00:00Z", "2026-03-11T00:00:00.000Z"], // 08:00: now
  ])("at %s in Shanghai, quiet 21:00–08:00: %s", (now, expected) => {
    expect(notBefore(at(now), shanghai, 21 * 60, 8 * 60).toISOString()).toBe(expected);
  });

  it("a window within one day ends the same day", () => {
    // 13:30 in Shanghai, quiet 12:00–14:00 → 14:00
    expect(notBefore(at("2026-03-10T05:30:00Z"), shanghai, 720, 840).toISOString()).toBe(
      "2026-03-10T06:00:00.000Z",
    );
  });

  it("no window when start equals end", () => {
    expect(notBefore(at("2026-03-10T15:30:00Z"), shanghai, 0, 0).toISOString()).toBe(
      "2026-03-10T15:30:00.000Z",
    );
  });

  it("counts in the site's zone, not the server's", () => {
    // 23:30 UTC is 23:30 in London (GMT in March): quiet until 08:00 London time
    expect(
      notBefore(at("2026-03-10T23:30:00Z"), "Europe/London", 21 * 60, 8 * 60).toISOString(),
    ).toBe("2026-03-11T08:00:00.000Z");
  });
});

describe("nextDayAt", () => {
  it("is the next local day at the minute", () => {
    // 23:30 local on the 10th → the 11th at 08:00 local
    expect(nextDayAt(at("2026-03-10T15:30:00Z"), shanghai, 480).toISOString()).toBe(
      "2026-03-11T00:00:00.000Z",
    );
    // 00:30 local on the 11th → the 12th at 08:00 local
    expect(nextDayAt(at("2026-03-10T16:30:00Z"), shanghai, 480).toISOString()).toBe(
      "2026-03-12T00:00:00.000Z",
    );
  });
});
