import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Harness, startHarness } from "./harness.ts";
import { batchId, deposit, receivedFor } from "./import-rows.ts";

// releaseImport (use-cases/release-import.ts): a batch's held events published once.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("pay_release_import", { billing: "down" });
});

afterAll(async () => {
  await h?.close();
});

const release = (batch: string, caller = h.callers.hq, siteId = h.siteId) =>
  h.payments.ReleaseImport({ siteId, batchId: batch }, { caller });
const importDeposits = async (batch: string, rows: ReturnType<typeof deposit>[]) =>
  (
    await h.payments.ImportDeposits(
      { siteId: h.siteId, batchId: batch, deposits: rows },
      { caller: h.callers.hq },
    )
  ).deposits.map((d) => d.id);
let leases = 0;
const newLease = () => ({ leaseId: `lea_rel_${++leases}`, customerId: `cus_rel_${leases}` });

describe("ReleaseImport", () => {
  it("publishes the batch's events once, however often it is released", async () => {
    const batch = batchId();
    const ids = await importDeposits(batch, [deposit(newLease()), deposit(newLease())]);
    await h.settled();
    expect(receivedFor(h, ids)).toEqual([]);
    expect(await release(batch, h.callers.cashierA)).toEqual({ state: "released" });
    await h.settled();
    expect(receivedFor(h, ids)).toHaveLength(2);
    expect(await release(batch)).toEqual({ state: "released" });
    await h.settled();
    expect(receivedFor(h, ids)).toHaveLength(2);
    // A released batch takes no more rows.
    await expectError(importDeposits(batch, [deposit(newLease())]), "conflict", ["batchId"]);
  });

  it("answers unknown for a batch payments had no part in", async () => {
    expect(await release(batchId())).toEqual({ state: "unknown" });
  });

  it("refuses a discarded batch, naming batchId, and publishes nothing", async () => {
    const batch = batchId();
    const ids = await importDeposits(batch, [deposit(newLease())]);
    await h.payments.DiscardImport({ siteId: h.siteId, batchId: batch }, { caller: h.callers.hq });
    await expectError(release(batch), "conflict", ["batchId"]);
    await h.settled();
    expect(receivedFor(h, ids)).toEqual([]);
  });

  it("keeps to the caller's sites and the batch's site, and refuses a blank batch id", async () => {
    const batch = batchId();
    const ids = await importDeposits(batch, [deposit(newLease())]);
    await expectError(release(batch, h.callers.cashierB), "not_found");
    await expectError(release(batch, h.callers.hq, h.otherSiteId), "conflict", ["batchId"]);
    await expectError(release(batch, h.callers.otherOrg), "conflict", ["batchId"]);
    await expectError(release(" "), "invalid", ["batchId"]);
    await h.settled();
    expect(receivedFor(h, ids)).toEqual([]);
  });
});
