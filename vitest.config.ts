import { defineConfig } from "vitest/config";

// One run over every workspace, so `npm test` prints a single summary.
export default defineConfig({
  test: {
    projects: ["packages/*", "services/*", "apps/*", "deploy"],
  },
});
