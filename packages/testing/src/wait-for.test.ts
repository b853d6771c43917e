import { describe, expect, it } from "vitest";
import { waitFor } from "./wait-for.ts";

describe("waitFor", () => {
  it("resolves as soon as the condition holds, with its value", async () => {
    let checks = 0;
    const value = await waitFor(() => (++checks >= 3 ? { found: checks } : undefined), {
      intervalMs: 1,
    });
    expect(value).toEqual({ found: 3 });
    expect(checks).toBe(3);
  });

  it("accepts async conditions and treats throws as not yet", async () => {
    let checks = 0;
    await expect(
      waitFor(
        async () => {
          checks++;
          if (checks < 3) throw new Error("not ready");
          return true;
        },
        { intervalMs: 1 },
      ),
    ).resolves.toBe(true);
  });

  it("fails with a clear message after the timeout", async () => {
    const started = Date.now();
    await expect(
      waitFor(() => false, { timeoutMs: 60, intervalMs: 10, description: "the outbox to drain" }),
    ).rejects.toThrow(
      /^waitFor: timed out after 60 ms \(\d+ checks\) waiting for the outbox to drain; it stayed false$/,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
  });

  it("reports the last error", async () => {
    await expect(
      waitFor(
        () => {
          throw new Error("connection refused");
        },
        { timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow(/waiting for condition; last error: connection refused$/);
  });
});
