// deploy/compose/postgres-init.sh against the machine's PostgreSQL (127.0.0.1:5432, user postgres):
// it must create one login role and one database per service, owned by that role, closed to the
// other roles, and be safe to run twice. Names are unique per run and dropped afterwards.
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployDir } from "./lib/kustomize.ts";

const run = promisify(execFile);
const script = `${deployDir}compose/postgres-init.sh`;
const pg = { PGHOST: process.env.PGHOST ?? "127.0.0.1", PGPORT: process.env.PGPORT ?? "5432" };
const admin = process.env.PGUSER ?? "postgres";
const prefix = `deploy_init_${randomBytes(4).toString("hex")}`;
const names = [`${prefix}_gateway`, `${prefix}_assets`];
const created = [...names, `${prefix}_ok`];

const psql = (user: string, db: string, sql: string) =>
  execFileSync(
    "psql",
    ["--no-psqlrc", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-U", user, "-d", db, "-c", sql],
    {
      encoding: "utf8",
      env: { ...process.env, ...pg },
      stdio: ["ignore", "pipe", "pipe"],
    },
  ).trim();

const runInit = (databases: string) =>
  run(script, [], {
    env: {
      ...process.env,
      ...pg,
      POSTGRES_USER: admin,
      POSTGRES_DB: "postgres",
      SLMS_DATABASES: databases,
      SLMS_DB_PASSWORD: "it's-a-test",
    },
  });

beforeAll(() => {
  try {
    execFileSync("psql", ["--version"], { stdio: "pipe" });
  } catch {
    throw new Error(
      "psql (the PostgreSQL client) is needed to test deploy/compose/postgres-init.sh; install postgresql-client",
    );
  }
});

afterAll(() => {
  for (const name of created) {
    psql(admin, "postgres", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    psql(admin, "postgres", `DROP ROLE IF EXISTS "${name}"`);
  }
});

describe("deploy/compose/postgres-init.sh", () => {
  it("creates a login role and an owned database per service, and can run again", async () => {
    await runInit(names.join(" "));
    await runInit(names.join(" "));
    for (const name of names) {
      expect(
        psql(admin, "postgres", `SELECT rolcanlogin FROM pg_roles WHERE rolname = '${name}'`),
      ).toBe("t");
      expect(
        psql(
          admin,
          "postgres",
          `SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '${name}'`,
        ),
      ).toBe(name);
    }
    // The script runs twice over psql; a busy machine takes more than vitest's 5 s.
  }, 60_000);

  it("lets each role into its own database only", () => {
    const [gateway, assets] = names as [string, string];
    expect(psql(gateway, gateway, "SELECT current_user")).toBe(gateway);
    expect(() => psql(assets, gateway, "SELECT 1")).toThrow(/permission denied for database/);
  });

  it("refuses names that are not plain identifiers", async () => {
    await expect(runInit(`${prefix}_ok "x; DROP"`)).rejects.toMatchObject({ code: 1 });
    // Names before the bad one were processed; nothing was created from the bad one.
    expect(
      psql(admin, "postgres", `SELECT count(*) FROM pg_database WHERE datname LIKE '${prefix}%'`),
    ).toBe("3");
  });
});
