import { defineConfig } from "vitest/config";

// One run over every workspace, so `npm test` prints a single summary. Two test files at a time:
// vitest's default (cores − 1) is one on a 2-core machine, which leaves a core idle while a file
// waits on PostgreSQL or RabbitMQ (each file has its own database, exchange and queues).
export default defineConfig({
  test: {
    projects: ["packages/*", "services/*", "apps/*", "deploy"],
    maxWorkers: 2,
  },
});
