// The target the gateway is measured against: the same page served by ONE express process that
// verifies the same JWT (HS256, issuer, audience, expiry; site scope from the claims) and runs the
// same SQL on the same assets database with `pg` — no gRPC hop, no Prisma, no services. What the
// platform's architecture costs is the difference.
import express from "express";
import { jwtVerify } from "jose";
import pg from "pg";

const key = new TextEncoder().encode(process.env.SLMS_JWT_SECRET);
const pool = new pg.Pool({ connectionString: process.env.ASSETS_DATABASE_URL, max: 10 });

interface Claims {
  org: string;
  hq: string | null;
  sites: Record<string, string>;
}

const app = express();
app.get("/api/v1/sites/:siteId/units", async (req, res) => {
  try {
    const token = /^Bearer\s+(\S+)$/i.exec(req.header("authorization") ?? "")?.[1];
    if (!token) return void res.status(401).json({ error: { code: "unauthenticated" } });
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: "slms-gateway",
      audience: "slms-api",
      requiredClaims: ["exp", "sub"],
    });
    const claims = payload as unknown as Claims;
    const { siteId } = req.params;
    if (!claims.hq && !claims.sites[siteId]) {
      return void res.status(404).json({ error: { code: "not_found" } });
    }
    const limit = Math.min(Math.max(Number(req.query.limit ?? 50), 1), 500);
    const site = await pool.query<{ currency: string }>(
      "SELECT currency FROM sites WHERE id = $1 AND org_id = $2",
      [siteId, claims.org],
    );
    if (site.rowCount === 0) return void res.status(404).json({ error: { code: "not_found" } });
    const { rows } = await pool.query(
      `SELECT id, site_id, building_id, code, name, kind::text, floor, gross_area_m2,
              usable_area_m2, list_rent_monthly_minor, status::text, status_changed_at,
              created_at, updated_at
         FROM units WHERE site_id = $1 ORDER BY code LIMIT $2`,
      [siteId, limit + 1],
    );
    const currency = site.rows[0]!.currency;
    const items = rows.slice(0, limit).map((u) => ({
      id: u.id,
      siteId: u.site_id,
      buildingId: u.building_id,
      code: u.code,
      name: u.name,
      kind: u.kind,
      floor: u.floor,
      grossAreaM2: Number(u.gross_area_m2),
      usableAreaM2: Number(u.usable_area_m2),
      listRentMonthly: { amountMinor: Number(u.list_rent_monthly_minor), currency },
      status: u.status,
      statusChangedAt: u.status_changed_at.toISOString(),
      createdAt: u.created_at.toISOString(),
      updatedAt: u.updated_at.toISOString(),
    }));
    const last = items.at(-1);
    res.json({
      items,
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(JSON.stringify({ k: last.code })).toString("base64url")
          : null,
    });
  } catch {
    res.status(401).json({ error: { code: "unauthenticated" } });
  }
});
const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`LISTENING ${typeof address === "object" && address ? address.port : ""}`);
});
process.on("SIGTERM", () => server.close(() => pool.end().then(() => process.exit(0))));
