import { type EventEnvelope, EventTypes } from "@slms/contracts";
import { newEvent } from "@slms/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JournalLine } from "../src/domain/journal.ts";
import { recordChange } from "../src/use-cases/record-change.ts";
import { reverseRolledBackImport } from "../src/use-cases/reverse-rolled-back-import.ts";
import { type Harness, startHarness } from "./harness.ts";
import { type At, billIssued, depositEntry } from "./money-events.ts";

// A go-live import rolled back in billing and payments: what it put in the feed is taken back
// by new items, and its events still on their way are dropped.
let h: Harness;
let at: At;
beforeAll(async () => {
  h = await startHarness("rolled_back_import", { edge: false });
  at = { orgId: h.orgId, siteId: h.siteA, customerId: "cus_imp", leaseId: "lea_imp" };
});
afterAll(() => h?.close());

const rolledBack = (
  type: string,
  eventIds: string[],
  orgId = h.orgId,
  batchId = "imp_1",
): EventEnvelope =>
  newEvent(
    type,
    { orgId, siteId: h.siteA, actor: "usr_manager" },
    { batchId, siteId: h.siteA, objects: {}, eventIds, part: 1, parts: 1 },
  );

/** Per account code: debits minus credits over the organisation's feed items matching `where`. */
async function balances(where: { billId?: string; leaseId?: string }) {
  const rows = await h.deps.db.feedItem.findMany({ where: { orgId: h.orgId, ...where } });
  const sums = new Map<string, number>();
  for (const row of rows) {
    for (const line of row.journal as unknown as JournalLine[]) {
      sums.set(line.code, (sums.get(line.code) ?? 0) + line.debitMinor - line.creditMinor);
    }
  }
  return Object.fromEntries(sums);
}

describe("reverseRolledBackImport", () => {
  it("takes back every change of the import with a reversing entry, appended, once", async () => {
    // An opening arrears bill and a deposit held, as the import brings them in.
    const arrears = billIssued(at, "bil_imp_1", 90_000);
    arrears.data = { ...arrears.data, kind: "opening_arrears" };
    const deposit = depositEntry(at, "received", 1_300_000);
    const unrelated = billIssued({ ...at, leaseId: "lea_other" }, "bil_other", 650_000);
    for (const event of [arrears, deposit, unrelated]) await recordChange(h.deps, event);
    const before = await h.deps.db.feedItem.count({ where: { orgId: h.orgId } });
    expect(await balances({ billId: "bil_imp_1" })).not.toEqual({});

    const billing = rolledBack(EventTypes.BalancesImportRolledBack, [arrears.id]);
    const payments = rolledBack(EventTypes.DepositsImportRolledBack, [deposit.id]);
    expect(await reverseRolledBackImport(h.deps, billing)).toEqual({ reversed: 1, dropped: 0 });
    expect(await reverseRolledBackImport(h.deps, payments)).toEqual({ reversed: 1, dropped: 0 });
    // Redelivered: nothing more.
    expect(await reverseRolledBackImport(h.deps, billing)).toEqual({ reversed: 0, dropped: 0 });

    const appended = await h.deps.db.feedItem.findMany({
      where: { orgId: h.orgId, position: { gt: before } },
      orderBy: { position: "asc" },
    });
    expect(appended.map((r) => [r.kind, r.billId, Number(r.amountMinor)])).toEqual([
      ["import.rolled_back", "bil_imp_1", -90_000],
      ["import.rolled_back", null, -1_300_000],
    ]);
    const original = await h.deps.db.feedItem.findUniqueOrThrow({ where: { eventId: arrears.id } });
    expect(appended[0]!.data).toEqual({
      batchId: "imp_1",
      reverses: { eventId: arrears.id, position: Number(original.position), kind: "bill.issued" },
    });
    expect(appended[0]!.occurredAt).toEqual(new Date(billing.occurredAt));
    // Every account of the import's objects is back at zero; the other lease's bill stands.
    for (const where of [{ billId: "bil_imp_1" }, { leaseId: "lea_imp" }]) {
      expect(Object.values(await balances(where)).every((v) => v === 0)).toBe(true);
    }
    expect(Object.values(await balances({ billId: "bil_other" }))).toContain(650_000);
  });

  it("drops an event of the import that arrives after the rollback", async () => {
    const late = billIssued({ ...at, leaseId: "lea_late" }, "bil_late", 10_000);
    expect(
      await reverseRolledBackImport(
        h.deps,
        rolledBack(EventTypes.BalancesImportRolledBack, [late.id], h.orgId, "imp_2"),
      ),
    ).toEqual({ reversed: 0, dropped: 1 });
    expect(await recordChange(h.deps, late)).toBe("duplicate");
    expect(await h.deps.db.feedItem.findUnique({ where: { eventId: late.id } })).toBeNull();
  });

  it("touches only the rollback's organisation", async () => {
    const theirs = billIssued({ ...at, orgId: "org_other" }, "bil_theirs", 5_000);
    await recordChange(h.deps, theirs);
    const result = await reverseRolledBackImport(
      h.deps,
      rolledBack(EventTypes.BalancesImportRolledBack, [theirs.id], h.orgId, "imp_3"),
    );
    expect(result.reversed).toBe(0);
    expect(
      await h.deps.db.feedItem.count({ where: { orgId: "org_other", kind: "import.rolled_back" } }),
    ).toBe(0);
  });

  it("refuses a part that does not match its schema", async () => {
    const bad = newEvent(
      EventTypes.BalancesImportRolledBack,
      { orgId: h.orgId, siteId: h.siteA, actor: "usr_manager" },
      { batchId: "imp_4", eventIds: ["not-a-uuid"] },
    );
    await expect(reverseRolledBackImport(h.deps, bad)).rejects.toMatchObject({ kind: "invalid" });
  });
});
