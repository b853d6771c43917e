import { defineProject } from "vitest/config";

// Integration tests start assets, billing and payments on their own databases and race 100
// requests at a time: they need more than the 5 s default.
export default defineProject({
  test: { name: "@slms/payments", testTimeout: 60_000, hookTimeout: 60_000 },
});
