import { defineProject } from "vitest/config";

// Integration tests start services on their own databases in hooks; teardown is bounded by each
// server's grace period, but a loaded 2-core machine is slow: hooks get a minute, not 10 s.
export default defineProject({ test: { name: "@slms/cli", hookTimeout: 60_000 } });
