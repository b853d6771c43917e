import { defineProject } from "vitest/config";

// Integration tests start the finance service and the services it reads on their own databases
// in hooks; a loaded 2-core machine is slow, so hooks and tests get a minute.
export default defineProject({
  test: { name: "@slms/finance", testTimeout: 60_000, hookTimeout: 60_000 },
});
