import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Where embedded mode keeps its data: `SLMS_DATA_DIR`, or `./.data`. */
export function dataDir(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.SLMS_DATA_DIR ?? ".data");
}

/**
 * One process at a time may own an embedded data directory (PGlite is single-process). The
 * lock file holds the owner's pid; a lock whose process is gone is taken over.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, "slms.lock");
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, "utf8"));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `${dir} is in use by process ${pid} (the running platform). Stop it first, or point SLMS_DATA_DIR elsewhere.`,
      );
    }
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

/**
 * A secret of an embedded installation (JWT signing key, ID-number keys), created on first start
 * in the data directory. Losing the ID-number keys makes stored ID numbers unreadable: back the
 * data directory up as a whole.
 */
export function embeddedSecret(dir: string, name: string, bytes: number): string {
  const file = join(dir, name);
  if (!existsSync(file))
    writeFileSync(file, randomBytes(bytes).toString("base64"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
