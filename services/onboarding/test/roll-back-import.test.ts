import type { Caller } from "@slms/grpc";
import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventsOfSite, holdings, newSite, validated } from "./go-live.ts";
import { type Harness, startHarness } from "./harness.ts";

// A committed go-live rolled back as a whole: every owning service removes its part and
// announces it, the site is as before (the same workbook goes in again); refused, with nothing
// removed, once anything happened to the import's objects; finished when stopped midway.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("roll_back_import");
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const none = { units: 0, customers: 0, leases: 0, bills: 0, payments: 0 };

/** A site with the small go-live committed, and billing told of its leases. */
async function committedSite(code: string) {
  const { siteId, manager } = await newSite(h, code);
  const job = await validated(h, siteId, code, manager);
  const { import: done } = await h.onboarding.CommitImport(
    { siteId, importId: job.id, wait: true },
    { caller: manager },
  );
  expect(done).toMatchObject({ status: "committed", differences: [] });
  // Billing heard of both leases (their first bills can be previewed).
  await waitFor(async () => {
    const r = await h.onboarding.GetFirstBills({ siteId, importId: job.id }, { caller: manager });
    return r.leasesBilled === 2 ? r : null;
  });
  return { siteId, manager, importId: job.id };
}

const rollBack = (siteId: string, importId: string, caller: Caller) =>
  h.onboarding.RollBackImport({ siteId, importId }, { caller }).then((r) => r.import!);

describe("a committed import rolled back", () => {
  it("leaves nothing of it anywhere, announces it per service, and the workbook goes in again", async () => {
    const { siteId, manager, importId } = await committedSite("RB-OK");
    expect(await holdings(h, siteId)).toMatchObject({
      units: 3,
      customers: 2,
      leases: 2,
      bills: 2,
    });

    const rolled = await rollBack(siteId, importId, manager);
    expect(rolled).toMatchObject({ status: "rolled_back", error: "", rolledBackBy: "usr_manager" });
    expect(rolled.rolledBackAt).not.toBe("");
    expect(rolled.steps.filter((s) => s.name.startsWith("rollback."))).toEqual(
      ["deposits", "balances", "leases", "customers", "units"].map((step) => ({
        name: `rollback.${step}`,
        state: "done",
        rowsDone: 1,
        rowsTotal: 1,
      })),
    );
    expect(await holdings(h, siteId)).toEqual(none);
    // Each service announced what it removed: the import's objects by kind.
    const announced = await waitFor(() => {
      const found = eventsOfSite(h, siteId).filter((e) => e.type.endsWith(".import.rolled_back"));
      return found.length >= 5 ? found : null;
    });
    expect(announced.map((e) => e.type).sort()).toEqual([
      "assets.import.rolled_back",
      "billing.import.rolled_back",
      "contracts.import.rolled_back",
      "customers.import.rolled_back",
      "payments.import.rolled_back",
    ]);
    const objects = (type: string, kind: string) =>
      announced
        .filter((e) => e.type === type)
        .flatMap((e) => (e.data.objects as Record<string, string[]>)[kind] ?? []);
    expect(objects("assets.import.rolled_back", "unit")).toHaveLength(3);
    expect(objects("customers.import.rolled_back", "customer")).toHaveLength(2);
    expect(objects("contracts.import.rolled_back", "lease")).toHaveLength(2);
    expect(objects("billing.import.rolled_back", "bill")).toHaveLength(2);
    expect(objects("payments.import.rolled_back", "deposit")).toHaveLength(1);
    // Assets says when its batch went out (reporting corrects the occupancy of the days since).
    const assets = announced.filter((e) => e.type === "assets.import.rolled_back");
    expect(assets.map((e) => e.data)).toEqual([
      expect.objectContaining({ releasedAt: expect.any(String) }),
    ]);
    expect(Date.parse(assets[0]!.data.releasedAt as string)).toBeLessThan(
      Date.parse(rolled.rolledBackAt),
    );
    // Billing forgot the leases: a billing run through the go-live month bills nothing.
    const run = await h
      .owners()
      .billing.StartBillingRun(
        { siteId, targetDate: "2026-01-31", dryRun: true, wait: true },
        { caller: manager },
      );
    expect(run.preview).toEqual([]);

    // Again: the import as it is.
    expect(await rollBack(siteId, importId, manager)).toMatchObject({ status: "rolled_back" });
    // The site is as before: the same workbook is valid and commits again.
    const again = await validated(h, siteId, "RB-OK", manager);
    expect(again.status).toBe("validated");
    const { import: recommitted } = await h.onboarding.CommitImport(
      { siteId, importId: again.id, wait: true },
      { caller: manager },
    );
    expect(recommitted).toMatchObject({ status: "committed", differences: [] });
  });

  it("is refused, removing nothing, once a payment was taken for one of its leases", async () => {
    const { siteId, manager, importId } = await committedSite("RB-PAY");
    const leases = await h
      .owners()
      .contracts.ListLeases({ siteId, pageSize: 10, pageToken: "" }, { caller: manager });
    const lease = leases.leases[0]!;
    await h.owners().payments.RecordPayment(
      {
        siteId,
        requestId: "rb-pay-1",
        customerId: lease.customerId,
        leaseId: lease.id,
        method: "PAYMENT_METHOD_CASH",
        amountMinor: 10_000,
        receivedAt: "2026-01-02T10:00:00+08:00",
        payer: "",
        reference: "",
        billIds: [],
        recordedByName: "cashier",
      },
      { caller: { ...manager, roles: ["cashier"] } },
    );
    const before = await holdings(h, siteId);
    // Payments (checked first) names the payment; nothing says it twice.
    await expect(rollBack(siteId, importId, manager)).rejects.toMatchObject({
      kind: "conflict",
      message: expect.stringMatching(
        /^the import cannot be rolled back: deposits \(payments\): payment \S+ \(receipt .+\) was recorded for customer /,
      ),
      details: [{ field: "importId", message: expect.stringMatching(/^deposits: payment /) }],
    });
    expect(await holdings(h, siteId)).toEqual(before);
    const { import: still } = await h.onboarding.GetImport(
      { siteId, importId },
      { caller: manager },
    );
    expect(still!.status).toBe("committed");
    expect(eventsOfSite(h, siteId).filter((e) => e.type.endsWith(".import.rolled_back"))).toEqual(
      [],
    );
  });

  it("is refused once a billing run billed its leases", async () => {
    const { siteId, manager, importId } = await committedSite("RB-RUN");
    const run = await h
      .owners()
      .billing.StartBillingRun(
        { siteId, targetDate: "2026-01-31", dryRun: false, wait: true },
        { caller: manager },
      );
    expect(run.run?.issued ?? 0).toBeGreaterThan(0);
    const before = await holdings(h, siteId);
    await expect(rollBack(siteId, importId, manager)).rejects.toMatchObject({
      kind: "conflict",
      message: expect.stringContaining("balances (billing)"),
    });
    expect(await holdings(h, siteId)).toEqual(before);
  });

  it("is refused for an import not committed, and not found outside the caller's sites", async () => {
    const { siteId, manager } = await newSite(h, "RB-VAL");
    const job = await validated(h, siteId, "RB-VAL", manager);
    await expect(rollBack(siteId, job.id, manager)).rejects.toMatchObject({ kind: "conflict" });
    const other = { ...manager, siteIds: [h.otherSiteId] };
    await expect(rollBack(siteId, job.id, other)).rejects.toMatchObject({ kind: "not_found" });
    await expect(rollBack(h.otherSiteId, job.id, other)).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(rollBack(siteId, "", manager)).rejects.toMatchObject({ kind: "invalid" });
  });
});

describe("a rollback stopped midway", () => {
  it("stays rolling_back with the reason, and is finished by the sweep (or calling again)", async () => {
    const { siteId, manager, importId } = await committedSite("RB-MID");
    // As if the checks had passed and the process went on while assets (the last part) is down.
    await h.service.deps.db.importJob.update({
      where: { id: importId },
      data: { status: "rolling_back" },
    });
    await h.stop("assets");
    try {
      await expect(rollBack(siteId, importId, manager)).rejects.toMatchObject({
        kind: "unavailable",
      });
      const { import: stopped } = await h.onboarding.GetImport(
        { siteId, importId },
        { caller: manager },
      );
      expect(stopped!.status).toBe("rolling_back");
      expect(stopped!.error).not.toBe("");
      expect(
        stopped!.steps.filter((s) => s.name.startsWith("rollback.")).map((s) => s.state),
      ).toEqual(["done", "done", "done", "done", "failed"]);
    } finally {
      await h.restart("assets");
    }
    await h.owners().assets.waitForReady(10_000);
    const db = h.service.deps.db;
    // The sweep finishes it once no request has worked it for a while.
    await db.importJob.update({
      where: { id: importId },
      data: { updatedAt: new Date(Date.now() - 10 * 60_000) },
    });
    expect(await h.service.resumeImports()).toBe(1);
    const finished = await waitFor(async () => {
      const job = await db.importJob.findUniqueOrThrow({ where: { id: importId } });
      return job.status === "rolled_back" ? job : null;
    });
    expect(finished).toMatchObject({ error: null, rolledBackBy: "usr_manager" });
    expect(await holdings(h, siteId)).toEqual(none);
    expect(await rollBack(siteId, importId, manager)).toMatchObject({ status: "rolled_back" });
  });

  it("stays rolling_back when the first part's answer is lost, and committed when it refused", async () => {
    const { siteId, manager, importId } = await committedSite("RB-FIRST");
    const db = h.service.deps.db;
    const rollingBack = () =>
      db.importJob.update({ where: { id: importId }, data: { status: "rolling_back" } });
    const status = async () =>
      (await db.importJob.findUniqueOrThrow({ where: { id: importId } })).status;
    // Payments unreachable: its part may or may not have gone, so the import stays rolling_back.
    await rollingBack();
    await h.stop("payments");
    try {
      await expect(rollBack(siteId, importId, manager)).rejects.toMatchObject({
        kind: "unavailable",
      });
      expect(await status()).toBe("rolling_back");
    } finally {
      await h.restart("payments");
    }
    await h.owners().payments.waitForReady(10_000);
    // A payment taken meanwhile: payments refuses, nothing was removed — committed as it was.
    const { leases } = await h
      .owners()
      .contracts.ListLeases({ siteId, pageSize: 10, pageToken: "" }, { caller: manager });
    await h.owners().payments.RecordPayment(
      {
        siteId,
        requestId: "rb-first-1",
        customerId: leases[0]!.customerId,
        leaseId: leases[0]!.id,
        method: "PAYMENT_METHOD_CASH",
        amountMinor: 10_000,
        receivedAt: "2026-01-02T10:00:00+08:00",
        payer: "",
        reference: "",
        billIds: [],
        recordedByName: "cashier",
      },
      { caller: { ...manager, roles: ["cashier"] } },
    );
    await expect(rollBack(siteId, importId, manager)).rejects.toMatchObject({ kind: "conflict" });
    const job = await db.importJob.findUniqueOrThrow({ where: { id: importId } });
    expect(job).toMatchObject({ status: "committed", error: expect.stringContaining("payments") });
    expect((job.steps as { name: string }[]).some((s) => s.name.startsWith("rollback."))).toBe(
      false,
    );
    expect(await holdings(h, siteId)).toMatchObject({ units: 3, customers: 2, leases: 2 });
  });
});
