import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callers, expectError, type Harness, startHarness } from "./harness.ts";
import { barrier, customerRow, heldEvents } from "./import-rows.ts";

const siteA = "sit_rel_a";
const siteB = "sit_rel_b";
const { hq, clerkA } = callers("org_rel", siteA, siteB);

let h: Harness;
beforeAll(async () => {
  h = await startHarness("customers_release_import");
});
afterAll(async () => {
  await h?.close();
});

const importCustomers = async (batchId: string, from: number, count: number, siteId = siteA) =>
  (
    await h.customers.ImportCustomers(
      {
        siteId,
        batchId,
        customers: Array.from({ length: count }, (_, i) => customerRow(from + i)),
      },
      { caller: hq },
    )
  ).customers.map((c) => c.id);
const release = (batchId: string, siteId = siteA, caller = hq) =>
  h.customers.ReleaseImport({ siteId, batchId }, { caller });
const discard = (batchId: string, siteId = siteA) =>
  h.customers.DiscardImport({ siteId, batchId }, { caller: hq });
const heard = (ids: string[]) => h.events.filter((e) => ids.includes(e.data.customerId as string));

describe("ReleaseImport", () => {
  it("publishes the batch's held events once; again, nothing more", async () => {
    const made = await importCustomers("r-1", 1, 3);
    await barrier(h, hq, siteB);
    expect(heard(made)).toEqual([]);

    expect(await release("r-1")).toEqual({ state: "released" });
    await waitFor(() => heard(made).length === 3, { description: "the batch's 3 events" });
    expect(heard(made).map((e) => e.type)).toEqual(Array(3).fill("customers.customer.created"));
    expect(await release("r-1")).toEqual({ state: "released" });
    await barrier(h, hq, siteB);
    expect(heard(made)).toHaveLength(3);
    expect(await heldEvents(h)).toBe(0);
    await expectError(
      h.customers.ImportCustomers(
        { siteId: siteA, batchId: "r-1", customers: [customerRow(9)] },
        { caller: hq },
      ),
      "conflict",
      ["batchId"],
    );
    await expectError(discard("r-1"), "conflict", ["batchId"]);
    expect(await h.db.customer.count({ where: { id: { in: made } } })).toBe(3);
  });

  it("refuses a discarded batch; a batch never heard of is unknown", async () => {
    const made = await importCustomers("r-2", 20, 2);
    expect(await discard("r-2")).toEqual({ state: "discarded" });
    await expectError(release("r-2"), "conflict", ["batchId"]);
    await barrier(h, hq, siteB);
    expect(heard(made)).toEqual([]);
    expect(await release("r-never")).toEqual({ state: "unknown" });
  });

  it("keeps to the caller's sites and the batch's site", async () => {
    const made = await importCustomers("r-3", 30, 1, siteB);
    await expectError(release("r-3", siteB, clerkA), "not_found");
    await expectError(release("r-3", siteA), "conflict", ["batchId"]);
    await barrier(h, hq, siteB);
    expect(heard(made)).toEqual([]);
    expect(await release("r-3", siteB)).toEqual({ state: "released" });
    await waitFor(() => heard(made).length === 1, { description: "the batch's event" });
  });
});
