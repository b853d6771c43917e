import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./backoff.ts";

const policy = { baseMs: 1_000, maxMs: 10_000, maxAttempts: 6 };

describe("retryDelayMs", () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [4, 8_000],
    [5, 10_000],
    [6, null],
    [9, null],
  ])("after %d tries: %s", (attempts, delay) => {
    expect(retryDelayMs(attempts, policy)).toBe(delay);
  });

  it("stays at the cap however many tries a long policy allows", () => {
    expect(retryDelayMs(80, { baseMs: 1_000, maxMs: 5_000, maxAttempts: 100 })).toBe(5_000);
  });
});
