import type { Caller } from "@slms/grpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeaseJob } from "../src/use-cases/run-lease-job.ts";
import { type Harness, startHarness } from "./harness.ts";
import { activatedOf, failure, fields, leaseRow, newBatchId } from "./import-fixtures.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("release_import");
});

afterAll(async () => {
  await h?.close();
});

const release = (batchId: string, siteId = h.siteId, caller = h.hq) =>
  h.leases.ReleaseImport({ siteId, batchId }, { caller });

async function importBatch(count = 2) {
  const batchId = newBatchId();
  const units = await h.newUnits(count);
  const { leases } = await h.leases.ImportLeases(
    { siteId: h.siteId, batchId, leases: units.map((u) => leaseRow(h, [u])) },
    { caller: h.hq },
  );
  return { batchId, ids: leases.map((l) => l.id) };
}

describe("ReleaseImport", () => {
  it("publishes the batch's activated events once, however often it is released", async () => {
    const { batchId, ids } = await importBatch();
    await h.settled();
    expect(ids.flatMap((id) => activatedOf(h, id))).toEqual([]);

    expect((await release(batchId)).state).toBe("released");
    await h.settled();
    expect(ids.map((id) => activatedOf(h, id).length)).toEqual([1, 1]);
    expect((await release(batchId)).state).toBe("released");
    await h.settled();
    expect(ids.map((id) => activatedOf(h, id).length)).toEqual([1, 1]);

    // Released: nothing more can be added to it.
    const late = await failure(
      h.leases.ImportLeases(
        { siteId: h.siteId, batchId, leases: [leaseRow(h, [await h.newUnit()])] },
        { caller: h.hq },
      ),
    );
    expect(late.kind).toBe("conflict");
  });

  it("keeps an imported lease as it is until the release: no amendment, renewal or termination, no expiry by the lease job", async () => {
    const batchId = newBatchId();
    const [unitId] = await h.newUnits(1);
    const row = leaseRow(h, [unitId!], {
      startDate: "2026-01-01",
      endDate: "2026-06-30",
      billingStartsOn: "2026-03-01",
    });
    const { leases } = await h.leases.ImportLeases(
      { siteId: h.siteId, batchId, leases: [row] },
      { caller: h.hq },
    );
    const id = leases[0]!.id;
    const held = "the lease's import is not released yet; it cannot change until then";
    const changes = [
      () =>
        h.leases.AmendLease(
          {
            siteId: h.siteId,
            id,
            effectiveFrom: "2026-04-01",
            reason: "review",
            terms: row.terms,
          },
          { caller: h.hq },
        ),
      () => h.leases.RenewLease({ siteId: h.siteId, id, endDate: "2027-06-30" }, { caller: h.hq }),
      () =>
        h.leases.TerminateLease(
          { siteId: h.siteId, id, terminationDate: "2026-05-31", reason: "leaving" },
          { caller: h.hq },
        ),
    ];
    for (const change of changes)
      expect(await failure(change())).toMatchObject({ kind: "conflict", message: held });

    h.now.value = new Date("2026-08-01T12:00:00+08:00");
    try {
      await runLeaseJob(h.contracts.deps);
      expect((await h.db.lease.findUniqueOrThrow({ where: { id } })).status).toBe("active");
      await release(batchId);
      await runLeaseJob(h.contracts.deps);
      expect((await h.db.lease.findUniqueOrThrow({ where: { id } })).status).toBe("expired");
    } finally {
      h.now.value = new Date();
    }
    await h.settled();
    const types = h.events.filter((e) => e.data.leaseId === id).map((e) => e.type);
    expect(types).toEqual(["contracts.lease.activated", "contracts.lease.expired"]);
  });

  it("answers unknown for a batch this service had no part in", async () => {
    expect((await release(newBatchId())).state).toBe("unknown");
  });

  it("refuses a discarded batch", async () => {
    const { batchId, ids } = await importBatch(1);
    await h.leases.DiscardImport({ siteId: h.siteId, batchId }, { caller: h.hq });
    const error = await failure(release(batchId));
    expect(error.kind).toBe("conflict");
    expect(fields(error)).toEqual(["batchId"]);
    await h.settled();
    expect(activatedOf(h, ids[0]!)).toEqual([]);
  });

  it("keeps to the caller's sites: another site's batch is a conflict, a site outside the scope not found", async () => {
    const { batchId, ids } = await importBatch(1);
    const atOtherSite = await failure(release(batchId, h.otherSiteId));
    expect(atOtherSite.kind).toBe("conflict");
    const clerkOfOther: Caller = {
      ...h.hq,
      actor: "usr_clerk",
      siteIds: [h.otherSiteId],
      roles: ["clerk"],
    };
    expect((await failure(release(batchId, h.siteId, clerkOfOther))).kind).toBe("not_found");
    const otherOrg: Caller = { ...h.hq, orgId: "org_other" };
    expect((await failure(release(batchId, h.siteId, otherOrg))).kind).toBe("conflict");
    await h.settled();
    expect(activatedOf(h, ids[0]!)).toEqual([]);
  });
});
