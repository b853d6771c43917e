import { defineConfig } from "vitest/config";

// The fault suite (`npm run test:faults`, faults/*.fault.test.ts): real outages of the machine's
// RabbitMQ, PostgreSQL sessions, a Redis of its own and service processes. Not part of `npm test`
// (vitest.config.ts lists only the workspaces as projects), and run alone: one scenario stops the
// shared broker. Files run one after another, never in parallel.
export default defineConfig({
  test: {
    include: ["faults/**/*.fault.test.ts"],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
