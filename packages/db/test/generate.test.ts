import { execFile } from "node:child_process";
import { copyFile, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../src/generate.ts";
import { fixtureSchemaDir, freshDatabase, messagingSchema } from "./support.ts";

// Inside the package (so the generated code resolves @prisma/client) under a `.data/` folder,
// which git and Biome ignore.
const root = fileURLToPath(
  new URL(`./.data/generate-${process.pid}-${Date.now()}`, import.meta.url),
);
const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const run = promisify(execFile);

let db: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  await mkdir(join(root, "prisma"), { recursive: true });
  await copyFile(join(fixtureSchemaDir, "schema.prisma"), join(root, "prisma", "schema.prisma"));
  await symlink(messagingSchema, join(root, "prisma", "messaging.prisma"));
  db = await freshDatabase("generate", { migrate: true });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await db?.close();
});

describe("generate", () => {
  it("generates a client that Node runs as is, by type stripping", async () => {
    const output = await generate(join(root, "prisma"));
    expect(output).toMatch(/Generated Prisma Client/);

    await writeFile(
      join(root, "main.ts"),
      `import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./src/generated/prisma/client.ts";
import type { Widget } from "./src/generated/prisma/client.ts";
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.argv[2] }) });
const created: Widget = await prisma.widget.create({ data: { id: "stripped", name: "Node" } });
console.log(JSON.stringify({ node: process.versions.node, created: created.name, count: await prisma.widget.count() }));
await prisma.$disconnect();
`,
    );
    const { stdout } = await run(process.execPath, [join(root, "main.ts"), db.url]);
    const result = JSON.parse(stdout) as { node: string; created: string; count: number };
    expect(Number(result.node.split(".")[0])).toBeGreaterThanOrEqual(24);
    expect(result).toMatchObject({ created: "Node", count: 1 });
  });

  it("runs through the CLI, and explains usage errors", async () => {
    const { stdout } = await run(process.execPath, [cli, "generate", join(root, "prisma")]);
    expect(stdout).toMatch(/Generated Prisma Client/);

    for (const args of [[], ["generate"], ["frobnicate", "x"], ["migrate:create", "x"]]) {
      const failure = await run(process.execPath, [cli, ...args]).then(
        () => null,
        (error: { code: number; stderr: string; stdout: string }) => error,
      );
      expect(failure?.code, `exit code of cli ${args.join(" ")}`).toBe(2);
      expect(`${failure?.stdout}${failure?.stderr}`).toContain(
        "Usage: node packages/db/src/cli.ts",
      );
    }
  });

  it("fails with prisma's message on an invalid schema", async () => {
    const bad = join(root, "bad");
    await mkdir(bad, { recursive: true });
    await writeFile(join(bad, "schema.prisma"), "model {");
    await expect(generate(bad)).rejects.toThrow(/prisma generate --schema .* failed/);
  });
});
