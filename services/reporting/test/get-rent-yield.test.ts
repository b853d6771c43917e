import type { DomainError } from "@slms/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { getRentYield } from "../src/use-cases/get-rent-yield.ts";
import { billHistory, event, hq, leaseEvent, readModels, siteCreated } from "./support.ts";

// Units: U1 building B1, office, 100 m², list 10,000 a month; U2 B1 shop 50 m², list 6,000;
// U3 B2 office 50 m², list 5,000. Lease LA lets U1 and U2 with a June bill of 15,000; lease LB
// lets U3 with a quarterly bill of 15,000 for June to August (92 days). Worked by hand below.
let models: Awaited<ReturnType<typeof readModels>>;

const unit = (unitId: string, buildingId: string, kind: string, area: string, list: number) =>
  event("assets.unit.created", "sit_y", {
    unitId,
    siteId: "sit_y",
    buildingId,
    code: unitId,
    name: unitId,
    kind,
    grossAreaM2: area,
    usableAreaM2: area,
    listRentMonthlyMinor: list,
    currency: "CNY",
    status: "leased",
  });

beforeAll(async () => {
  models = await readModels("rent_yield");
  const apply = (e: Parameters<typeof applyEvent>[1]) => applyEvent(models.deps, e);
  await apply(siteCreated("sit_y", "Asia/Shanghai"));
  await apply(unit("U1", "B1", "office", "100.00", 10_000));
  await apply(unit("U2", "B1", "shop", "50.00", 6_000));
  await apply(unit("U3", "B2", "office", "50.00", 5_000));
  const lease = (leaseId: string, unitIds: string[]) =>
    leaseEvent("contracts.lease.activated", "sit_y", leaseId, {
      unitIds,
      startDate: "2026-06-01",
      endDate: "2027-05-31",
      rent: { kind: "per_period", amountMinor: 15_000 },
    });
  await apply(lease("LA", ["U1", "U2"]));
  await apply(lease("LB", ["U3"]));
  const bill = (id: string, leaseId: string, periodStart: string, periodEnd: string) => {
    const issued = billHistory("sit_y", id, {
      amountMinor: 15_000,
      dueDate: periodStart,
      periodStart,
      leaseId,
    }).issued();
    return { ...issued, data: { ...(issued.data as object), periodEnd } };
  };
  await apply(bill("ya", "LA", "2026-06-01", "2026-06-30"));
  await apply(bill("yb", "LB", "2026-06-01", "2026-08-31"));
  // Not rent: left out.
  await apply(
    billHistory("sit_y", "ym", {
      amountMinor: 99_999,
      dueDate: "2026-06-01",
      leaseId: "LA",
      feeCode: "mgmt",
    }).issued(),
  );
});
afterAll(async () => {
  await models?.close();
});

describe("GetRentYield", () => {
  it("shares each rent bill over its days and its units' area, against list rent", async () => {
    const lines = await getRentYield(models.deps, hq, "sit_y", {
      fromMonth: "2026-06",
      toMonth: "2026-07",
    });
    expect(
      lines.map((l) => [
        l.month,
        l.dimension,
        l.key,
        l.units,
        Number(l.areaHundredths),
        Number(l.billedRentMinor),
        Number(l.rentPerM2MonthMinor),
        Number(l.listRentPerM2MonthMinor),
        l.yieldBp,
      ]),
    ).toEqual([
      // June: U1 10,000 + U2 5,000 (LA by area) + U3 15,000 × 30/92 = 4,891.30 → 19,891 over 200 m²
      // = 99.46 → 99 per m²; list 21,000 / 200 = 105; 19,891 / 21,000 = 94.72%.
      ["2026-06", "total", null, 3, 20_000, 19_891, 99, 105, 9472],
      ["2026-06", "building", "B1", 2, 15_000, 15_000, 100, 107, 9375],
      ["2026-06", "building", "B2", 1, 5_000, 4_891, 98, 100, 9782],
      ["2026-06", "kind", "office", 2, 15_000, 14_891, 99, 100, 9927],
      ["2026-06", "kind", "shop", 1, 5_000, 5_000, 100, 120, 8333],
      // July: only LB's quarter, 15,000 × 31/92 = 5,054.35 → 5,054.
      ["2026-07", "total", null, 1, 5_000, 5_054, 101, 100, 10108],
      ["2026-07", "building", "B2", 1, 5_000, 5_054, 101, 100, 10108],
      ["2026-07", "kind", "office", 1, 5_000, 5_054, 101, 100, 10108],
    ]);
  });

  it("refuses a month range over 24 months, naming it", async () => {
    const error = (await getRentYield(models.deps, hq, undefined, {
      fromMonth: "2024-01",
      toMonth: "2026-01",
    }).catch((e: unknown) => e)) as DomainError;
    expect([error.kind, error.details.map((d) => d.field)]).toEqual(["invalid", ["toMonth"]]);
  });
});
