import { describe, expect, it } from "vitest";
import { type MeterReading, meterCharge } from "./meter.ts";

const reading = (date: string, valueThousandths: number): MeterReading => ({
  date,
  valueThousandths,
});
const march = reading("2026-03-01", 1_234_567);

describe("meterCharge: consumption × unit price, rounded half up", () => {
  it.each([
    // current, price per unit, consumption, amount, exactly
    [1_234_567, 85, 0, 0, "no consumption"],
    [1_235_567, 85, 1_000, 85, "1 kWh × 0.85"],
    [1_236_067, 85, 1_500, 128, "1.5 × 0.85 = 1.275 → 1.28"],
    [1_236_066, 85, 1_499, 127, "1.499 × 0.85 = 1.27415 → 1.27"],
    [1_234_568, 500, 1, 1, "0.001 × 5.00 = 0.005 → 0.01"],
    [1_234_568, 499, 1, 0, "0.001 × 4.99 = 0.00499 → 0"],
    [1_234_568, 0, 1, 0, "free"],
    [1_354_567, 123, 120_000, 14_760, "120 m³ × 1.23"],
    [2_034_567, 6_789, 800_000, 5_431_200, "800 kWh × 67.89"],
    [9_001_234_567, 100, 9_000_000_000, 900_000_000, "9 000 000 kWh × 1.00"],
    [
      100_001_234_567,
      1_000,
      100_000_000_000,
      100_000_000_000,
      "MAX_AMOUNT_MINOR exactly: 100,000,000 kWh × 10.00",
    ],
  ])("%i at %i → %i thousandths, %i (%s)", (current, price, consumption, amount) => {
    expect(meterCharge(march, reading("2026-04-01", current), price)).toEqual({
      ok: true,
      value: { consumptionThousandths: consumption, amountMinor: amount },
    });
  });

  it("allows a cost that rounds down to MAX_AMOUNT_MINOR, not one that rounds up past it", () => {
    const at1Fen = (thousandths: number) =>
      meterCharge(reading("2026-01-01", 0), reading("2026-01-31", thousandths), 1);
    expect(at1Fen(100_000_000_000_499)).toEqual({
      ok: true,
      value: { consumptionThousandths: 100_000_000_000_499, amountMinor: 100_000_000_000 },
    });
    expect(at1Fen(100_000_000_000_500).ok).toBe(false);
  });

  it("counts from a reading of 0", () => {
    expect(meterCharge(reading("2026-01-01", 0), reading("2026-01-31", 7), 1000)).toEqual({
      ok: true,
      value: { consumptionThousandths: 7, amountMinor: 7 },
    });
  });
});

describe("meterCharge: problems", () => {
  it.each<[string, MeterReading, MeterReading, number, string[]]>([
    [
      "a smaller later reading (rollover)",
      march,
      reading("2026-04-01", 1_234_566),
      85,
      ["current.valueThousandths"],
    ],
    ["the same date", march, reading("2026-03-01", 1_300_000), 85, ["current.date"]],
    ["an earlier date", march, reading("2026-02-28", 1_300_000), 85, ["current.date"]],
    ["a malformed date", reading("2026-02-30", 1), reading("2026-04-01", 2), 85, ["previous.date"]],
    ["a negative value", march, reading("2026-04-01", -1), 85, ["current.valueThousandths"]],
    [
      "a fractional value",
      reading("2026-03-01", 0.5),
      reading("2026-04-01", 2),
      85,
      ["previous.valueThousandths"],
    ],
    ["a negative price", march, reading("2026-04-01", 1_300_000), -1, ["unitPriceMinor"]],
    ["a fractional price", march, reading("2026-04-01", 1_300_000), 0.85, ["unitPriceMinor"]],
    [
      "a cost past the largest safe amount",
      reading("2026-03-01", 0),
      reading("2026-04-01", Number.MAX_SAFE_INTEGER),
      1_001,
      ["unitPriceMinor"],
    ],
    [
      "a cost past MAX_AMOUNT_MINOR by one fen (100,000,000.0005 kWh × 1,000)",
      reading("2026-03-01", 0),
      reading("2026-04-01", 100_000_000_500),
      1_000,
      ["unitPriceMinor"],
    ],
    [
      "several at once",
      reading("2026-3-1", 5),
      reading("2026-04-01", -5),
      -1,
      ["previous.date", "current.valueThousandths", "unitPriceMinor"],
    ],
  ])("%s", (_name, previous, current, price, fields) => {
    const result = meterCharge(previous, current, price);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.field)).toEqual(fields);
  });

  it("explains that rollover is not supported", () => {
    const result = meterCharge(march, reading("2026-04-01", 5), 85);
    expect(!result.ok && result.problems[0]?.message).toMatch(
      /below the previous reading \(1234567\); meter rollover is not supported/,
    );
  });
});
