import { defineProject } from "vitest/config";

// Integration tests start services on their own databases in hooks; teardown is bounded by each
// server's grace period, but a loaded 2-core machine is slow: hooks get a minute, not 10 s, and
// a test (a request through the gateway to several services) 30 s, not 5.
export default defineProject({
  test: { name: "@slms/gateway", testTimeout: 30_000, hookTimeout: 60_000 },
});
