import { randomUUID } from "node:crypto";
import type { EventEnvelope } from "@slms/contracts";
import { lockRemovalsShared } from "@slms/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { putUnits } from "../src/db/rebuild.ts";
import { removeObjects } from "../src/db/removed.ts";
import type { Tx } from "../src/deps.ts";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { getDashboard } from "../src/use-cases/get-dashboard.ts";
import { getLeaseExpiry } from "../src/use-cases/get-lease-expiry.ts";
import { getOccupancy } from "../src/use-cases/get-occupancy.ts";
import { getOccupancyHistory } from "../src/use-cases/get-occupancy-history.ts";
import { getReceivablesAgeing } from "../src/use-cases/get-receivables-ageing.ts";
import { getRentRoll } from "../src/use-cases/get-rent-roll.ts";
import { listAuditEntries } from "../src/use-cases/list-audit-entries.ts";
import {
  billHistory,
  customerEvent,
  event,
  hq,
  leaseEvent,
  orgId,
  readModels,
  siteCreated,
  statusChanged,
  unitCreated,
} from "./support.ts";

// `<service>.import.rolled_back`: the objects of a rolled-back import leave every read model (the
// reports come back to what they said before the import), the batch's events still on their way
// are ignored, and the audit trail keeps the history. The clock: 2026-06-15T04:00Z (15 June in
// Shanghai).
let models: Awaited<ReturnType<typeof readModels>>;
const apply = (e: EventEnvelope) => applyEvent(models.deps, e);
const site = "sit_i";

type Service = "assets" | "customers" | "contracts" | "billing" | "payments";

/** One part of a service's rollback event. */
function rollbackPart(
  service: Service,
  batchId: string,
  content: { objects: Record<string, string[]>; eventIds: string[] },
  part = 1,
  parts = 1,
): EventEnvelope {
  return event(
    `${service}.import.rolled_back`,
    site,
    { batchId, siteId: site, ...content, part, parts },
    "2026-06-15T03:00:00.000Z",
  );
}

/**
 * A service's rollback events as @slms/db's rollBackImportBatch writes them: as few parts as hold
 * the ids, at most `per` object ids (of any kinds) and as many event ids each.
 */
function rollback(
  service: Service,
  batchId: string,
  objects: Record<string, string[]>,
  events: readonly EventEnvelope[],
  per = 5_000,
): EventEnvelope[] {
  const parts: { objects: Record<string, string[]>; eventIds: string[] }[] = [];
  let room = 0;
  for (const [kind, ids] of Object.entries(objects))
    for (const id of ids) {
      if (room === 0) {
        parts.push({ objects: {}, eventIds: [] });
        room = per;
      }
      const last = parts.at(-1)!;
      last.objects[kind] = [...(last.objects[kind] ?? []), id];
      room -= 1;
    }
  const eventIds = events.map((e) => e.id);
  for (let i = 0, p = 0; i < eventIds.length; i += per, p += 1) {
    if (!parts[p]) parts.push({ objects: {}, eventIds: [] });
    parts[p]!.eventIds = eventIds.slice(i, i + per);
  }
  if (parts.length === 0) parts.push({ objects: {}, eventIds: [] });
  return parts.map((part, i) => rollbackPart(service, batchId, part, i + 1, parts.length));
}

const deposit = (entryId: string, leaseId: string, amountMinor: number, heldMinor: number) =>
  event(
    "payments.deposit.received",
    site,
    {
      entryId,
      siteId: site,
      leaseId,
      customerId: "cus_1",
      type: "received",
      amountMinor,
      heldMinor,
      currency: "CNY",
    },
    "2026-06-15T01:00:00.000Z",
  );

/** Every report of the site, without data freshness (the rollback's events count in it). */
async function reports() {
  const { deps } = models;
  const dashboard = await getDashboard(deps, hq, site);
  const { lastEventAt: _at, quiet: _quiet, ...figures } = dashboard.sites[0]!;
  return {
    occupancy: await getOccupancy(deps, hq, site),
    history: await getOccupancyHistory(deps, hq, site, {
      fromDate: "2026-06-14",
      toDate: "2026-06-15",
    }),
    rentRoll: await getRentRoll(deps, hq, site, {}),
    expiry: await getLeaseExpiry(deps, hq, site, {}),
    ageing: await getReceivablesAgeing(deps, hq, site, {}),
    dashboard: figures,
  };
}

/**
 * Runs `work` in a transaction kept open until `release()`: `result.started` once `work` is done
 * (its locks held), `result.done` once the transaction committed.
 */
function holdOpen(work: (tx: Tx) => Promise<void>) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started!: () => void;
  const startedP = new Promise<void>((resolve) => {
    started = resolve;
  });
  const done = models.deps.db.$transaction(
    async (tx) => {
      try {
        await work(tx);
      } finally {
        started();
      }
      await released;
    },
    { timeout: 20_000 },
  );
  return { result: { started: startedP, done }, release };
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 300));

/** A unit as a rebuild reads it from assets. */
const unitRow = (unitId: string) => ({
  unit_id: unitId,
  site_id: site,
  building_id: null,
  code: unitId,
  kind: "office",
  gross_area_m2: "60.00",
  list_rent_monthly_minor: 1_000_000,
  currency: "CNY",
  status: "vacant",
  status_changed_at: "2026-06-15T01:00:00.000Z",
  facts_as_of: "2026-06-15T01:00:00.000Z",
});

const rows = async (table: string, where: string, ...values: unknown[]) =>
  models.deps.db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT * FROM ${table} WHERE ${where}`,
    ...values,
  );

/** The import of the first test: two units (one let), a customer, a lease, arrears, a deposit. */
const made = {
  units: [
    unitCreated(site, "u_i1", { area: "100", at: "2026-06-15T01:00:00.000Z" }),
    unitCreated(site, "u_i2", { area: "60", at: "2026-06-15T01:00:00.000Z" }),
    statusChanged(site, "u_i1", "vacant", "leased", "2026-06-15T01:00:01.000Z"),
  ],
  customers: [customerEvent(site, "cus_i1", "Imported Ltd")],
  leases: [
    leaseEvent("contracts.lease.activated", site, "L-i1", {
      unitIds: ["u_i1"],
      startDate: "2026-01-01",
      endDate: "2026-08-31",
      rent: { kind: "per_period", amountMinor: 800_000 },
      at: "2026-06-15T01:00:00.000Z",
    }),
  ],
  bills: [
    billHistory(site, "b_i1", {
      amountMinor: 250_000,
      dueDate: "2026-05-10",
      leaseId: "L-i1",
      customerId: "cus_i1",
    }).issued(),
    // Due on the same day as the bill there before: the day's total goes back to that bill's.
    billHistory(site, "b_i2", {
      amountMinor: 40_000,
      dueDate: "2026-05-01",
      leaseId: "L-i1",
      customerId: "cus_i1",
    }).issued(),
  ],
  deposits: [deposit("dep_i1", "L-i1", 300_000, 300_000)],
};

beforeAll(async () => {
  models = await readModels("import_rolled_back");
  // What the site had before the import.
  await apply(siteCreated(site, "Asia/Shanghai"));
  await apply(unitCreated(site, "u_pre", { area: "50" }));
  await apply(statusChanged(site, "u_pre", "vacant", "leased", "2026-06-02T00:00:00.000Z"));
  await apply(customerEvent(site, "cus_pre", "Before Co"));
  await apply(
    leaseEvent("contracts.lease.activated", site, "L-pre", {
      unitIds: ["u_pre"],
      startDate: "2026-01-01",
      endDate: "2027-06-30",
      rent: { kind: "per_period", amountMinor: 500_000 },
    }),
  );
  await apply(billHistory(site, "b_pre", { amountMinor: 100_000, dueDate: "2026-05-01" }).issued());
  await apply(deposit("dep_pre", "L-pre", 100_000, 100_000));
});
afterAll(async () => {
  await models?.close();
});

describe("applyEvent: <service>.import.rolled_back", () => {
  it("takes the import's objects out of every report: they say what they said before it", async () => {
    const before = await reports();
    const all = Object.values(made).flat();
    for (const e of all) await apply(e);
    const imported = await reports();
    expect(imported).not.toEqual(before);
    expect(imported.dashboard).toMatchObject({ activeLeases: 2, depositsHeldMinor: 400_000n });

    // Rolled back newest part first, as the importer does; each service's events as it writes them.
    const batch = "imp_1";
    const rollbacks = [
      ...rollback("payments", batch, { deposit: ["dep_i1"] }, made.deposits),
      ...rollback("billing", batch, { bill: ["b_i1", "b_i2"], prepayment: [] }, made.bills),
      ...rollback("contracts", batch, { lease: ["L-i1"] }, made.leases),
      ...rollback("customers", batch, { customer: ["cus_i1"] }, made.customers),
      ...rollback("assets", batch, { unit: ["u_i1", "u_i2"], building: ["bld_x"] }, made.units),
    ];
    for (const e of rollbacks) expect(await apply(e)).toBe(true);

    expect(await reports()).toEqual(before);
    expect(await rows("bill_movements", "bill_id = ANY($1::text[])", ["b_i1", "b_i2"])).toEqual([]);
    expect(await rows("deposit_entry_facts", "lease_id = 'L-i1'")).toEqual([]);
    expect(await rows("customer_facts", "customer_id = 'cus_i1'")).toEqual([]);
    // A day's total that only the import's bills made is gone; one shared is back to before.
    const totals = await rows("bill_due_totals", "site_id = $1 ORDER BY due_date", site);
    expect(totals.map((t) => [t.amount_minor, t.allocated_minor])).toEqual([[100_000n, 0n]]);
  });

  it("keeps the history: the objects' audit entries stay, each part of a rollback makes one", async () => {
    const trail = await listAuditEntries(models.deps, hq, site, {
      fromDate: "2026-05-01",
      toDate: "2026-06-15",
      pageSize: 500,
    });
    const of = (type: string, id: string) =>
      trail.entries.filter((e) => e.objectType === type && e.objectId === id);
    expect(of("unit", "u_i1").map((e) => e.action)).toEqual([
      "assets.unit.status_changed",
      "assets.unit.created",
    ]);
    const batch = of("import", "imp_1");
    expect(batch.map((e) => e.action).sort()).toEqual([
      "assets.import.rolled_back",
      "billing.import.rolled_back",
      "contracts.import.rolled_back",
      "customers.import.rolled_back",
      "payments.import.rolled_back",
    ]);
    const assets = batch.filter((e) => e.action === "assets.import.rolled_back");
    expect(assets.map((e) => e.changes)).toEqual([
      [
        { field: "removed.building", after: 1 },
        { field: "removed.unit", after: 2 },
        { field: "ignoredEvents", after: 3 },
      ],
    ]);
    expect(assets.every((e) => e.siteId === site && e.actor === "usr_someone")).toBe(true);
    // Data freshness counts the rollback's events like any other.
    const activity = await models.deps.db.siteActivity.findUnique({
      where: { siteId_type: { siteId: site, type: "assets.import.rolled_back" } },
    });
    expect(activity?.events).toBe(1n);
  });

  it("ignores an event of the batch arriving after the rollback", async () => {
    const created = unitCreated(site, "u_late", { area: "70" });
    const parts = rollback("assets", "imp_2", { unit: ["u_late"] }, [created]);
    expect(parts.map((p) => p.data)).toEqual([
      expect.objectContaining({ objects: { unit: ["u_late"] }, eventIds: [created.id] }),
    ]);
    for (const p of parts) await apply(p);
    expect(await apply(created)).toBe(false); // taken as handled
    expect(await rows("unit_facts", "unit_id = 'u_late'")).toEqual([]);
  });

  it("ignores an object's event arriving after the part removing it, before the part listing it", async () => {
    const customer = customerEvent(site, "cus_late", "Late Ltd");
    const bill = billHistory(site, "b_late", {
      amountMinor: 9_000,
      dueDate: "2026-06-01",
    }).issued();
    const entry = deposit("dep_late", "L-pre", 5_000, 105_000);
    // A batch of more than 5,000 ids: its objects and its event ids in different parts.
    const [first, second] = [
      rollbackPart("customers", "imp_3", { objects: { customer: ["cus_late"] }, eventIds: [] }),
      rollbackPart("customers", "imp_3", { objects: {}, eventIds: [customer.id] }, 2, 2),
    ];
    const billing = rollbackPart("billing", "imp_3", {
      objects: { bill: ["b_late"] },
      eventIds: [],
    });
    const payments = rollbackPart("payments", "imp_3", {
      objects: { deposit: ["dep_late"] },
      eventIds: [],
    });
    for (const p of [first!, billing, payments]) await apply(p);
    const totals = await rows("bill_due_totals", "site_id = $1 ORDER BY due_date", site);
    // Heard of now, applied to no read model (its audit entry and freshness count as usual).
    for (const e of [customer, bill, entry]) expect(await apply(e)).toBe(true);
    expect(await rows("customer_facts", "customer_id = 'cus_late'")).toEqual([]);
    expect(await rows("bill_facts", "bill_id = 'b_late'")).toEqual([]);
    expect(await rows("bill_due_totals", "site_id = $1 ORDER BY due_date", site)).toEqual(totals);
    expect(await rows("deposit_entry_facts", "entry_id = 'dep_late'")).toEqual([]);
    const lease = await models.deps.db.leaseFact.findUnique({ where: { leaseId: "L-pre" } });
    expect(lease?.depositHeldMinor).toBe(100_000n);
    expect(await apply(second!)).toBe(true);
  });

  it("applies a rollback in parts, each on its own", async () => {
    const created = ["u_p1", "u_p2", "u_p3"].map((id) => unitCreated(site, id, { area: "10" }));
    for (const e of created) await apply(e);
    const occupancy = async () => (await getOccupancy(models.deps, hq, site)).total;
    const units = (await occupancy()).units.vacant;
    const parts = rollback("assets", "imp_4", { unit: ["u_p1", "u_p2", "u_p3"] }, created, 2);
    expect(parts.map((p) => p.data)).toEqual([
      expect.objectContaining({ objects: { unit: ["u_p1", "u_p2"] }, part: 1, parts: 2 }),
      expect.objectContaining({ objects: { unit: ["u_p3"] }, part: 2, parts: 2 }),
    ]);
    await apply(parts[1]!); // the second part first
    expect((await occupancy()).units.vacant).toBe(units - 1);
    expect(await rows("unit_facts", "unit_id = 'u_p3'")).toEqual([]);
    await apply(parts[0]!);
    expect((await occupancy()).units.vacant).toBe(units - 3);
  });

  it("changes nothing when a rollback is heard of again", async () => {
    const created = unitCreated(site, "u_again", { area: "20" });
    await apply(created);
    const [objects] = rollback("assets", "imp_5", { unit: ["u_again"] }, [created]);
    expect(await apply(objects!)).toBe(true);
    const after = await reports();
    const removed = await rows("removed_objects", "batch_id = 'imp_5'");
    expect(await apply(objects!)).toBe(false); // redelivered
    // The same part published again (another envelope): nothing more to remove.
    expect(await apply({ ...objects!, id: randomUUID() })).toBe(true);
    expect(await reports()).toEqual(after);
    expect(await rows("removed_objects", "batch_id = 'imp_5'")).toEqual(removed);
  });

  it("takes a deposit entry off what its lease holds when only payments' part is rolled back", async () => {
    const entry = deposit("dep_more", "L-pre", 20_000, 120_000);
    await apply(entry);
    const held = async () =>
      (await models.deps.db.leaseFact.findUnique({ where: { leaseId: "L-pre" } }))!
        .depositHeldMinor;
    expect(await held()).toBe(120_000n);
    for (const p of rollback("payments", "imp_6", { deposit: ["dep_more"] }, [entry]))
      await apply(p);
    expect(await held()).toBe(100_000n);
  });

  it("leaves no removed object behind when its events and the rollback are applied at once", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `u_race${i}`);
    await Promise.all(
      ids.map(async (id) => {
        const created = unitCreated(site, id, { area: "5" });
        const [objects] = rollback("assets", `imp_race${id}`, { unit: [id] }, [created]);
        await Promise.all([apply(created), apply(objects!)]);
      }),
    );
    expect(await rows("unit_facts", "unit_id = ANY($1::text[])", ids)).toEqual([]);
    // The site's totals agree with its units.
    const [check] = await models.deps.db.$queryRawUnsafe<{ facts: bigint; totals: bigint }[]>(
      `SELECT (SELECT count(*) FROM unit_facts WHERE site_id = $1) AS facts,
              (SELECT coalesce(sum(units), 0) FROM site_unit_totals WHERE site_id = $1) AS totals`,
      site,
    );
    expect(check!.totals).toBe(check!.facts);
  });

  it("makes a unit's event wait for a rollback under way, then ignore it", async () => {
    const removal = {
      orgId,
      siteId: site,
      batchId: "imp_w1",
      objects: { unit: ["u_wait1"] },
      at: "2026-06-15T03:00:00.000Z",
    };
    const { result, release } = holdOpen((tx) => removeObjects(tx, removal, models.now.value));
    await result.started;
    const applying = apply(unitCreated(site, "u_wait1"));
    await pause(); // it would be done by now
    release();
    await result.done;
    expect(await applying).toBe(true);
    expect(await rows("unit_facts", "unit_id = 'u_wait1'")).toEqual([]);
  });

  it("makes a rollback wait for a rebuild's page under way, then remove what it wrote", async () => {
    const { result, release } = holdOpen(async (tx) => {
      await lockRemovalsShared(tx, site);
      await putUnits(tx, orgId, [unitRow("u_wait2")]);
    });
    await result.started;
    const [objects] = rollback("assets", "imp_w2", { unit: ["u_wait2"] }, []);
    const rolling = apply(objects!);
    await pause();
    release();
    await result.done;
    await rolling;
    expect(await rows("unit_facts", "unit_id = 'u_wait2'")).toEqual([]);
  });

  it("keeps a rebuild from bringing a removed object back", async () => {
    await models.deps.db.$transaction((tx) =>
      putUnits(tx, orgId, [unitRow("u_i2"), unitRow("u_kept")]),
    );
    expect(await rows("unit_facts", "unit_id = 'u_i2'")).toEqual([]);
    expect(await rows("unit_facts", "unit_id = 'u_kept'")).toHaveLength(1);
  });
});
