import type { DomainError } from "@slms/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { getLeaseExpiry } from "../src/use-cases/get-lease-expiry.ts";
import { event, hq, leaseEvent, readModels, siteCreated, staffAt, unitCreated } from "./support.ts";

// The clock stands at 2026-06-15T04:00Z: 15 June in Shanghai.
let models: Awaited<ReturnType<typeof readModels>>;
beforeAll(async () => {
  models = await readModels("lease_expiry");
  const apply = (e: Parameters<typeof applyEvent>[1]) => applyEvent(models.deps, e);
  await apply(siteCreated("sit_x", "Asia/Shanghai"));
  for (const [unit, area] of [
    ["u1", "100"],
    ["u2", "50"],
    ["u3", "25.50"],
    ["u5", "10"],
  ] as const) {
    await apply(unitCreated("sit_x", unit, { area }));
  }
  const activated = "contracts.lease.activated" as const;
  await apply(
    leaseEvent(activated, "sit_x", "L1", {
      unitIds: ["u1"],
      startDate: "2025-07-01",
      endDate: "2026-06-30",
      rent: { kind: "per_m2_month", rateMinorPerM2: 100, areaHundredths: 10_000 },
    }),
  );
  // L2's amendment (version 2) is heard of before its activation (version 1).
  await apply(
    leaseEvent("contracts.lease.amended", "sit_x", "L2", {
      unitIds: ["u2", "u3"],
      startDate: "2026-01-01",
      endDate: "2027-06-14",
      rent: { kind: "per_period", amountMinor: 16_000 },
      version: 2,
    }),
  );
  await apply(
    leaseEvent(activated, "sit_x", "L2", {
      unitIds: ["u2", "u3"],
      startDate: "2026-01-01",
      endDate: "2027-06-14",
      rent: { kind: "per_m2_month", rateMinorPerM2: 200, areaHundredths: 7_550 },
    }),
  );
  await apply(
    leaseEvent(activated, "sit_x", "L3", {
      unitIds: ["u_unknown"],
      startDate: "2026-02-01",
      endDate: "2029-01-31",
      rent: { kind: "per_period", amountMinor: 30_000 },
      frequency: "quarterly",
    }),
  );
  // Past its end date, not expired yet: it counts in the current month.
  await apply(
    leaseEvent(activated, "sit_x", "L5", {
      unitIds: ["u5"],
      startDate: "2025-06-01",
      endDate: "2026-06-01",
      rent: { kind: "per_period", amountMinor: 5_000 },
    }),
  );
  // Terminated (its termination heard of first) and expired leases are not active.
  const ref = (leaseId: string, unit: string) => ({
    leaseId,
    siteId: "sit_x",
    customerId: "cus_1",
    unitIds: [unit],
  });
  await apply(
    event("contracts.lease.terminated", "sit_x", {
      ...ref("L4", "u1"),
      terminationDate: "2026-05-31",
      reason: "moved out",
      penaltyMinor: 0,
      depositMinor: 0,
      finalPeriods: [],
      droppedPeriods: [],
      schedule: [],
    }),
  );
  await apply(
    leaseEvent(activated, "sit_x", "L4", {
      unitIds: ["u1"],
      startDate: "2025-01-01",
      endDate: "2026-12-31",
      rent: { kind: "per_period", amountMinor: 99_999 },
    }),
  );
  await apply(
    leaseEvent(activated, "sit_x", "L6", {
      unitIds: ["u2"],
      startDate: "2024-01-01",
      endDate: "2026-04-30",
      rent: { kind: "per_period", amountMinor: 77_777 },
    }),
  );
  await apply(
    event("contracts.lease.expired", "sit_x", { ...ref("L6", "u2"), endDate: "2026-04-30" }),
  );
});
afterAll(async () => {
  await models?.close();
});

describe("getLeaseExpiry", () => {
  it("profiles active leases by the month they end, with area, rent and WALE", async () => {
    const { sites, total } = await getLeaseExpiry(models.deps, hq, "sit_x", { months: 13 });
    expect(sites).toHaveLength(1);
    const site = sites[0]!;
    expect(site.activeLeases).toBe(4);
    const shown = (b: (typeof site.buckets)[number]) => [
      b.month,
      b.leases,
      Number(b.areaHundredths),
      Number(b.monthlyRentMinor),
    ];
    const nonEmpty = site.buckets.filter((b) => b.leases > 0).map(shown);
    expect(nonEmpty).toEqual([
      ["2026-06", 2, 11_000, 15_000], // L1 (30 June) and L5 (past its end)
      ["2027-06", 1, 7_550, 16_000], // L2 at its amended rent
      ["later", 1, 0, 10_000], // L3, quarterly 30,000 = 10,000 a month, units not known yet
    ]);
    expect(site.buckets.map((b) => b.month)).toEqual([
      ...Array.from({ length: 7 }, (_, i) => `2026-${String(i + 6).padStart(2, "0")}`),
      ...Array.from({ length: 6 }, (_, i) => `2027-${String(i + 1).padStart(2, "0")}`),
      "later",
    ]);
    // Days left: L1 15, L2 364, L3 961, L5 0.
    // By rent: (10,000×15 + 16,000×364 + 10,000×961) / 41,000 = 380.10 days = 1.04 years.
    expect(site.waleYearsByRent!.toFixed(2)).toBe("1.04");
    // By area: (10,000×15 + 7,550×364) / 18,550 = 156.24 days = 0.43 years.
    expect(site.waleYearsByArea!.toFixed(2)).toBe("0.43");
    expect(total.activeLeases).toBe(4);
    expect(total.waleYearsByRent!.toFixed(2)).toBe("1.04");
  });

  it("shows 24 months by default, refuses more than 60, and keeps to the caller's sites", async () => {
    const { sites } = await getLeaseExpiry(models.deps, hq, undefined, {});
    expect(sites[0]!.buckets).toHaveLength(25);
    const tooMany = await getLeaseExpiry(models.deps, hq, undefined, { months: 61 }).catch(
      (e) => e,
    );
    expect((tooMany as DomainError).details.map((d) => d.field)).toEqual(["months"]);
    const elsewhere = await getLeaseExpiry(models.deps, staffAt("sit_y"), undefined, {});
    expect(elsewhere.sites).toEqual([]);
    expect(elsewhere.total).toMatchObject({ activeLeases: 0, waleYearsByRent: null });
    const hidden = await getLeaseExpiry(models.deps, staffAt("sit_y"), "sit_x", {}).catch((e) => e);
    expect((hidden as DomainError).kind).toBe("not_found");
  });
});
