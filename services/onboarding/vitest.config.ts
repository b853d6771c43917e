import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "@slms/onboarding", testTimeout: 30_000 },
});
