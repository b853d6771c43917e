import { defineProject } from "vitest/config";

// Migration tests run Prisma's schema engine (WebAssembly): seconds each on a busy machine.
export default defineProject({
  test: { name: "@slms/db", testTimeout: 30_000, hookTimeout: 60_000 },
});
