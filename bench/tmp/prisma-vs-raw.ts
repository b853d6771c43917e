import { migrationsDir } from "@slms/assets";
import { applyMigrations, createPrismaClient } from "@slms/db";
import pg from "pg";
import { PrismaClient } from "../../services/assets/src/generated/prisma/client.ts";
import { dropDatabases, recreateDatabases } from "../lib.ts";

const urls = await recreateDatabases({ a: "slms_tmp_pvr" });
await applyMigrations({ url: urls.a, migrationsDir });
const pool = new pg.Pool({ connectionString: urls.a, max: 4 });
const org = "0190a0a0-0000-7000-8000-000000000001",
  site = "0190a0a0-0000-7000-8000-000000000002";
await pool.query(`INSERT INTO organisations (id, code, name) VALUES ($1,'O','O')`, [org]);
await pool.query(
  `INSERT INTO sites (id, org_id, code, name, kind, time_zone, currency, updated_at) VALUES ($1,$2,'S','S','office','Asia/Shanghai','CNY', now())`,
  [site, org],
);
for (let i = 0; i < 500; i++)
  await pool.query(
    `INSERT INTO units (id, org_id, site_id, code, name, kind, gross_area_m2, usable_area_m2, list_rent_monthly_minor, updated_at) VALUES (gen_random_uuid(),$1,$2,$3,$4,'office',100.5,90,1000000, now())`,
    [org, site, `U-${String(i).padStart(4, "0")}`, `Office ${i}`],
  );
const db = createPrismaClient(PrismaClient, { url: urls.a, poolMax: 4 });
const N = 3000;
async function time(name: string, f: () => Promise<unknown>) {
  for (let i = 0; i < 300; i++) await f();
  const t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < N; i += 10) await Promise.all(Array.from({ length: 10 }, f));
  const c = process.cpuUsage(cpu);
  console.log(
    name,
    (Number(process.hrtime.bigint() - t) / 1e6 / N).toFixed(3),
    "ms wall/q",
    ((c.user + c.system) / 1000 / N).toFixed(3),
    "ms cpu/q",
  );
}
await time("findMany", () =>
  db.unit.findMany({ where: { siteId: site }, orderBy: { code: "asc" }, take: 51 }),
);
await time("queryRawUnsafe", () =>
  db.$queryRawUnsafe(`SELECT * FROM units WHERE site_id = $1 ORDER BY code LIMIT 51`, site),
);
await time("pg pool", () =>
  pool.query(`SELECT * FROM units WHERE site_id = $1 ORDER BY code LIMIT 51`, [site]),
);
await time("findMany", () =>
  db.unit.findMany({ where: { siteId: site }, orderBy: { code: "asc" }, take: 51 }),
);
await db.$disconnect();
await pool.end();
await dropDatabases(["slms_tmp_pvr"]);
