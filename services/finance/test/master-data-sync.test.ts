/**
 * Incremental sync of master data over the TLS edge and the real owners (assets, customers,
 * contracts): list everything by update time, change a customer and a lease (whose activation
 * leases its unit), list again from the last `updated_at` seen — exactly the changed records
 * come, besides those stamped at that very instant (inclusive bound, deduplicated by id).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bufCurl, type Harness, startHarness, unary } from "./harness.ts";

/** The owners' settle horizon here; 10 s in production. */
const SETTLE_MS = 300;
const settled = () => sleep(SETTLE_MS + 100);
const EPOCH = "2000-01-01T00:00:00Z";

interface Row {
  id: string;
  siteId?: string;
  updatedAt: string;
  status?: string;
  email?: string;
}

let h: Harness;
let scopedToA: string;
let seeded: Awaited<ReturnType<Harness["seedSite"]>>[];

beforeAll(async () => {
  h = await startHarness("master_data_sync", { syncSettleMs: SETTLE_MS });
  seeded = [await h.seedSite(h.siteA, 1), await h.seedSite(h.siteA, 2)];
  await h.seedSite(h.siteB, 3);
  scopedToA = (await h.newApiClient({ siteIds: [h.siteA] })).bearer;
  await settled();
});
afterAll(() => h?.close());

const details = (outcome: Awaited<ReturnType<typeof unary>>) => {
  const raw = outcome.error?.metadata.get("slms-error-details-bin")[0];
  return raw ? (JSON.parse(raw.toString()) as { field: string }[]).map((d) => d.field) : [];
};

const listField = {
  ListSites: "sites",
  ListUnits: "units",
  ListCustomers: "customers",
  ListLeases: "leases",
} as const;
type ListMethod = keyof typeof listField;

/** Every record of a list from `updatedSince`, page by page (pages of 1, to cross boundaries). */
async function syncFrom(method: ListMethod, updatedSince: string): Promise<Row[]> {
  const rows: Row[] = [];
  let pageToken = "";
  for (let pages = 0; pages < 50; pages++) {
    const outcome = await unary(
      h.edgeClient(),
      method,
      {
        siteId: method === "ListSites" ? undefined : h.siteA,
        pageSize: 1,
        pageToken,
        updatedSince,
      },
      { authorization: scopedToA },
    );
    expect(outcome.error).toBeNull();
    const response = outcome.response as Record<string, unknown> & { nextPageToken: string };
    rows.push(...(response[listField[method]] as Row[]));
    if (!response.nextPageToken) return rows;
    pageToken = response.nextPageToken;
  }
  throw new Error("paging did not end");
}

const lastSeen = (rows: Row[]) =>
  rows
    .map((r) => r.updatedAt)
    .sort()
    .at(-1)!;
/** The records a client holding `held` learns of: new ids, or the same id with another stamp. */
const news = (held: Row[], rows: Row[]) =>
  rows.filter((row) => !held.some((h) => h.id === row.id && h.updatedAt === row.updatedAt));

describe("incremental sync of master data", () => {
  it("lists by update time, then from the last updated_at seen gives exactly the changed records", async () => {
    const [one, two] = seeded as [(typeof seeded)[0], (typeof seeded)[0]];
    const held = {
      units: await syncFrom("ListUnits", EPOCH),
      customers: await syncFrom("ListCustomers", EPOCH),
      leases: await syncFrom("ListLeases", EPOCH),
    };
    expect(held.units.map((u) => u.id)).toEqual([one.unitId, two.unitId]);
    expect(held.customers.map((c) => c.id)).toEqual([one.customerId, two.customerId]);
    expect(held.leases.map((l) => l.id)).toEqual([one.leaseId, two.leaseId]);
    for (const rows of Object.values(held)) {
      expect(rows.every((r) => r.siteId === h.siteA)).toBe(true);
      const stamps = rows.map((r) => r.updatedAt);
      expect(stamps).toEqual([...stamps].sort());
    }
    const resume = {
      units: lastSeen(held.units),
      customers: lastSeen(held.customers),
      leases: lastSeen(held.leases),
    };

    // Changes: customer 1's e-mail; lease 1 activated (which leases its unit, at assets).
    await h.customers.UpdateCustomer(
      { siteId: h.siteA, id: one.customerId, email: "wang.wei@example.com" },
      { caller: h.hq },
    );
    await h.contracts.ActivateLease({ siteId: h.siteA, id: one.leaseId }, { caller: h.hq });
    await settled();

    const units = await syncFrom("ListUnits", resume.units);
    const customers = await syncFrom("ListCustomers", resume.customers);
    const leases = await syncFrom("ListLeases", resume.leases);
    expect(news(held.units, units)).toEqual([
      expect.objectContaining({ id: one.unitId, status: "leased" }),
    ]);
    expect(news(held.customers, customers)).toEqual([
      expect.objectContaining({ id: one.customerId, email: "wang.wei@example.com" }),
    ]);
    expect(news(held.leases, leases)).toEqual([
      expect.objectContaining({ id: one.leaseId, status: "active" }),
    ]);
    // Whatever else came is what was stamped exactly at the bound (inclusive), already held.
    for (const [rows, heldRows, bound] of [
      [units, held.units, resume.units],
      [customers, held.customers, resume.customers],
      [leases, held.leases, resume.leases],
    ] as const) {
      const again = rows.filter((row) => news(heldRows, [row]).length === 0);
      for (const row of again) expect(row.updatedAt).toBe(bound);
    }
  });

  it("refuses a malformed updated_since as INVALID_ARGUMENT naming it", async () => {
    for (const method of Object.keys(listField) as ListMethod[]) {
      const outcome = await unary(
        h.edgeClient(),
        method,
        { siteId: h.siteA, updatedSince: "2026-12-07 08:00" },
        { authorization: scopedToA },
      );
      expect(outcome.error?.code).toBe(status.INVALID_ARGUMENT);
      expect(details(outcome)).toEqual(["updated_since"]);
    }
  });

  it("keeps a client scoped to site A away from site B's records", async () => {
    for (const method of ["ListUnits", "ListCustomers", "ListLeases"] as const) {
      const outcome = await unary(
        h.edgeClient(),
        method,
        { siteId: h.siteB, updatedSince: EPOCH },
        { authorization: scopedToA },
      );
      expect(outcome.error?.code).toBe(status.NOT_FOUND);
    }
    expect((await syncFrom("ListSites", EPOCH)).map((s) => s.id)).toEqual([h.siteA]);
  });

  it("works as the integration guide shows it, with buf curl", async () => {
    const { units } = (await bufCurl(h, scopedToA, "ListUnits", {
      site_id: h.siteA,
      updated_since: EPOCH,
      page_size: 500,
    })) as { units: Row[] };
    expect(units.map((u) => u.id).sort()).toEqual(seeded.map((s) => s.unitId).sort());
  });
});
