import type { ImportRolledBackV1 } from "@slms/contracts";
import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callers, expectError, type Harness, startHarness } from "./harness.ts";
import { customerRow, heldEvents } from "./import-rows.ts";

const siteA = "sit_rb_a";
const siteB = "sit_rb_b";
const { hq, clerkA } = callers("org_rb", siteA, siteB);

let h: Harness;
beforeAll(async () => {
  h = await startHarness("customers_roll_back_import");
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
const release = (batchId: string, siteId = siteA) =>
  h.customers.ReleaseImport({ siteId, batchId }, { caller: hq });
const rollBack = (batchId: string, { checkOnly = false, siteId = siteA, caller = hq } = {}) =>
  h.customers.RollBackImport({ siteId, batchId, checkOnly }, { caller, deadlineMs: 60_000 });
const count = (ids: string[]) => h.db.customer.count({ where: { id: { in: ids } } });
const state = async (batchId: string) =>
  (
    await h.db.$queryRawUnsafe<{ state: string }[]>(
      `SELECT state FROM import_batches WHERE batch_id = $1`,
      batchId,
    )
  )[0]?.state;

describe("RollBackImport", () => {
  it("removes the batch's customers and announces it", async () => {
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
    const made = await importCustomers("rb-1", [customerRow(1), customerRow(2), customerRow(3)]);
    const batchEvents = (
      await h.db.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id::text AS id FROM outbox_messages
          WHERE published_at IS NULL AND claimed_until = 'infinity' ORDER BY id`,
      )
    ).map((e) => e.id);
    expect(batchEvents).toHaveLength(3);
    expect(await release("rb-1")).toEqual({ state: "released" });
    await waitFor(() => h.events.filter((e) => batchEvents.includes(e.id)).length === 3, {
      description: "the batch's events heard",
    });

    // Only checked: nothing removed.
    expect(await rollBack("rb-1", { checkOnly: true })).toEqual({ state: "released" });
    expect(await count(made)).toBe(3);
    expect(await state("rb-1")).toBe("released");

    expect(await rollBack("rb-1")).toEqual({ state: "rolled_back" });
    expect(await count(made)).toBe(0);
    expect(await count([before!.id])).toBe(1);
    const rolledBack = await h.db.outboxMessage.findMany({
      where: { type: "customers.import.rolled_back" },
      orderBy: { seq: "asc" },
    });
    for (const event of rolledBack)
      expect(event).toMatchObject({ siteId: siteA, orgId: "org_rb", actor: "usr_hq" });
    // One part: the customers and the batch's events.
    expect(rolledBack.map((e) => e.data as unknown as ImportRolledBackV1)).toEqual([
      {
        batchId: "rb-1",
        siteId: siteA,
        objects: { customer: [...made].sort() },
        eventIds: [...batchEvents].sort(),
        part: 1,
        parts: 1,
      },
    ]);
    expect(await heldEvents(h)).toBe(0);
    await waitFor(
      () => h.events.filter((e) => e.type === "customers.import.rolled_back").length === 1,
      { description: "the rollback published" },
    );

    // Again: nothing more. The batch takes no rows and cannot be released or discarded.
    expect(await rollBack("rb-1")).toEqual({ state: "rolled_back" });
    expect(await rollBack("rb-1", { checkOnly: true })).toEqual({ state: "rolled_back" });
    expect(
      await h.db.outboxMessage.count({ where: { type: "customers.import.rolled_back" } }),
    ).toBe(1);
    await expectError(importCustomers("rb-1", [customerRow(4)]), "conflict", ["batchId"]);
    await expectError(release("rb-1"), "conflict", ["batchId"]);
    await expectError(
      h.customers.DiscardImport({ siteId: siteA, batchId: "rb-1" }, { caller: hq }),
      "conflict",
      ["batchId"],
    );
    // The ID numbers are free again.
    await importCustomers("rb-again", [customerRow(1), customerRow(2)]);
  });

  it("refuses when a customer of the batch was edited since, and removes nothing", async () => {
    const made = await importCustomers("rb-edited", [customerRow(10), customerRow(11)]);
    await release("rb-edited");
    await h.customers.UpdateCustomer(
      { siteId: siteA, id: made[1]!, phones: ["13900139000"], replacePhones: true },
      { caller: hq },
    );
    const what = `customer ${made[1]} (Person 11) was edited since the import`;
    const checked = await expectError(rollBack("rb-edited", { checkOnly: true }), "conflict", [
      "batchId",
    ]);
    expect(checked.details[0]!.message).toBe(`cannot be rolled back: ${what}`);
    const refused = await expectError(rollBack("rb-edited"), "conflict", ["batchId"]);
    expect(refused.message).toBe(`the import cannot be rolled back: ${what}`);
    expect(await count(made)).toBe(2);
    expect(await state("rb-edited")).toBe("released");
    expect(
      await h.db.outboxMessage.count({
        where: {
          type: "customers.import.rolled_back",
          data: { path: ["batchId"], equals: "rb-edited" },
        },
      }),
    ).toBe(0);
  });

  it("takes an edit that changed nothing for no edit", async () => {
    const made = await importCustomers("rb-same", [customerRow(12)]);
    await release("rb-same");
    await h.customers.UpdateCustomer({ siteId: siteA, id: made[0]! }, { caller: hq });
    expect(await rollBack("rb-same")).toEqual({ state: "rolled_back" });
    expect(await count(made)).toBe(0);
  });

  it("names at most five customers and says there are more", async () => {
    const made = await importCustomers(
      "rb-many",
      Array.from({ length: 7 }, (_, i) => customerRow(20 + i)),
    );
    await release("rb-many");
    for (const id of made)
      await h.customers.UpdateCustomer(
        { siteId: siteA, id, tags: ["vip"], replaceTags: true },
        { caller: hq },
      );
    const refused = await expectError(rollBack("rb-many"), "conflict", ["batchId"]);
    const byId = new Map(
      (await h.db.customer.findMany({ where: { id: { in: made } } })).map((c) => [c.id, c.name]),
    );
    expect(refused.message).toBe(
      `the import cannot be rolled back: ${[...made]
        .sort()
        .slice(0, 5)
        .map((id) => `customer ${id} (${byId.get(id)}) was edited since the import`)
        .join("; ")}; and more`,
    );
    expect(await count(made)).toBe(7);
  });

  it("refuses a batch not released, and a discarded one", async () => {
    const made = await importCustomers("rb-held", [customerRow(30)]);
    await expectError(rollBack("rb-held"), "conflict", ["batchId"]);
    await expectError(rollBack("rb-held", { checkOnly: true }), "conflict", ["batchId"]);
    expect(await count(made)).toBe(1);
    await h.customers.DiscardImport({ siteId: siteA, batchId: "rb-held" }, { caller: hq });
    await expectError(rollBack("rb-held"), "conflict", ["batchId"]);
  });

  it("answers unknown for a batch never heard of, and checks its input", async () => {
    expect(await rollBack("rb-never")).toEqual({ state: "unknown" });
    expect(await rollBack("rb-never", { checkOnly: true })).toEqual({ state: "unknown" });
    await expectError(rollBack(" "), "invalid", ["batchId"]);
    await expectError(rollBack("x".repeat(101)), "invalid", ["batchId"]);
    // No site: none in scope, as every call of the service answers.
    await expectError(rollBack("rb-never", { siteId: "" }), "not_found");
  });

  it("keeps to the caller's sites and the batch's site", async () => {
    const made = await importCustomers("rb-b", [customerRow(40)], siteB);
    await release("rb-b", siteB);
    await expectError(rollBack("rb-b", { siteId: siteB, caller: clerkA }), "not_found");
    await expectError(rollBack("rb-b", { siteId: siteA }), "conflict", ["batchId"]);
    await expectError(
      rollBack("rb-b", { siteId: siteB, caller: { ...hq, orgId: "org_other" } }),
      "conflict",
      ["batchId"],
    );
    expect(await count(made)).toBe(1);
    expect(await rollBack("rb-b", { siteId: siteB })).toEqual({ state: "rolled_back" });
    expect(await count(made)).toBe(0);
  });
});
