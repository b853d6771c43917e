import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Runs `prisma generate` for a schema folder (or file) offline, with the Node running this code.
 * The Prisma CLI insists on a native schema engine it would download; generating a client does
 * not use it, so `PRISMA_SCHEMA_ENGINE_BINARY` points at an existing file (this one) unless it
 * already names a real engine, and `CHECKPOINT_DISABLE=1` stops the update check.
 * @returns the CLI's output. Throws with the output when it fails.
 */
export async function generate(schemaPath: string): Promise<string> {
  const require = createRequire(import.meta.url);
  const cli = join(dirname(require.resolve("prisma/package.json")), "build", "index.js");
  const configured = process.env.PRISMA_SCHEMA_ENGINE_BINARY;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY:
      configured && existsSync(configured) ? configured : fileURLToPath(import.meta.url),
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  };
  const child = spawn(process.execPath, [cli, "generate", "--schema", resolve(schemaPath)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((done, fail) => {
    child.on("error", fail);
    child.on("close", done);
  });
  if (code !== 0) {
    throw new Error(`prisma generate --schema ${schemaPath} failed (exit ${code}):\n${output}`);
  }
  return output;
}
