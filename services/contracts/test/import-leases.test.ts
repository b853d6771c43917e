import { termsToProto } from "@slms/contracts";
import type { Caller } from "@slms/grpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importedLeaseId } from "../src/domain/import-ids.ts";
import { type Harness, startHarness } from "./harness.ts";
import {
  activatedOf,
  failure,
  fields,
  leaseRow,
  newBatchId,
  richTerms,
  stored,
  timed,
} from "./import-fixtures.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("import_leases");
});

afterAll(async () => {
  await h?.close();
});

const importLeases = (batchId: string, leases: ReturnType<typeof leaseRow>[], caller = h.hq) =>
  h.leases.ImportLeases({ siteId: h.siteId, batchId, leases }, { caller, deadlineMs: 120_000 });

const holdsOf = async (unitId: string, siteId = h.siteId) =>
  (await h.assets.ListUnitHolds({ siteId, unitId }, { caller: h.hq })).holds.map((x) => [
    x.leaseId,
    x.fromDate,
    x.toDate,
  ]);

/** A lease as the API shows it, without what differs between any two leases. */
const comparable = (lease: Awaited<ReturnType<typeof getLease>>) => {
  const { id: _id, reference: _r, unitIds: _u, createdAt: _c, updatedAt: _up, ...rest } = lease;
  return { ...rest, versions: rest.versions.map(({ createdAt: _v, ...v }) => v) };
};
const getLease = async (id: string) =>
  (await h.leases.GetLease({ siteId: h.siteId, id }, { caller: h.hq })).lease!;

describe("ImportLeases", () => {
  it("makes active leases exactly as CreateLease + ActivateLease do, units held, events held until the release", async () => {
    const [created, ...units] = await h.newUnits(3);
    const draft = await h.draft({ unitIds: [created!], terms: richTerms });
    await h.leases.ActivateLease({ siteId: h.siteId, id: draft.id }, { caller: h.hq });

    const batchId = newBatchId();
    const rows = [
      leaseRow(h, [units[0]!], { terms: richTerms }),
      leaseRow(h, [units[1]!], { terms: richTerms }),
    ];
    const { leases } = await importLeases(batchId, rows);
    expect(leases.map((l) => l.key)).toEqual(rows.map((r) => r.key));
    expect(leases.every((l) => /^lea_[0-9A-Z]{26}$/.test(l.id))).toBe(true);

    const normal = await getLease(draft.id);
    const imported = await getLease(leases[0]!.id);
    expect(imported).toMatchObject({
      status: "LEASE_STATUS_ACTIVE",
      reference: rows[0]!.reference,
      unitIds: [units[0]],
    });
    expect(imported.billingStartsOn).toBeUndefined();
    expect(comparable(imported)).toEqual(comparable(normal));
    const [normalRow, importedRow] = await Promise.all(
      [draft.id, leases[0]!.id].map((id) => h.db.lease.findUniqueOrThrow({ where: { id } })),
    );
    expect(importedRow!.activatedAt).toBeInstanceOf(Date);
    expect({
      ...importedRow,
      id: "",
      reference: "",
      activatedAt: null,
      createdAt: null,
      updatedAt: null,
    }).toEqual({
      ...normalRow,
      id: "",
      reference: "",
      activatedAt: null,
      createdAt: null,
      updatedAt: null,
    });
    expect(await holdsOf(units[0]!)).toEqual([[leases[0]!.id, "2026-01-01", "2027-12-31"]]);
    expect(await holdsOf(units[1]!)).toEqual([[leases[1]!.id, "2026-01-01", "2027-12-31"]]);

    // Held: the relay publishes nothing of the batch.
    await h.settled();
    expect(activatedOf(h, draft.id)).toHaveLength(1);
    expect(activatedOf(h, leases[0]!.id)).toHaveLength(0);
    expect((await stored(h, [leases[0]!.id])).events).toBe(1);

    expect(
      (await h.leases.ReleaseImport({ siteId: h.siteId, batchId }, { caller: h.hq })).state,
    ).toBe("released");
    await h.settled();
    const [event] = activatedOf(h, leases[0]!.id);
    const [normalEvent] = activatedOf(h, draft.id);
    expect(activatedOf(h, leases[1]!.id)).toHaveLength(1);
    expect(event!.data).toEqual({
      ...normalEvent!.data,
      leaseId: leases[0]!.id,
      reference: rows[0]!.reference,
      unitIds: [units[0]],
    });
    expect(event).toMatchObject({ orgId: h.hq.orgId, siteId: h.siteId, actor: h.hq.actor });
  });

  it("stores billing_starts_on and announces the schedule from it only — activated, amended, terminated", async () => {
    const [unitId, laterUnitId] = await h.newUnits(2);
    const batchId = newBatchId();
    const rows = [
      leaseRow(h, [unitId!], {
        startDate: "2025-01-01",
        endDate: "2027-12-31",
        billingStartsOn: "2026-03-15",
      }),
      // Starts after the go-live: billed from its start like any lease.
      leaseRow(h, [laterUnitId!], { startDate: "2026-06-01", billingStartsOn: "2026-03-15" }),
    ];
    const { leases } = await importLeases(batchId, rows);
    const [goneLive, later] = leases.map((l) => l.id);
    expect((await getLease(goneLive!)).billingStartsOn).toBe("2026-03-15");
    expect((await getLease(later!)).billingStartsOn).toBeUndefined();
    const full = (
      await h.leases.GetLeaseSchedule({ siteId: h.siteId, id: goneLive! }, { caller: h.hq })
    ).charges;
    expect(full[0]!.periodStart).toBe("2025-01-01");

    await h.leases.ReleaseImport({ siteId: h.siteId, batchId }, { caller: h.hq });
    await h.settled();
    const starts = (data: Record<string, unknown>, key = "schedule") =>
      (data[key] as { periodStart: string }[]).map((l) => l.periodStart);
    const activated = starts(activatedOf(h, goneLive!)[0]!.data);
    // The March period started before the go-live: the opening balance covers it.
    expect(activated[0]).toBe("2026-04-01");
    expect(activated).toEqual(
      full.map((c) => c.periodStart).filter((start) => start >= "2026-03-15"),
    );
    expect(starts(activatedOf(h, later!)[0]!.data)[0]).toBe("2026-06-01");

    await h.leases.AmendLease(
      {
        siteId: h.siteId,
        id: goneLive!,
        effectiveFrom: "2026-07-01",
        reason: "rent review",
        terms: termsToProto({ ...richTerms, rentFree: [] }),
      },
      { caller: h.hq },
    );
    await h.leases.TerminateLease(
      { siteId: h.siteId, id: goneLive!, terminationDate: "2026-09-30", reason: "leaving" },
      { caller: h.hq },
    );
    await h.settled();
    const of = (type: string) =>
      h.events.find((e) => e.type === type && e.data.leaseId === goneLive)!.data;
    const amended = starts(of("contracts.lease.amended"));
    expect(amended[0]).toBe("2026-04-01");
    const terminated = of("contracts.lease.terminated");
    expect([...new Set(starts(terminated))]).toEqual([
      "2026-04-01",
      "2026-05-01",
      "2026-06-01",
      "2026-07-01",
      "2026-08-01",
      "2026-09-01",
    ]);
    expect(starts(terminated, "droppedPeriods").every((s) => s > "2026-09-30")).toBe(true);
  });

  it("makes nothing twice when the same call is sent again, and only the new rows of a longer one", async () => {
    const units = await h.newUnits(3);
    const batchId = newBatchId();
    const rows = units.map((u) => leaseRow(h, [u]));
    const first = await importLeases(batchId, rows.slice(0, 2));
    const ids = first.leases.map((l) => l.id);
    const before = await stored(h, ids);
    expect(before).toEqual({ leases: 2, units: 2, versions: 2, events: 2 });

    expect(await importLeases(batchId, rows.slice(0, 2))).toEqual(first);
    expect(await stored(h, ids)).toEqual(before);
    const longer = await importLeases(batchId, rows);
    expect(longer.leases.slice(0, 2)).toEqual(first.leases);
    expect(
      await stored(
        h,
        longer.leases.map((l) => l.id),
      ),
    ).toEqual({
      leases: 3,
      units: 3,
      versions: 3,
      events: 3,
    });
    for (const [i, unitId] of units.entries()) {
      expect(await holdsOf(unitId)).toEqual([[longer.leases[i]!.id, "2026-01-01", "2027-12-31"]]);
    }
  });

  it("finishes a call that failed after its units were held: the leases are the ones held", async () => {
    const [unitId] = await h.newUnits(1);
    const batchId = newBatchId();
    const row = leaseRow(h, [unitId!]);
    // An empty call opens the batch; then assets holds the unit for the row's lease as a call
    // that died before its own transaction would have left it.
    await importLeases(batchId, []);
    const [batch] = await h.db.$queryRawUnsafe<{ created_at: Date }[]>(
      `SELECT created_at FROM import_batches WHERE batch_id = $1`,
      batchId,
    );
    const leaseId = importedLeaseId(batch!.created_at, batchId, row.key);
    await h.assets.ImportUnitHolds(
      {
        siteId: h.siteId,
        batchId,
        holds: [
          {
            key: row.key,
            leaseId,
            unitIds: [unitId!],
            fromDate: row.startDate,
            toDate: row.endDate,
          },
        ],
      },
      { caller: h.hq },
    );
    const { leases } = await importLeases(batchId, [row]);
    expect(leases).toEqual([{ key: row.key, id: leaseId }]);
    expect(await holdsOf(unitId!)).toEqual([[leaseId, row.startDate, row.endDate]]);
    expect((await stored(h, [leaseId])).leases).toBe(1);
  });

  it("makes each lease once when the same call arrives twice at the same time", async () => {
    const units = await h.newUnits(20);
    const batchId = newBatchId();
    const rows = units.map((u) => leaseRow(h, [u]));
    const [a, b] = await Promise.all([importLeases(batchId, rows), importLeases(batchId, rows)]);
    expect(a).toEqual(b);
    expect(
      await stored(
        h,
        a.leases.map((l) => l.id),
      ),
    ).toMatchObject({ leases: 20, events: 20 });
  });

  it("names every bad row and writes nothing", async () => {
    const [a, b, c] = await h.newUnits(3);
    const batchId = newBatchId();
    const good = leaseRow(h, [a!]);
    const rows = [
      good,
      leaseRow(h, [b!], { terms: { ...richTerms, dueDay: 40 } }),
      // Ended before the go-live: not imported.
      leaseRow(h, [c!], { endDate: "2026-02-28", billingStartsOn: "2026-03-01" }),
      leaseRow(h, [b!], { startDate: "2026-05-01", endDate: "2026-04-01" }),
      leaseRow(h, [c!], { key: good.key }),
      leaseRow(h, [b!], {
        reference: good.reference,
        startDate: "2028-01-01",
        endDate: "2028-12-31",
      }),
      // The unit of row 0, for overlapping dates.
      leaseRow(h, [a!], { startDate: "2027-06-01", endDate: "2028-05-31" }),
      { ...leaseRow(h, [a!, a!]), customerId: "", startDate: "1/1/2026" },
    ];
    const error = await failure(importLeases(batchId, rows));
    expect(error.kind).toBe("invalid");
    expect(fields(error)).toEqual([
      "leases.1.terms.dueDay",
      "leases.2.endDate",
      "leases.3.endDate",
      "leases.7.customerId",
      "leases.7.unitIds",
      "leases.7.startDate",
      "leases.4.key",
      "leases.5.reference",
      "leases.6.unitIds.0",
    ]);
    expect(error.details.find((d) => d.field === "leases.2.endDate")!.message).toMatch(
      /before billing starts \(2026-03-01\)/,
    );
    expect(
      await h.db.lease.count({ where: { reference: { in: rows.map((r) => r.reference) } } }),
    ).toBe(0);
    expect(await holdsOf(a!)).toEqual([]);
    const [batch] = await h.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM import_batches WHERE batch_id = $1`,
      batchId,
    );
    expect(batch!.n).toBe(0);
  });

  it("refuses more than 10,000 rows a call, naming leases, before anything else", async () => {
    const [unit] = await h.newUnits(1);
    const row = leaseRow(h, [unit!]);
    const error = await failure(importLeases(newBatchId(), Array(10_001).fill(row)));
    expect([error.kind, fields(error)]).toEqual(["invalid", ["leases"]]);
  });

  it("names customers and units that are not the site's", async () => {
    const [unitId] = await h.newUnits(1);
    const [elsewhere] = await h.newUnits(1, h.otherSiteId);
    const { customer } = await h.customers.CreateCustomer(
      {
        siteId: h.otherSiteId,
        kind: "CUSTOMER_KIND_PERSON",
        name: "Li Lei",
        idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT",
        idNumber: "E12345678",
        phones: ["+86 138 0013 8000"],
      },
      { caller: h.hq },
    );
    const rows = [
      leaseRow(h, [unitId!]),
      leaseRow(h, [unitId!, elsewhere!], {
        customerId: customer!.id,
        startDate: "2030-01-01",
        endDate: "2030-12-31",
      }),
      leaseRow(h, ["unt_nothing"], { customerId: "cus_nothing" }),
    ];
    const error = await failure(importLeases(newBatchId(), rows));
    expect(error.kind).toBe("invalid");
    expect(fields(error)).toEqual([
      "leases.1.customerId",
      "leases.1.unitIds.1",
      "leases.2.customerId",
      "leases.2.unitIds.0",
    ]);
    expect(await holdsOf(unitId!)).toEqual([]);
  });

  it("refuses a reference the site already uses, and a unit another lease holds, naming the row", async () => {
    const existing = await h.draft({ reference: "PAPER-0001" });
    const [free, held] = await h.newUnits(2);
    const holder = await h.draft({
      unitIds: [held!],
      startDate: "2026-01-01",
      endDate: "2026-12-31",
    });
    await h.leases.ActivateLease({ siteId: h.siteId, id: holder.id }, { caller: h.hq });

    const taken = await failure(
      importLeases(newBatchId(), [
        leaseRow(h, [free!]),
        leaseRow(h, [free!], {
          reference: existing.reference,
          startDate: "2030-01-01",
          endDate: "2030-12-31",
        }),
      ]),
    );
    expect(taken.kind).toBe("conflict");
    expect(taken.details).toEqual([
      { field: "leases.1.reference", message: `is taken by lease ${existing.id}` },
    ]);
    // Refused before anything was held.
    expect(await holdsOf(free!)).toEqual([]);

    const rows = [leaseRow(h, [free!]), leaseRow(h, [held!], { startDate: "2026-06-01" })];
    const heldError = await failure(importLeases(newBatchId(), rows));
    expect(heldError.kind).toBe("conflict");
    expect(heldError.details).toEqual([
      {
        field: "leases.1.unitIds.0",
        message: `held by lease ${holder.id} from 2026-01-01 to 2026-12-31`,
      },
    ]);
    expect(
      await h.db.lease.count({ where: { reference: { in: rows.map((r) => r.reference) } } }),
    ).toBe(0);
    expect(await holdsOf(free!)).toEqual([]);
  });

  it("keeps to the caller's sites: another site is not found, another site's batch a conflict", async () => {
    const [unitId] = await h.newUnits(1);
    const clerkOfOther: Caller = {
      ...h.hq,
      actor: "usr_clerk",
      siteIds: [h.otherSiteId],
      roles: ["clerk"],
    };
    const notMine = await failure(
      importLeases(newBatchId(), [leaseRow(h, [unitId!])], clerkOfOther),
    );
    expect(notMine.kind).toBe("not_found");

    const batchId = newBatchId();
    await importLeases(batchId, [leaseRow(h, [unitId!])]);
    const [otherUnit] = await h.newUnits(1, h.otherSiteId);
    const otherSite = await failure(
      h.leases.ImportLeases(
        { siteId: h.otherSiteId, batchId, leases: [leaseRow(h, [otherUnit!])] },
        { caller: h.hq },
      ),
    );
    expect(otherSite.kind).toBe("conflict");
    expect(fields(otherSite)).toEqual(["batchId"]);
  });

  // A call larger than the importer's chunks (2,000), set-based throughout; the 10,000 of the
  // benchmark's go-live take ~8 s in 2,000s (bench/import), 10,000 at once ~20 s here.
  it("imports 2,500 leases in one call", async () => {
    const units = await h.newUnits(2_500);
    const batchId = newBatchId();
    const rows = units.map((u, i) =>
      leaseRow(h, [u], { terms: i % 2 ? richTerms : undefined, billingStartsOn: "2026-03-01" }),
    );
    const { leases } = await timed("2,500 leases", () => importLeases(batchId, rows));
    expect(leases).toHaveLength(2_500);
    expect(
      await stored(
        h,
        leases.map((l) => l.id),
      ),
    ).toEqual({
      leases: 2_500,
      units: 2_500,
      versions: 2_500,
      events: 2_500,
    });
    expect(await timed("the same 2,500 again", () => importLeases(batchId, rows))).toEqual({
      leases,
    });
  }, 600_000);
});
