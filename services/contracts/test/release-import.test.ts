import type { Caller } from "@slms/grpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
