import type { BillingRunCompletedV1 } from "@slms/contracts";
import { RUN_BUCKETS, startTelemetry, type Telemetry } from "@slms/telemetry";
import { bucketBounds, findSamples, scrapeHandler } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;
let telemetry: Telemetry;

beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: "billing" });
  h = await startHarness("start_billing_run");
});

afterAll(async () => {
  await h?.close();
  await telemetry?.close();
});

describe("StartBillingRun", () => {
  it("bills only the request's site", async () => {
    const here = h.lease({ months: 2 });
    const there = h.lease({ months: 2, site: h.otherSiteId });
    await h.publish(EventTypes.LeaseActivated, here);
    await h.publish(EventTypes.LeaseActivated, there);
    const { run } = await h.billing.StartBillingRun(
      { siteId: h.siteId, targetDate: "2026-02-15", wait: true },
      { caller: h.staffAt(h.siteId) },
    );
    expect(run).toMatchObject({ siteId: h.siteId, status: "completed", issued: 2 });
    expect(await h.db.bill.count({ where: { leaseId: there.leaseId } })).toBe(0);
    const elsewhere = await failure(
      h.billing.StartBillingRun(
        { siteId: h.otherSiteId, targetDate: "2026-02-15" },
        { caller: h.staffAt(h.siteId) },
      ),
    );
    expect(elsewhere.kind).toBe("not_found");
  });

  it("without a site, bills every site in the caller's scope and no other", async () => {
    const here = h.lease({ months: 1, start: "2026-05-01" });
    const there = h.lease({ months: 1, start: "2026-05-01", site: h.otherSiteId });
    await h.publish(EventTypes.LeaseActivated, here);
    await h.publish(EventTypes.LeaseActivated, there);
    const { run } = await h.billing.StartBillingRun(
      { targetDate: "2026-05-15", wait: true },
      { caller: h.staffAt(h.otherSiteId) },
    );
    expect(run).toMatchObject({ status: "completed" });
    expect(await h.db.bill.count({ where: { leaseId: there.leaseId } })).toBe(1);
    expect(await h.db.bill.count({ where: { leaseId: here.leaseId } })).toBe(0);
    // Another organisation's run bills none of these leases.
    await h.billing.StartBillingRun(
      { targetDate: "2026-05-15", wait: true },
      { caller: { ...h.hq, orgId: "org_stranger" } },
    );
    expect(await h.db.bill.count({ where: { leaseId: here.leaseId } })).toBe(0);
    const { run: all } = await h.billing.StartBillingRun(
      { targetDate: "2026-05-15", wait: true },
      { caller: h.hq },
    );
    expect(all).toMatchObject({ status: "completed" });
    expect(await h.db.bill.count({ where: { leaseId: here.leaseId } })).toBe(1);
    const nowhere = await failure(
      h.billing.StartBillingRun({ targetDate: "2026-05-15" }, { caller: { ...h.hq, siteIds: [] } }),
    );
    expect([nowhere.kind, fieldsOf(nowhere)]).toEqual(["invalid", ["siteId"]]);
  });

  it("feeds the billing metrics: run duration by outcome, bills issued, last completed run", async () => {
    const value = async (name: string, labels: Record<string, string> = {}) =>
      findSamples(await scrapeHandler(telemetry.metricsHandler), name, {
        service: "billing",
        ...labels,
      })[0]?.value ?? 0;
    const completed = { outcome: "completed" };
    const runsBefore = await value("slms_billing_run_duration_seconds_count", completed);
    const issuedBefore = await value("slms_billing_bills_issued_total");
    const startedAt = Date.now() / 1000;

    const lease = h.lease({ months: 3, start: "2026-07-01" });
    await h.publish(EventTypes.LeaseActivated, lease);
    const { run } = await h.billing.StartBillingRun(
      { siteId: h.siteId, targetDate: "2026-09-15", wait: true },
      { caller: h.hq },
    );
    expect(run).toMatchObject({ status: "completed", issued: 3 });

    const samples = await scrapeHandler(telemetry.metricsHandler);
    const at = (name: string, labels: Record<string, string> = {}) =>
      findSamples(samples, name, { service: "billing", ...labels })[0]?.value;
    expect(at("slms_billing_run_duration_seconds_count", completed)).toBe(runsBefore + 1);
    expect(at("slms_billing_bills_issued_total")).toBe(issuedBefore + 3);
    expect(
      bucketBounds(samples, "slms_billing_run_duration_seconds", {
        service: "billing",
        ...completed,
      }),
    ).toEqual([...RUN_BUCKETS.map(String), "+Inf"]);
    const last = at("slms_billing_last_run_completed_timestamp_seconds");
    expect(last).toBeGreaterThanOrEqual(Math.floor(startedAt));
    expect(last).toBeLessThanOrEqual(Date.now() / 1000);
  });

  it("a dry run of some leases counts, sums and lists only their bills, and tells how many of them billing holds", async () => {
    const first = h.lease({ months: 3, start: "2027-03-01", rentMinor: 123_401 });
    const second = h.lease({ months: 3, start: "2027-03-01", rentMinor: 200_000 });
    const other = h.lease({ months: 3, start: "2027-03-01", rentMinor: 999_999 });
    const elsewhere = h.lease({ months: 3, start: "2027-03-01", site: h.otherSiteId });
    for (const lease of [first, second, other, elsewhere])
      await h.publish(EventTypes.LeaseActivated, lease);
    // Another site's lease named here is neither counted, listed nor said to be held.
    const leaseIds = [first.leaseId, second.leaseId, "lea_not_heard_of_yet", elsewhere.leaseId];
    const answer = await h.billing.StartBillingRun(
      { siteId: h.siteId, targetDate: "2027-04-15", dryRun: true, leaseIds },
      { caller: h.staffAt(h.siteId) },
    );
    // March and April of each of the two: four bills, 2 × (123,401 + 200,000) by hand.
    expect(answer.run).toMatchObject({ dryRun: true, total: 4, issued: 0 });
    expect(answer.previewAmountMinor).toBe(646_802);
    expect(answer.previewLeases).toBe(2);
    expect(answer.leasesKnown).toBe(2);
    expect(new Set(answer.preview.map((b) => b.leaseId))).toEqual(
      new Set([first.leaseId, second.leaseId]),
    );
    expect(await h.db.bill.count({ where: { leaseId: { in: leaseIds } } })).toBe(0);
    // Without lease ids, the whole site's dry run includes the third lease.
    const site = await h.billing.StartBillingRun(
      { siteId: h.siteId, targetDate: "2027-04-15", dryRun: true },
      { caller: h.staffAt(h.siteId) },
    );
    expect(site.preview.some((b) => b.leaseId === other.leaseId)).toBe(true);
    expect(site.leasesKnown).toBe(0);
  });

  it("takes lease ids only for a dry run of one site, naming leaseIds", async () => {
    for (const request of [
      { siteId: h.siteId, targetDate: "2027-04-15", leaseIds: ["lea_x"] },
      { targetDate: "2027-04-15", dryRun: true, leaseIds: ["lea_x"] },
    ]) {
      const error = await failure(h.billing.StartBillingRun(request, { caller: h.hq }));
      expect([error.kind, fieldsOf(error)]).toEqual(["invalid", ["leaseIds"]]);
    }
    const tooLong = await failure(
      h.billing.StartBillingRun(
        { siteId: h.siteId, targetDate: "2027-04-15", dryRun: true, leaseIds: ["x".repeat(101)] },
        { caller: h.hq },
      ),
    );
    expect(fieldsOf(tooLong)[0]).toMatch(/^leaseIds/);
  });

  it("refuses target dates outside 2000-01-01 … 2099-12-31, naming targetDate", async () => {
    for (const targetDate of ["1999-12-31", "2100-01-01", "9999-12-31"]) {
      const error = await failure(
        h.billing.StartBillingRun({ siteId: h.siteId, targetDate, dryRun: true }, { caller: h.hq }),
      );
      expect([error.kind, fieldsOf(error)]).toEqual(["invalid", ["targetDate"]]);
    }
  });
});

describe("StartBillingRun: billing.run.completed", () => {
  const announced = (runId: string) =>
    h.events
      .filter((e) => e.type === EventTypes.BillingRunCompleted)
      .filter((e) => (e.data as BillingRunCompletedV1).runId === runId);

  it("announces a site's run once it finished, with what it issued", async () => {
    const lease = h.lease({ months: 2, start: "2026-08-01", rentMinor: 300_000 });
    await h.publish(EventTypes.LeaseActivated, lease);
    const { run } = await h.billing.StartBillingRun(
      { siteId: h.siteId, targetDate: "2026-09-15", wait: true },
      { caller: h.staffAt(h.siteId, "usr_finance") },
    );
    await h.settled();
    const [event, ...more] = announced(run!.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      siteId: h.siteId,
      actor: "usr_finance",
      data: {
        runId: run!.id,
        siteId: h.siteId,
        siteIds: [h.siteId],
        targetDate: "2026-09-15",
        failed: false,
        issued: run!.issued,
        issuedMinor: run!.issuedMinor,
        startedBy: "usr_finance",
        finishedAt: run!.finishedAt,
      },
    });
    const data = event!.data as BillingRunCompletedV1;
    expect(data.issued).toBeGreaterThanOrEqual(2);
    expect(data.totals).toEqual([
      { currency: "CNY", issued: data.issued, issuedMinor: data.issuedMinor },
    ]);
    // Nothing left to bill: a run that issues nothing is announced too, with zero counts.
    const { run: again } = await h.billing.StartBillingRun(
      { siteId: h.siteId, targetDate: "2026-09-15", wait: true },
      { caller: h.hq },
    );
    await h.settled();
    expect(announced(again!.id).map((e) => (e.data as BillingRunCompletedV1).totals)).toEqual([[]]);
  });

  it("announces a run over every site with no site, listing the sites it covered", async () => {
    const { run } = await h.billing.StartBillingRun(
      { targetDate: "2026-09-15", wait: true },
      { caller: h.hq },
    );
    await h.settled();
    const [event] = announced(run!.id);
    expect(event!.siteId).toBeNull();
    expect((event!.data as BillingRunCompletedV1).siteIds).toEqual(
      [h.siteId, h.otherSiteId].sort(),
    );
  });

  it("announces no dry run", async () => {
    const { run } = await h.billing.StartBillingRun(
      { siteId: h.siteId, targetDate: "2026-12-31", dryRun: true },
      { caller: h.hq },
    );
    await h.settled();
    expect(announced(run!.id)).toEqual([]);
  });
});
