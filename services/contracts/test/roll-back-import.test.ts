import { termsToProto } from "@slms/contracts";
import type { Caller } from "@slms/grpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeaseJob } from "../src/use-cases/run-lease-job.ts";
import { type Harness, monthlyTerms, startHarness } from "./harness.ts";
import { failure, fields, leaseRow, newBatchId, stored } from "./import-fixtures.ts";

// RollBackImport takes back a released lease import while nothing happened to its leases, nor to
// the import's customers and units, since: each refusal below is one thing that may have happened.

let h: Harness;

beforeAll(async () => {
  h = await startHarness("roll_back_import");
});

afterAll(async () => {
  await h?.close();
});

const rollBack = (
  batchId: string,
  parties: { customerIds?: string[]; unitIds?: string[]; checkOnly?: boolean } = {},
  siteId = h.siteId,
  caller = h.hq,
) =>
  h.leases.RollBackImport(
    {
      siteId,
      batchId,
      checkOnly: parties.checkOnly ?? false,
      customerIds: parties.customerIds ?? [],
      unitIds: parties.unitIds ?? [],
    },
    { caller },
  );

let customers = 0;

/** A customer of the site of its own, so no other test's lease names it. */
async function newCustomer(): Promise<string> {
  const n = ++customers;
  const { customer } = await h.customers.CreateCustomer(
    {
      siteId: h.siteId,
      kind: "CUSTOMER_KIND_PERSON",
      name: `Imported Tenant ${n}`,
      idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT",
      idNumber: `RB${Date.now().toString(36).toUpperCase()}${n}`,
      phones: ["+86 21 5555 0101"],
    },
    { caller: h.hq },
  );
  return customer!.id;
}

/**
 * A released import of `count` leases over fresh units for a fresh customer: what the rollback
 * is asked with (the import's customers and units) and the lease ids.
 */
async function importBatch(
  options: { count?: number; release?: boolean; startDate?: string; endDate?: string } = {},
) {
  const batchId = newBatchId();
  const customerId = await newCustomer();
  const units = await h.newUnits(options.count ?? 2);
  const rows = units.map((u) =>
    leaseRow(h, [u], {
      customerId,
      ...(options.startDate ? { startDate: options.startDate } : {}),
      ...(options.endDate ? { endDate: options.endDate } : {}),
    }),
  );
  const { leases } = await h.leases.ImportLeases(
    { siteId: h.siteId, batchId, leases: rows },
    { caller: h.hq },
  );
  if (options.release ?? true)
    await h.leases.ReleaseImport({ siteId: h.siteId, batchId }, { caller: h.hq });
  await h.settled();
  const parties = { customerIds: [customerId], unitIds: units };
  return { batchId, customerId, units, rows, parties, ids: leases.map((l) => l.id) };
}

/** The `contracts.import.rolled_back` events written for the batch. */
async function rolledBackEvents(batchId: string) {
  return h.db.$queryRawUnsafe<{ id: string; data: Record<string, unknown> }[]>(
    `SELECT id::text, data FROM outbox_messages
      WHERE type = 'contracts.import.rolled_back' AND data->>'batchId' = $1 ORDER BY seq`,
    batchId,
  );
}

/** The batch cannot be rolled back: a conflict naming `batchId` that says `what`; nothing gone. */
async function expectRefused(
  batchId: string,
  ids: readonly string[],
  parties: { customerIds?: string[]; unitIds?: string[] },
  what: RegExp,
) {
  for (const checkOnly of [true, false]) {
    const error = await failure(rollBack(batchId, { ...parties, checkOnly }));
    expect(error.kind).toBe("conflict");
    expect(fields(error)).toEqual(["batchId"]);
    expect(error.message).toMatch(what);
    // Its one detail names the first problem, whole.
    const detail = error.details[0]!.message;
    expect(detail).toMatch(/^cannot be rolled back: /);
    expect(error.message).toContain(
      detail.replace(/^cannot be rolled back: /, "").replace(/ \(and more\)$/, ""),
    );
  }
  expect((await stored(h, ids)).leases).toBe(ids.length);
  expect(await rolledBackEvents(batchId)).toEqual([]);
}

describe("RollBackImport", () => {
  it("removes the batch's leases with their units, versions and alerts, and announces it once with the leases and the batch's events", async () => {
    const { batchId, ids, parties } = await importBatch();
    // A critical-date alert sent since is no change of the lease: it goes with it.
    h.now.value = new Date("2027-10-15T12:00:00+08:00");
    try {
      await runLeaseJob(h.contracts.deps);
    } finally {
      h.now.value = new Date();
    }
    expect(await h.db.leaseAlert.count({ where: { leaseId: { in: ids } } })).toBe(2);
    const kept = await h.draft();

    expect((await rollBack(batchId, parties)).state).toBe("rolled_back");
    expect(await stored(h, ids)).toMatchObject({ leases: 0, units: 0, versions: 0 });
    expect(await h.db.leaseAlert.count({ where: { leaseId: { in: ids } } })).toBe(0);
    expect(await h.db.lease.count({ where: { id: kept.id } })).toBe(1);

    const activated = await h.db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id::text FROM outbox_messages
        WHERE type = 'contracts.lease.activated' AND data->>'leaseId' = ANY($1::text[])`,
      ids,
    );
    expect(activated).toHaveLength(2);
    // The leases and the batch's events, in as many parts as hold them (here few).
    const parts = (await rolledBackEvents(batchId)).map(
      (e) =>
        e.data as {
          siteId: string;
          objects: { lease?: string[] };
          eventIds: string[];
          part: number;
          parts: number;
        },
    );
    expect(parts.map((p) => [p.siteId, p.part, p.parts])).toEqual(
      parts.map((_, i) => [h.siteId, i + 1, parts.length]),
    );
    expect(parts.flatMap((p) => Object.keys(p.objects)).every((k) => k === "lease")).toBe(true);
    expect(parts.flatMap((p) => p.objects.lease ?? []).sort()).toEqual([...ids].sort());
    expect(parts.flatMap((p) => p.eventIds).sort()).toEqual(activated.map((e) => e.id).sort());

    // Again: nothing more.
    expect((await rollBack(batchId, parties)).state).toBe("rolled_back");
    expect(await rolledBackEvents(batchId)).toHaveLength(parts.length);
    await h.settled();
    expect(
      h.events.filter(
        (e) => e.type === "contracts.import.rolled_back" && e.data.batchId === batchId,
      ),
    ).toHaveLength(parts.length);
    // Rolled back: it cannot be released or discarded any more.
    expect(
      (await failure(h.leases.ReleaseImport({ siteId: h.siteId, batchId }, { caller: h.hq }))).kind,
    ).toBe("conflict");
    expect(
      (await failure(h.leases.DiscardImport({ siteId: h.siteId, batchId }, { caller: h.hq }))).kind,
    ).toBe("conflict");
  });

  it("only checks with checkOnly: answers released, removes and announces nothing", async () => {
    const { batchId, ids, parties } = await importBatch();
    expect((await rollBack(batchId, { ...parties, checkOnly: true })).state).toBe("released");
    expect(await stored(h, ids)).toMatchObject({ leases: 2, units: 2, versions: 2 });
    expect(await rolledBackEvents(batchId)).toEqual([]);
    expect((await rollBack(batchId, parties)).state).toBe("rolled_back");
    expect((await stored(h, ids)).leases).toBe(0);
  });

  it("refuses when a lease of the batch was amended", async () => {
    const { batchId, ids, rows, parties } = await importBatch();
    await h.leases.AmendLease(
      {
        siteId: h.siteId,
        id: ids[1]!,
        effectiveFrom: "2026-07-01",
        reason: "rent review",
        terms: rows[1]!.terms,
      },
      { caller: h.hq },
    );
    await expectRefused(
      batchId,
      ids,
      parties,
      new RegExp(`lease ${ids[1]} was amended \\(terms version 2\\)`),
    );
  });

  it("refuses when a lease of the batch was renewed", async () => {
    const { batchId, ids } = await importBatch({ count: 1 });
    const { lease } = await h.leases.RenewLease(
      { siteId: h.siteId, id: ids[0]!, endDate: "2028-12-31", reference: "" },
      { caller: h.hq },
    );
    // Without the import's customers and units: the renewal itself refuses.
    await expectRefused(
      batchId,
      ids,
      {},
      new RegExp(`lease ${ids[0]} was renewed by lease ${lease!.id}`),
    );
  });

  it("refuses when a lease of the batch was terminated", async () => {
    const { batchId, ids, parties } = await importBatch({ count: 1 });
    await h.leases.TerminateLease(
      { siteId: h.siteId, id: ids[0]!, terminationDate: "2026-09-30", reason: "leaving" },
      { caller: h.hq },
    );
    await expectRefused(batchId, ids, parties, new RegExp(`lease ${ids[0]} was terminated`));
  });

  it("refuses when a lease of the batch expired", async () => {
    const { batchId, ids, parties } = await importBatch({
      count: 1,
      startDate: "2026-01-01",
      endDate: "2026-06-30",
    });
    h.now.value = new Date("2026-08-01T12:00:00+08:00");
    try {
      await runLeaseJob(h.contracts.deps);
    } finally {
      h.now.value = new Date();
    }
    expect((await h.db.lease.findUniqueOrThrow({ where: { id: ids[0]! } })).status).toBe("expired");
    await expectRefused(batchId, ids, parties, new RegExp(`lease ${ids[0]} expired`));
  });

  it("refuses when a lease not of the batch, even a draft, names one of the import's customers", async () => {
    const { batchId, ids, parties, customerId } = await importBatch();
    const { lease } = await h.leases.CreateLease(
      {
        siteId: h.siteId,
        reference: `OTHER-${batchId}`,
        customerId,
        unitIds: [await h.newUnit()],
        startDate: "2026-01-01",
        endDate: "2026-12-31",
        terms: termsToProto(monthlyTerms),
      },
      { caller: h.hq },
    );
    await expectRefused(
      batchId,
      ids,
      parties,
      new RegExp(`draft lease ${lease!.id}, not of the import, names customer ${customerId}`),
    );
    // Not asked about that customer: the leases themselves are unchanged.
    expect((await rollBack(batchId, { unitIds: parties.unitIds })).state).toBe("rolled_back");
  });

  it("refuses when a lease not of the batch names one of the import's units", async () => {
    const { batchId, ids, parties, units } = await importBatch();
    const other = await h.draft({
      unitIds: [units[1]!],
      startDate: "2028-01-01",
      endDate: "2028-12-31",
    });
    await h.leases.ActivateLease({ siteId: h.siteId, id: other.id }, { caller: h.hq });
    await expectRefused(
      batchId,
      ids,
      parties,
      new RegExp(`active lease ${other.id}, not of the import, names unit ${units[1]}`),
    );
  });

  it("refuses a batch that was never released, or was discarded", async () => {
    const held = await importBatch({ count: 1, release: false });
    const error = await failure(rollBack(held.batchId, held.parties));
    expect(error.kind).toBe("conflict");
    expect(fields(error)).toEqual(["batchId"]);
    expect((await stored(h, held.ids)).leases).toBe(1);
    expect(await rolledBackEvents(held.batchId)).toEqual([]);

    await h.leases.DiscardImport({ siteId: h.siteId, batchId: held.batchId }, { caller: h.hq });
    const discarded = await failure(rollBack(held.batchId, held.parties));
    expect(discarded.kind).toBe("conflict");
    expect(fields(discarded)).toEqual(["batchId"]);
  });

  it("answers unknown for a batch this service had no part in", async () => {
    expect((await rollBack(newBatchId())).state).toBe("unknown");
  });

  it("keeps to the caller's sites: another site's batch is a conflict, a site outside the scope not found", async () => {
    const { batchId, ids, parties } = await importBatch({ count: 1 });
    expect((await failure(rollBack(batchId, parties, h.otherSiteId))).kind).toBe("conflict");
    const clerkOfOther: Caller = {
      ...h.hq,
      actor: "usr_clerk",
      siteIds: [h.otherSiteId],
      roles: ["clerk"],
    };
    expect((await failure(rollBack(batchId, parties, h.siteId, clerkOfOther))).kind).toBe(
      "not_found",
    );
    const otherOrg: Caller = { ...h.hq, orgId: "org_other" };
    expect((await failure(rollBack(batchId, parties, h.siteId, otherOrg))).kind).toBe("conflict");
    expect((await stored(h, ids)).leases).toBe(1);
    expect(await rolledBackEvents(batchId)).toEqual([]);
  });

  it("validates its input: ids, at most 10,000 of each, a batch id", async () => {
    const tooMany = Array.from({ length: 10_001 }, (_, i) => `cus_${i}`);
    const cases: [Parameters<typeof rollBack>[1], string, string][] = [
      [{ customerIds: tooMany }, newBatchId(), "customerIds"],
      [{ unitIds: ["unt_1", "not an id"] }, newBatchId(), "unitIds.1"],
      [{}, " ", "batchId"],
    ];
    for (const [parties, batchId, field] of cases) {
      const error = await failure(rollBack(batchId, parties));
      expect(error.kind).toBe("invalid");
      expect(fields(error)).toEqual([field]);
    }
  });
});
