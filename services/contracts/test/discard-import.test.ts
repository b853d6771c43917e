import type { Caller } from "@slms/grpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.ts";
import { activatedOf, failure, fields, leaseRow, newBatchId, stored } from "./import-fixtures.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("discard_import");
});

afterAll(async () => {
  await h?.close();
});

const discard = (batchId: string, siteId = h.siteId, caller = h.hq) =>
  h.leases.DiscardImport({ siteId, batchId }, { caller });

async function importBatch(count = 2, batchId = newBatchId()) {
  const units = await h.newUnits(count);
  const rows = units.map((u) => leaseRow(h, [u]));
  const { leases } = await h.leases.ImportLeases(
    { siteId: h.siteId, batchId, leases: rows },
    { caller: h.hq },
  );
  return { batchId, rows, units, ids: leases.map((l) => l.id) };
}

describe("DiscardImport", () => {
  it("removes the batch's leases, units, versions and events; nothing is ever published", async () => {
    const { batchId, rows, units, ids } = await importBatch();
    const kept = await h.draft();
    expect(await stored(h, ids)).toEqual({ leases: 2, units: 2, versions: 2, events: 2 });

    expect((await discard(batchId)).state).toBe("discarded");
    expect(await stored(h, ids)).toEqual({ leases: 0, units: 0, versions: 0, events: 0 });
    expect(
      await h.db.lease.count({ where: { reference: { in: rows.map((r) => r.reference) } } }),
    ).toBe(0);
    expect(await h.db.lease.count({ where: { id: kept.id } })).toBe(1);
    expect((await discard(batchId)).state).toBe("discarded");
    await h.settled();
    expect(ids.flatMap((id) => activatedOf(h, id))).toEqual([]);

    // Its rows arriving late are refused; the importer discards the holds in assets.
    const late = await failure(
      h.leases.ImportLeases({ siteId: h.siteId, batchId, leases: rows }, { caller: h.hq }),
    );
    expect(late.kind).toBe("conflict");
    expect(fields(late)).toEqual(["batchId"]);
    await h.assets.DiscardImport({ siteId: h.siteId, batchId }, { caller: h.hq });
    // Discarded everywhere, the same rows go in as a new batch.
    const { leases } = await h.leases.ImportLeases(
      { siteId: h.siteId, batchId: newBatchId(), leases: rows },
      { caller: h.hq },
    );
    expect(leases.map((l) => l.key)).toEqual(rows.map((r) => r.key));
    expect(
      (await h.assets.ListUnitHolds({ siteId: h.siteId, unitId: units[0]! }, { caller: h.hq }))
        .holds,
    ).toHaveLength(1);
  });

  it("records a batch it never heard of as discarded, so its rows arriving late are refused", async () => {
    const batchId = newBatchId();
    expect((await discard(batchId)).state).toBe("discarded");
    const late = await failure(importBatch(1, batchId));
    expect(late.kind).toBe("conflict");
  });

  it("refuses a released batch and leaves it as it is", async () => {
    const { batchId, ids } = await importBatch(1);
    await h.leases.ReleaseImport({ siteId: h.siteId, batchId }, { caller: h.hq });
    const error = await failure(discard(batchId));
    expect(error.kind).toBe("conflict");
    expect(fields(error)).toEqual(["batchId"]);
    expect((await stored(h, ids)).leases).toBe(1);
    await h.settled();
    expect(activatedOf(h, ids[0]!)).toHaveLength(1);
  });

  it("keeps to the caller's sites: another site's batch is a conflict, a site outside the scope not found", async () => {
    const { batchId, ids } = await importBatch(1);
    expect((await failure(discard(batchId, h.otherSiteId))).kind).toBe("conflict");
    const clerkOfOther: Caller = {
      ...h.hq,
      actor: "usr_clerk",
      siteIds: [h.otherSiteId],
      roles: ["clerk"],
    };
    expect((await failure(discard(batchId, h.siteId, clerkOfOther))).kind).toBe("not_found");
    expect((await stored(h, ids)).leases).toBe(1);
  });
});
