import type { DomainError } from "@slms/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vacancy } from "../src/domain/occupancy.ts";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { getDashboard } from "../src/use-cases/get-dashboard.ts";
import {
  event,
  hq,
  leaseEvent,
  paymentEvent,
  readModels,
  siteCreated,
  staffAt,
  statusChanged,
  unitCreated,
} from "./support.ts";

// The clock stands at 2026-06-15T04:00Z: 15 June in Shanghai.
let models: Awaited<ReturnType<typeof readModels>>;
beforeAll(async () => {
  models = await readModels("dashboard");
  const apply = (e: Parameters<typeof applyEvent>[1]) => applyEvent(models.deps, e);
  await apply(siteCreated("sit_d", "Asia/Shanghai"));
  await apply(unitCreated("sit_d", "d1", { area: "60" }));
  await apply(unitCreated("sit_d", "d2", { area: "40" }));
  await apply(statusChanged("sit_d", "d1", "vacant", "leased", "2026-06-03T00:00:00.000Z"));
  const activated = "contracts.lease.activated" as const;
  await apply(
    leaseEvent(activated, "sit_d", "LD1", {
      unitIds: ["d1"],
      startDate: "2025-09-01",
      endDate: "2026-08-13", // 59 days left
      rent: { kind: "per_period", amountMinor: 600_000 },
    }),
  );
  await apply(
    leaseEvent(activated, "sit_d", "LD2", {
      unitIds: ["d2"],
      startDate: "2026-01-01",
      endDate: "2026-12-31",
      rent: { kind: "per_period", amountMinor: 400_000 },
    }),
  );
  await apply(
    event(
      "payments.deposit.received",
      "sit_d",
      {
        entryId: "e1",
        siteId: "sit_d",
        leaseId: "LD1",
        customerId: "cus_1",
        type: "received",
        amountMinor: 1_200_000,
        heldMinor: 1_200_000,
        currency: "CNY",
      },
      "2026-06-02T00:00:00.000Z",
    ),
  );
  const recorded = "payments.payment.recorded" as const;
  // 31 May 17:00Z is 1 June in Shanghai: this month. 31 May 15:00Z is still May there.
  await apply(
    paymentEvent(recorded, "sit_d", "pd1", {
      amountMinor: 600_000,
      receivedAt: "2026-05-31T17:00:00Z",
    }),
  );
  await apply(
    paymentEvent(recorded, "sit_d", "pd2", {
      amountMinor: 90_000,
      receivedAt: "2026-05-31T15:00:00Z",
    }),
  );
  await apply(
    paymentEvent(recorded, "sit_d", "pd3", {
      amountMinor: 5_000,
      receivedAt: "2026-06-10T00:00:00Z",
    }),
  );
  await apply(
    paymentEvent("payments.payment.reversed", "sit_d", "pd3", {
      amountMinor: 5_000,
      receivedAt: "2026-06-10T00:00:00Z",
    }),
  );
  await apply(unitCreated("sit_e", "e1", { area: "10" }));
});
afterAll(async () => {
  await models?.close();
});

describe("getDashboard", () => {
  it("gives each site's headline figures and their total", async () => {
    const { sites, total } = await getDashboard(models.deps, hq, undefined);
    expect(sites.map((s) => s.siteId)).toEqual(["sit_d", "sit_e"]);
    const d = sites[0]!;
    expect(d).toMatchObject({
      activeLeases: 2,
      monthlyRentMinor: 1_000_000n,
      expiringIn90Days: 1,
      depositsHeldMinor: 1_200_000n,
      collectedThisMonthMinor: 600_000n,
      // The newest event, the letting of 3 June, is 12 days old: the site went quiet.
      quiet: true,
    });
    expect(d.lastEventAt?.toISOString()).toBe("2026-06-03T00:00:00.000Z");
    expect(vacancy(d.occupancy)).toEqual({ unitsBp: 5000, areaBp: 4000 });
    expect(total).toMatchObject({
      siteId: null,
      activeLeases: 2,
      collectedThisMonthMinor: 600_000n,
    });
    expect(total.occupancy.units.vacant).toBe(2);
  });

  it("keeps to the caller's sites", async () => {
    const { sites, total } = await getDashboard(models.deps, staffAt("sit_e"), undefined);
    expect(sites.map((s) => s.siteId)).toEqual(["sit_e"]);
    expect(total.monthlyRentMinor).toBe(0n);
    const hidden = await getDashboard(models.deps, staffAt("sit_e"), "sit_d").catch((e) => e);
    expect((hidden as DomainError).kind).toBe("not_found");
  });

  it("moves payments heard of before the site's time zone to the site's days once it is known", async () => {
    const apply = (e: Parameters<typeof applyEvent>[1]) => applyEvent(models.deps, e);
    // 31 May 17:00Z: still May in UTC, 1 June in Shanghai.
    await apply(
      paymentEvent("payments.payment.recorded", "sit_late", "pl1", {
        amountMinor: 70_000,
        receivedAt: "2026-05-31T17:00:00Z",
      }),
    );
    const before = await getDashboard(models.deps, hq, "sit_late");
    expect(before.sites[0]!.collectedThisMonthMinor).toBe(0n);
    await apply(siteCreated("sit_late", "Asia/Shanghai", "2026-06-14T00:00:00.000Z"));
    const after = await getDashboard(models.deps, hq, "sit_late");
    expect(after.sites[0]!.collectedThisMonthMinor).toBe(70_000n);
  });
});
