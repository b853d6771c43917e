import { createPrismaClient } from "@slms/db";
import type { Caller } from "@slms/grpc";
import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorld, type World } from "../../gateway/test/contract/world.ts";
// The whole platform (every service and the gateway) on one in-process bus.
import { type Harness, startHarness } from "../../gateway/test/harness.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";

// A rebuild from the owning services must come back to the reports the events made: every read
// model of two sites is emptied, rebuilt over gRPC, and each report is compared with what it
// said before, field for field.
let h: Harness;
let world: World;
let db: PrismaClient;
let hq: Caller;

/** Every read model a rebuild makes (the inbox, audit trail and freshness are kept). */
const readModels = [
  "site_facts",
  "unit_facts",
  "customer_facts",
  "lease_facts",
  "bill_facts",
  "bill_movements",
  "bill_due_totals",
  "payment_entries",
  "payment_day_totals",
  "site_unit_totals",
  "occupancy_snapshots",
];

const today = new Date();
const month = (offset: number) => {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset, 1));
  return d.toISOString().slice(0, 7);
};
const reports = [
  "/api/v1/reports/occupancy",
  "/api/v1/reports/rent-roll?limit=500",
  "/api/v1/reports/lease-expiry",
  "/api/v1/reports/receivables-ageing?top=50",
  `/api/v1/reports/collection-rate?from=${month(-12)}&to=${month(11)}`,
  `/api/v1/reports/revenue?from=${month(-6)}-01&to=${month(5)}-01`,
  `/api/v1/reports/payment-journal?from=${month(-6)}-01&to=${month(5)}-01`,
  `/api/v1/reports/rent-yield?from=${month(-6)}&to=${month(5)}`,
];

async function snapshot(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const path of reports) {
    const response = await h.api("GET", path, { token: world.admin });
    expect(response.status, `${path}: ${response.text}`).toBe(200);
    out[path] = response.body;
  }
  const dashboard = await h.api("GET", "/api/v1/reports/dashboard", { token: world.admin });
  expect(dashboard.status).toBe(200);
  // Freshness is what events said when: not rebuilt.
  out.dashboard = JSON.parse(JSON.stringify(dashboard.body), (key, value) =>
    key === "freshness" || key === "lastEventAt" || key === "quiet" ? undefined : value,
  );
  return out;
}

const truncate = () => db.$executeRawUnsafe(`TRUNCATE ${readModels.join(", ")}`);

const rebuild = (request: { siteId?: string; wait?: boolean }, caller = hq) =>
  h.gateway.deps.reporting.StartRebuild(
    { siteId: request.siteId ?? "", wait: request.wait ?? true },
    { caller },
  );

beforeAll(async () => {
  h = await startHarness("rebuild");
  world = await buildWorld(h, "RBD");
  db = createPrismaClient(PrismaClient, { url: h.reportingDatabaseUrl, poolMax: 2 });
  const [site] = await db.$queryRawUnsafe<{ org_id: string }[]>(
    `SELECT org_id FROM site_activity WHERE site_id = $1 LIMIT 1`,
    world.a.siteId,
  );
  hq = { actor: "usr_rebuilder", orgId: site!.org_id, siteIds: "all", roles: ["hq_admin"] };
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await h?.close();
});

describe("StartRebuild", () => {
  it("brings every report back to what the events made, after the read models were emptied", async () => {
    // The world's events are all applied once the journal shows both sites' payments.
    const before = await waitFor(
      async () => {
        const s = await snapshot();
        const journal = s[reports[6]!] as { lines: unknown[] };
        const rentRoll = s[reports[1]!] as { items: unknown[] };
        return journal.lines.length >= 2 && rentRoll.items.length >= 2 ? s : null;
      },
      { timeoutMs: 30_000 },
    );
    // And they stay so: nothing else is still on its way.
    expect(await snapshot()).toEqual(before);

    await truncate();
    const emptied = await snapshot();
    expect((emptied[reports[1]!] as { items: unknown[] }).items).toEqual([]);

    const { job } = await rebuild({});
    expect(job).toMatchObject({ status: "completed", siteId: "", attempts: 1, error: "" });
    expect(job!.siteIds).toEqual(expect.arrayContaining([world.a.siteId, world.b.siteId]));
    expect(job!.sitesDone).toBe(job!.siteIds.length);
    // Each world site: 2 units, 2 customers, 1 active lease (the draft is not reported), ≥1 bill
    // and 1 payment.
    expect(job!.counts.units).toBe(2 * job!.siteIds.length);
    expect(job!.counts.customers).toBe(2 * job!.siteIds.length);
    expect(job!.counts.leases).toBe(job!.siteIds.length);
    expect(job!.counts.payments).toBe(job!.siteIds.length);
    expect(job!.counts.bills).toBeGreaterThanOrEqual(job!.siteIds.length);

    expect(await snapshot()).toEqual(before);

    // Again over models already there: nothing counted twice.
    const again = await rebuild({});
    expect(again.job!.id).not.toBe(job!.id);
    expect(await snapshot()).toEqual(before);
  });

  it("resumes a rebuild that stopped where it stopped, and never two of one scope", async () => {
    await truncate();
    // A rebuild of site A that failed after its units (counted 99 to show they are not redone).
    await db.rebuildJob.create({
      data: {
        id: "rbj_stopped",
        orgId: hq.orgId,
        siteId: world.a.siteId,
        requestedBy: "usr_earlier",
        status: "failed",
        siteIds: [world.a.siteId],
        phase: "customers",
        counts: { units: 99 },
        error: "UNAVAILABLE",
        startedAt: new Date(),
        updatedAt: new Date(),
      },
    });
    const { job } = await rebuild({ siteId: world.a.siteId });
    expect(job).toMatchObject({ id: "rbj_stopped", status: "completed", attempts: 2, error: "" });
    expect(job!.counts).toMatchObject({ units: 99, customers: 2, leases: 1, payments: 1 });
    const units = await db.unitFact.count({ where: { siteId: world.a.siteId } });
    expect(units).toBe(0);
    expect(await db.leaseFact.count({ where: { siteId: world.a.siteId } })).toBe(1);
    // Site B was not in its scope.
    expect(await db.leaseFact.count({ where: { siteId: world.b.siteId } })).toBe(0);

    const fetched = await h.gateway.deps.reporting.GetRebuild(
      { id: "rbj_stopped" },
      { caller: hq },
    );
    expect(fetched.job).toEqual(job);
  });

  it("resumes at start-up the rebuilds a stopped process left running, not those another holds", async () => {
    const left = (id: string, heldUntil: Date | null) =>
      db.rebuildJob.create({
        data: {
          id,
          orgId: hq.orgId,
          siteId: id === "rbj_left" ? world.b.siteId : null,
          requestedBy: "usr_earlier",
          status: "running",
          siteIds: [world.b.siteId],
          phase: "payments",
          heldUntil,
          startedAt: new Date(),
          updatedAt: new Date(),
        },
      });
    await left("rbj_left", null);
    await left("rbj_held", new Date(Date.now() + 60_000));
    expect(await h.reporting.resumeRebuilds()).toBe(1);
    const done = await waitFor(async () => {
      const job = await db.rebuildJob.findUniqueOrThrow({ where: { id: "rbj_left" } });
      return job.status === "completed" ? job : null;
    });
    expect(done.counts).toEqual({ payments: 1 });
    expect(await db.paymentEntry.count({ where: { siteId: world.b.siteId } })).toBe(1);
    const held = await db.rebuildJob.findUniqueOrThrow({ where: { id: "rbj_held" } });
    expect(held.status).toBe("running");
  });

  it("is for organisation-wide callers only, of their organisation's sites", async () => {
    const staff: Caller = {
      ...hq,
      actor: "usr_staff",
      siteIds: [world.a.siteId],
      roles: ["site_manager"],
    };
    await expect(rebuild({ siteId: world.a.siteId }, staff)).rejects.toMatchObject({
      kind: "forbidden",
    });
    await expect(
      h.gateway.deps.reporting.GetRebuild({ id: "rbj_stopped" }, { caller: staff }),
    ).rejects.toMatchObject({ kind: "forbidden" });
    const stranger: Caller = { ...hq, orgId: "org_elsewhere" };
    await expect(rebuild({ siteId: world.a.siteId }, stranger)).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(
      h.gateway.deps.reporting.GetRebuild({ id: "rbj_stopped" }, { caller: stranger }),
    ).rejects.toMatchObject({ kind: "not_found" });
    await expect(rebuild({ siteId: "bad id!" })).rejects.toMatchObject({ kind: "invalid" });
  });
});
