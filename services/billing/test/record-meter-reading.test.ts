import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordMeterReading } from "../src/use-cases/record-meter-reading.ts";
import { failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("record_meter_reading");
});

afterAll(async () => {
  await h?.close();
});

const read = (fields: {
  meterCode: string;
  unitId?: string;
  sharedUnitIds?: readonly string[];
  readingDate?: string;
  kind?: string;
}) =>
  h.billing.RecordMeterReading(
    {
      siteId: h.siteId,
      kind: "electricity",
      unitId: "",
      readingDate: "2026-03-31",
      valueMilli: 1_000,
      ...fields,
      sharedUnitIds: [...(fields.sharedUnitIds ?? [])],
    },
    { caller: h.hq },
  );

describe("RecordMeterReading", () => {
  it("answers units of another site NOT_FOUND naming the field, and creates no meter", async () => {
    const here = await h.unit();
    const there = await h.unit(h.otherSiteId);
    for (const [fields, field] of [
      [{ meterCode: "E-1", unitId: there }, "unitId"],
      [{ meterCode: "E-2", sharedUnitIds: [here, there] }, "sharedUnitIds.1"],
      [{ meterCode: "E-3", unitId: "unt_nowhere" }, "unitId"],
    ] as const) {
      const error = await failure(read(fields));
      expect([error.kind, fieldsOf(error)]).toEqual(["not_found", [field]]);
    }
    expect(await h.db.meter.count({ where: { siteId: h.siteId } })).toBe(0);
  });

  it("records readings of a meter only with the kind and units it measures", async () => {
    const [a, b] = [await h.unit(), await h.unit()];
    await read({ meterCode: "E-10", unitId: a, readingDate: "2026-02-28" });
    expect((await read({ meterCode: "E-10", unitId: a })).reading).toMatchObject({
      meterCode: "E-10",
      readingDate: "2026-03-31",
    });
    // A unit of another site is not found, as for a new meter.
    const elsewhere = await failure(
      read({ meterCode: "E-10", readingDate: "2026-04-30", unitId: await h.unit(h.otherSiteId) }),
    );
    expect([elsewhere.kind, fieldsOf(elsewhere)]).toEqual(["not_found", ["unitId"]]);
    for (const [fields, field] of [
      [{ unitId: b }, "unitId"],
      [{ unitId: "", sharedUnitIds: [a, b] }, "unitId"],
      [{ unitId: a, kind: "water" }, "kind"],
    ] as const) {
      const error = await failure(
        read({ meterCode: "E-10", readingDate: "2026-04-30", ...fields }),
      );
      expect(error.kind).toBe("invalid");
      expect(fieldsOf(error)).toContain(field);
    }
  });

  it("refuses reading dates outside 2000-01-01 … 2099-12-31 and codes that cannot be stored", async () => {
    const unitId = await h.unit();
    for (const readingDate of ["1999-12-31", "2100-01-01"]) {
      const error = await failure(read({ meterCode: "E-20", unitId, readingDate }));
      expect([error.kind, fieldsOf(error)]).toEqual(["invalid", ["readingDate"]]);
    }
    const error = await failure(
      recordMeterReading(h.service.deps, h.hq, {
        siteId: h.siteId,
        meterCode: "E-\u0000",
        kind: "water",
        unitId,
        readingDate: "2026-03-31",
        valueMilli: 1,
      }),
    );
    expect([error.kind, fieldsOf(error)]).toEqual(["invalid", ["meterCode"]]);
  });
});
