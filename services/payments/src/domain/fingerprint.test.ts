import { describe, expect, it } from "vitest";
import { fingerprint } from "./fingerprint.ts";

describe("fingerprint", () => {
  it("ignores key order and absent keys, not values", () => {
    const a = fingerprint({ amount: 100, at: new Date("2026-01-01T00:00:00Z"), bills: ["b1"] });
    expect(fingerprint({ bills: ["b1"], at: new Date("2026-01-01T00:00:00Z"), amount: 100 })).toBe(
      a,
    );
    expect(
      fingerprint({
        amount: 100,
        at: new Date("2026-01-01T00:00:00Z"),
        bills: ["b1"],
        x: undefined,
      }),
    ).toBe(a);
    expect(
      fingerprint({ amount: 101, at: new Date("2026-01-01T00:00:00Z"), bills: ["b1"] }),
    ).not.toBe(a);
    expect(fingerprint({ amount: 100, at: new Date("2026-01-01T00:00:00Z"), bills: [] })).not.toBe(
      a,
    );
    expect(fingerprint({ a: null })).not.toBe(fingerprint({ a: "" }));
  });
});
