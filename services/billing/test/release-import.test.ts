import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, fieldsOf, type Harness, startHarness } from "./harness.ts";
import { arrear, batchId, issuedFor } from "./opening-balances.ts";

// releaseImport (use-cases/release-import.ts): a batch's held events published once.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("release_import");
});

afterAll(async () => {
  await h?.close();
});

const release = (batch: string, caller = h.hq, siteId = h.siteId) =>
  h.billing.ReleaseImport({ siteId, batchId: batch }, { caller });
const importBills = async (batch: string, rows: ReturnType<typeof arrear>[], siteId = h.siteId) =>
  (
    await h.billing.ImportOpeningBalances(
      { siteId, batchId: batch, bills: rows, prepayments: [] },
      { caller: h.hq },
    )
  ).bills.map((b) => b.id);
let leases = 0;
const newLease = () => ({ leaseId: `lea_rel_${++leases}`, customerId: `cus_rel_${leases}` });

describe("ReleaseImport", () => {
  it("publishes the batch's events once, however often it is released", async () => {
    const batch = batchId();
    const ids = await importBills(batch, [arrear(newLease()), arrear(newLease())]);
    await h.settled();
    expect(issuedFor(h, ids)).toEqual([]);
    expect(await release(batch, h.staffAt(h.siteId))).toEqual({ state: "released" });
    await h.settled();
    expect(issuedFor(h, ids)).toHaveLength(2);
    expect(await release(batch)).toEqual({ state: "released" });
    await h.settled();
    expect(issuedFor(h, ids)).toHaveLength(2);
    // A released batch takes no more rows.
    const late = await failure(importBills(batch, [arrear(newLease())]));
    expect([late.kind, fieldsOf(late)]).toEqual(["conflict", ["batchId"]]);
  });

  it("answers unknown for a batch billing had no part in", async () => {
    expect(await release(batchId())).toEqual({ state: "unknown" });
  });

  it("refuses a discarded batch, naming batchId, and publishes nothing", async () => {
    const batch = batchId();
    const ids = await importBills(batch, [arrear(newLease())]);
    await h.billing.DiscardImport({ siteId: h.siteId, batchId: batch }, { caller: h.hq });
    const error = await failure(release(batch));
    expect([error.kind, fieldsOf(error)]).toEqual(["conflict", ["batchId"]]);
    await h.settled();
    expect(issuedFor(h, ids)).toEqual([]);
  });

  it("keeps to the caller's sites and the batch's site", async () => {
    const batch = batchId();
    const ids = await importBills(batch, [arrear(newLease())]);
    const outside = await failure(release(batch, h.staffAt(h.otherSiteId)));
    expect(outside.kind).toBe("not_found");
    const elsewhere = await failure(release(batch, h.hq, h.otherSiteId));
    expect([elsewhere.kind, fieldsOf(elsewhere)]).toEqual(["conflict", ["batchId"]]);
    const otherOrg = await failure(release(batch, { ...h.hq, orgId: "org_stranger" }));
    expect([otherOrg.kind, fieldsOf(otherOrg)]).toEqual(["conflict", ["batchId"]]);
    await h.settled();
    expect(issuedFor(h, ids)).toEqual([]);
  });
});
