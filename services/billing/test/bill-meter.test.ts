import { MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("bill_meter");
});

afterAll(async () => {
  await h?.close();
});

/** A leased unit of the site with an electricity meter read on 2026-02-28 and 2026-03-31. */
async function meteredUnit(code: string, siteId: string, march: number) {
  const unitId = await h.unit(siteId);
  await h.publish(
    EventTypes.LeaseActivated,
    h.lease({ months: 12, unitIds: [unitId], site: siteId }),
  );
  for (const [readingDate, valueMilli] of [
    ["2026-02-28", 0],
    ["2026-03-31", march],
  ] as const) {
    await h.billing.RecordMeterReading(
      {
        siteId,
        meterCode: code,
        kind: "electricity",
        unitId,
        sharedUnitIds: [],
        readingDate,
        valueMilli,
      },
      { caller: h.hq },
    );
  }
}

const bill = (meterCode: string, fields: Record<string, unknown> = {}, siteId = h.siteId) =>
  h.billing.BillMeter(
    {
      siteId,
      meterCode,
      fromDate: "2026-02-28",
      toDate: "2026-03-31",
      unitPriceMinor: 100,
      totalCostMinor: 0,
      ...fields,
    },
    { caller: h.hq },
  );

describe("BillMeter", () => {
  it("answers a meter of another site NOT_FOUND", async () => {
    await meteredUnit("E-B", h.otherSiteId, 100_000);
    expect((await failure(bill("E-B"))).kind).toBe("not_found");
    expect((await bill("E-B", {}, h.otherSiteId)).totalMinor).toBe(10_000);
  });

  it("bills no more than MAX_AMOUNT_MINOR: a bigger cost is invalid naming unitPriceMinor", async () => {
    // 1,000,000,000 kWh.
    await meteredUnit("E-BIG", h.siteId, 1_000_000_000_000);
    const error = await failure(bill("E-BIG", { unitPriceMinor: 101 }));
    expect([error.kind, fieldsOf(error)]).toEqual(["invalid", ["unitPriceMinor"]]);
    const most = await bill("E-BIG", { unitPriceMinor: 100 });
    expect(most.totalMinor).toBe(MAX_AMOUNT_MINOR);
  });

  it("refuses amounts and dates outside the bounds, naming them", async () => {
    await meteredUnit("E-X", h.siteId, 100_000);
    for (const [fields, field] of [
      [{ unitPriceMinor: MAX_AMOUNT_MINOR + 1 }, "unitPriceMinor"],
      [{ totalCostMinor: MAX_AMOUNT_MINOR + 1 }, "totalCostMinor"],
      [{ totalCostMinor: -1 }, "totalCostMinor"],
      [{ fromDate: "1999-12-31" }, "fromDate"],
      [{ toDate: "2100-01-01" }, "toDate"],
    ] as const) {
      const error = await failure(bill("E-X", fields));
      expect([error.kind, fieldsOf(error)]).toEqual(["invalid", [field]]);
    }
  });
});
