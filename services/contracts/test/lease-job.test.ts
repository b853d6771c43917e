import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLeaseJob } from "../src/use-cases/run-lease-job.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("lease_job");
});

afterAll(async () => {
  await h?.close();
});

const at = (date: string) => new Date(`${date}T12:00:00+08:00`);
const events = (type: string, leaseId: string) =>
  h.events.filter((e) => e.type === type && e.data.leaseId === leaseId);

describe("the lease job", () => {
  it("announces 90, 60 and 30 days left exactly once each, and expires the lease after its end", async () => {
    const draft = await h.draft({ startDate: "2026-01-01", endDate: "2027-06-30" });
    await h.leases.ActivateLease({ siteId: h.siteId, id: draft.id }, { caller: h.hq });
    const days = (e: { data: Record<string, unknown> }) => e.data.daysLeft;

    h.now.value = at("2027-03-31"); // 91 days left: nothing yet
    await runLeaseJob(h.contracts.deps);
    await h.settled();
    expect(events("contracts.lease.expiring", draft.id)).toHaveLength(0);

    h.now.value = at("2027-04-01"); // 90 days
    await Promise.all([runLeaseJob(h.contracts.deps), runLeaseJob(h.contracts.deps)]);
    await runLeaseJob(h.contracts.deps);
    await h.settled();
    expect(events("contracts.lease.expiring", draft.id).map(days)).toEqual([90]);

    h.now.value = at("2027-05-15"); // 46 days: 60 is due
    await runLeaseJob(h.contracts.deps);
    h.now.value = at("2027-05-31"); // 30 days
    await Promise.all([runLeaseJob(h.contracts.deps), runLeaseJob(h.contracts.deps)]);
    await h.settled();
    expect(events("contracts.lease.expiring", draft.id).map(days)).toEqual([90, 60, 30]);

    h.now.value = at("2027-06-30"); // the last day: still active
    await runLeaseJob(h.contracts.deps);
    expect(
      (await h.leases.GetLease({ siteId: h.siteId, id: draft.id }, { caller: h.hq })).lease!.status,
    ).toBe("LEASE_STATUS_ACTIVE");

    h.now.value = at("2027-07-01");
    const results = await Promise.all([
      runLeaseJob(h.contracts.deps),
      runLeaseJob(h.contracts.deps),
    ]);
    expect(results.reduce((n, r) => n + r.expired, 0)).toBe(1);
    expect(
      (await h.leases.GetLease({ siteId: h.siteId, id: draft.id }, { caller: h.hq })).lease!.status,
    ).toBe("LEASE_STATUS_EXPIRED");
    await h.settled();
    expect(events("contracts.lease.expired", draft.id)).toHaveLength(1);
    expect(
      await h.db.lease.findUnique({ where: { id: draft.id }, select: { releasePending: true } }),
    ).toEqual({ releasePending: false });
  });

  it("announces only the tightest threshold for a lease first seen late", async () => {
    const draft = await h.draft({ startDate: "2026-01-01", endDate: "2026-12-31" });
    await h.leases.ActivateLease({ siteId: h.siteId, id: draft.id }, { caller: h.hq });
    h.now.value = at("2026-11-20"); // 41 days left
    await runLeaseJob(h.contracts.deps);
    await h.settled();
    expect(events("contracts.lease.expiring", draft.id).map((e) => e.data.daysLeft)).toEqual([60]);
    expect(
      (
        await h.db.leaseAlert.findMany({ where: { leaseId: draft.id }, orderBy: { kind: "asc" } })
      ).map((a) => a.kind),
    ).toEqual(["expiring_60", "expiring_90"]);
  });

  it("retries a release that failed when the lease ended", async () => {
    const draft = await h.draft({ startDate: "2026-01-01", endDate: "2026-12-31" });
    await h.leases.ActivateLease({ siteId: h.siteId, id: draft.id }, { caller: h.hq });
    // As if the assets service had been unreachable at termination time.
    await h.db.lease.update({
      where: { id: draft.id },
      data: {
        status: "terminated",
        terminationDate: new Date("2026-03-31T00:00:00Z"),
        terminationReason: "test",
        releasePending: true,
      },
    });
    h.now.value = at("2026-04-02");
    const result = await runLeaseJob(h.contracts.deps);
    expect(result.released).toBeGreaterThanOrEqual(1);
    const { holds } = await h.assets.ListUnitHolds(
      { siteId: h.siteId, unitId: draft.unitIds[0]! },
      { caller: h.hq },
    );
    expect(holds).toEqual([]);
  });
});
