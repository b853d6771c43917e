import { fileURLToPath } from "node:url";
import { checkMigrations } from "@slms/db";
import { describe, expect, it } from "vitest";
import { migrationsDir } from "../src/service.ts";

// The offline schema engine takes seconds on a busy machine: more than vitest's default 5 s.
describe("finance migrations", () => {
  it("match the Prisma schema (a schema change without a migration fails here)", async () => {
    const result = await checkMigrations({
      schemaDir: fileURLToPath(new URL("../prisma", import.meta.url)),
      migrationsDir,
    });
    expect(result.inSync ? "in sync" : result.message).toBe("in sync");
  }, 30_000);
});
