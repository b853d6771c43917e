import { defineConfig } from "vitest/config";

// One run over every workspace, so `npm test` prints a single summary. Vitest's default of
// cores − 1 workers runs one file at a time on a 2-core machine; two at a time measured no faster
// (840 s against 858 s: the files keep both cores busy with PostgreSQL), three 21 % faster but
// with tests timing out under the load, so the default stays.
export default defineConfig({
  test: {
    projects: ["packages/*", "services/*", "apps/*", "deploy"],
  },
});
