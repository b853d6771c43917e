import type { FieldIssue } from "@slms/errors";
import { MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { type CivilDate, compareDates, isCivilDate } from "@slms/primitives/civil-date";
import { mulDivRound } from "@slms/primitives/money";
import { failure, isNonNegativeMinor, type Outcome, success } from "./outcome.ts";

/**
 * A meter reading: the register's value in thousandths of the meter's unit (kWh, m³), so
 * 1234.567 kWh is 1 234 567.
 */
export interface MeterReading {
  date: CivilDate;
  valueThousandths: number;
}

/** What a meter measured between two readings and what it costs. */
export interface MeterCharge {
  /** current − previous, in thousandths of the unit. */
  consumptionThousandths: number;
  /** round_half_up(consumption × unitPriceMinor ÷ 1000). */
  amountMinor: number;
}

/**
 * The consumption between `previous` and `current` and its cost at `unitPriceMinor` per whole
 * unit (per kWh, per m³): round_half_up(consumptionThousandths × unitPriceMinor ÷ 1000), exact,
 * one rounding. Equal readings cost 0.
 *
 * Problems: a malformed date or value (`previous.date`, `current.valueThousandths`, …; values
 * are whole numbers ≥ 0); `current.date` not after `previous.date`; `current.valueThousandths`
 * below the previous value — meter rollover (or a replaced meter) is not supported here: record
 * a new starting reading instead; `unitPriceMinor` not a whole number ≥ 0; a cost above
 * MAX_AMOUNT_MINOR (no bill may exceed it).
 */
export function meterCharge(
  previous: MeterReading,
  current: MeterReading,
  unitPriceMinor: number,
): Outcome<MeterCharge> {
  const problems: FieldIssue[] = [];
  const readingsOk = [
    readingOk(problems, "previous", previous),
    readingOk(problems, "current", current),
  ].every(Boolean);
  if (readingsOk) {
    if (compareDates(current.date, previous.date) <= 0) {
      problems.push({ field: "current.date", message: `must be after ${previous.date}` });
    }
    if (current.valueThousandths < previous.valueThousandths) {
      problems.push({
        field: "current.valueThousandths",
        message: `is below the previous reading (${previous.valueThousandths}); meter rollover is not supported`,
      });
    }
  }
  if (!isNonNegativeMinor(unitPriceMinor)) {
    problems.push({
      field: "unitPriceMinor",
      message: "must be a whole number of minor units ≥ 0",
    });
  }
  if (problems.length > 0) return failure(problems);
  const consumptionThousandths = current.valueThousandths - previous.valueThousandths;
  if (BigInt(consumptionThousandths) * BigInt(unitPriceMinor) > maxCostThousandths) {
    return failure([
      {
        field: "unitPriceMinor",
        message: `the cost would exceed ${MAX_AMOUNT_MINOR} minor units`,
      },
    ]);
  }
  return success({
    consumptionThousandths,
    amountMinor: mulDivRound(consumptionThousandths, unitPriceMinor, 1000),
  });
}

// The largest product that still rounds to at most MAX_AMOUNT_MINOR (half up: + 499).
const maxCostThousandths = BigInt(MAX_AMOUNT_MINOR) * 1000n + 499n;

function readingOk(problems: FieldIssue[], field: string, reading: MeterReading): boolean {
  let ok = true;
  if (!isCivilDate(reading.date)) {
    problems.push({ field: `${field}.date`, message: "must be a date (YYYY-MM-DD)" });
    ok = false;
  }
  if (!isNonNegativeMinor(reading.valueThousandths)) {
    problems.push({
      field: `${field}.valueThousandths`,
      message: "must be a whole number of thousandths ≥ 0",
    });
    ok = false;
  }
  return ok;
}
