import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The browser waits as long as Playwright's own locators do (20 s), not vitest's 1 s: a busy
    // CI machine (every package's tests at once) renders slowly, never wrongly.
    expect: { poll: { timeout: 20_000 } },
  },
});
