import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callers, expectError, type Harness, startHarness } from "./harness.ts";
import { barrier, customerRow, heldEvents } from "./import-rows.ts";

const siteA = "sit_dis_a";
const siteB = "sit_dis_b";
const { hq, clerkA } = callers("org_dis", siteA, siteB);

let h: Harness;
beforeAll(async () => {
  h = await startHarness("customers_discard_import");
});
afterAll(async () => {
  await h?.close();
});

const importCustomers = async (
  batchId: string,
  rows: ReturnType<typeof customerRow>[],
  siteId = siteA,
) =>
  (
    await h.customers.ImportCustomers(
      { siteId, batchId, customers: rows },
      { caller: hq, deadlineMs: 60_000 },
    )
  ).customers.map((c) => c.id);
const discard = (batchId: string, siteId = siteA, caller = hq) =>
  h.customers.DiscardImport({ siteId, batchId }, { caller, deadlineMs: 60_000 });

describe("DiscardImport", () => {
  it("removes the batch's customers, and no event of theirs is ever published", async () => {
    const { customer: before } = await h.customers.CreateCustomer(
      {
        siteId: siteA,
        kind: "CUSTOMER_KIND_PERSON",
        name: "Before",
        idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT",
        idNumber: "E00000001",
      },
      { caller: hq },
    );
    const made = await importCustomers("d-1", [customerRow(1), customerRow(2)]);
    const batchEvents = (
      await h.db.outboxMessage.findMany({
        where: { publishedAt: null, claimedUntil: { not: null } },
        select: { id: true },
      })
    ).map((e) => e.id);
    expect(batchEvents).toHaveLength(2);

    expect(await discard("d-1")).toEqual({ state: "discarded" });
    expect(await h.db.customer.count({ where: { id: { in: made } } })).toBe(0);
    expect(await h.db.customer.count({ where: { id: before!.id } })).toBe(1);
    expect(await h.db.outboxMessage.count({ where: { id: { in: batchEvents } } })).toBe(0);
    await barrier(h, hq, siteB);
    expect(h.events.filter((e) => batchEvents.includes(e.id))).toEqual([]);

    // Again: nothing more. Late rows and a release are refused; the numbers are free again.
    expect(await discard("d-1")).toEqual({ state: "discarded" });
    await expectError(importCustomers("d-1", [customerRow(3)]), "conflict", ["batchId"]);
    await expectError(
      h.customers.ReleaseImport({ siteId: siteA, batchId: "d-1" }, { caller: hq }),
      "conflict",
      ["batchId"],
    );
    await importCustomers("d-again", [customerRow(1), customerRow(2)]);
  });

  it("refuses a released batch and keeps its customers", async () => {
    const made = await importCustomers("d-released", [customerRow(10)]);
    await h.customers.ReleaseImport({ siteId: siteA, batchId: "d-released" }, { caller: hq });
    await expectError(discard("d-released"), "conflict", ["batchId"]);
    expect(await h.db.customer.count({ where: { id: { in: made } } })).toBe(1);
  });

  it("records a batch never heard of discarded, so its rows arriving late are refused", async () => {
    expect(await discard("d-early")).toEqual({ state: "discarded" });
    await expectError(importCustomers("d-early", [customerRow(20)]), "conflict", ["batchId"]);
    expect(await h.db.customer.count({ where: { name: "Person 20" } })).toBe(0);
  });

  it("keeps to the caller's sites and the batch's site", async () => {
    const made = await importCustomers("d-b", [customerRow(30)], siteB);
    await expectError(discard("d-b", siteB, clerkA), "not_found");
    await expectError(discard("d-b", siteA), "conflict", ["batchId"]);
    expect(await h.db.customer.count({ where: { id: { in: made } } })).toBe(1);
    expect(await discard("d-b", siteB)).toEqual({ state: "discarded" });
    expect(await h.db.customer.count({ where: { id: { in: made } } })).toBe(0);
  });

  it("discards 10,000 customers", async () => {
    const held = await heldEvents(h);
    const made = await importCustomers(
      "d-big",
      Array.from({ length: 10_000 }, (_, i) => customerRow(100_000 + i)),
    );
    const started = performance.now();
    expect(await discard("d-big")).toEqual({ state: "discarded" });
    console.info(
      `DiscardImport: 10,000 customers in ${Math.round(performance.now() - started)} ms`,
    );
    expect(await h.db.customer.count({ where: { id: { in: made } } })).toBe(0);
    expect(await heldEvents(h)).toBe(held);
  }, 120_000);
});
