/**
 * A lease row's terms, built into the shape of `leaseTermsSchema` (@slms/contracts) and checked
 * by the contracts service's rules, restated here with each problem on its column and in Chinese
 * and English: services/contracts/src/domain/validate-terms.ts `termsIssues` (ranges from
 * `leaseLimits`, amounts and dates in the platform's bounds, the 20-year term, steps after the
 * start and in order, rent-free periods inside the lease and apart, fee codes) — keep in step.
 *
 * Conveniences of the sheet, not of the service: blank cells take the defaults the template
 * states; the escalation and penalty kinds may be left blank when their value says which; a
 * per-m² rent or fee without an area takes the leased units' gross area.
 */
import { feeCodePattern, type LeaseTermsData, leaseLimits, type WholeRange } from "@slms/contracts";
import { isAmountInRange, MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { addDays, addMonths } from "@slms/primitives/civil-date";
import { type DateRange, formatScaled, type RentStep } from "./cells.ts";
import { type Context, report, value } from "./context.ts";
import type { ParsedRow, ParsedSheet } from "./parse.ts";
import { MAX_FEES } from "./sheets.ts";
import { amountMessage, dateRangeMessage, positiveAmountMessage } from "./validate-money.ts";
import type { Message } from "./vocabulary.ts";

type Frequency = LeaseTermsData["frequency"];
type Fee = LeaseTermsData["fees"][number];

/** Months per billing period. */
export const monthsPer: Record<Frequency, number> = {
  monthly: 1,
  quarterly: 3,
  semi_annual: 6,
  annual: 12,
};

/** The last day a lease from `startDate` may run to: 20 years less a day (PRC Civil Code art. 705). */
export function latestEndDate(startDate: string): string {
  return addDays(addMonths(startDate, 12 * leaseLimits.termYears.max), -1);
}

interface Dates {
  startDate: string;
  endDate: string;
}

/**
 * The row's terms, or null when a term is missing or wrong (each reported). `dates` are the
 * lease's dates when both are valid and in order; `unitsArea` the leased units' gross area when
 * known.
 */
export function leaseTerms(
  ctx: Context,
  sheet: ParsedSheet,
  row: ParsedRow,
  dates: Dates | null,
  unitsArea: number | undefined,
): LeaseTermsData | null {
  const before = ctx.errors.length;
  const add = (field: string, message: Message) => report(ctx, sheet, row, field, message);
  const whole = (field: string, fallback: number, range: WholeRange) => {
    const n = value<number>(ctx, sheet, row, field) ?? fallback;
    if (n < range.min || n > range.max) add(field, rangeMessage(range));
    return n;
  };
  const percent = (field: string, range: WholeRange) => {
    const bp = value<number>(ctx, sheet, row, field) ?? 0;
    if (bp < range.min || bp > range.max) add(field, percentRangeMessage(range));
    return bp;
  };
  const amount = (field: string, n: number | undefined, positive = false) => {
    if (n !== undefined && !isAmountInRange(n, positive)) {
      add(field, positive ? positiveAmountMessage : amountMessage);
    }
  };
  const within = (field: string, date: string) => {
    if (!dates || (date >= dates.startDate && date <= dates.endDate)) return true;
    add(field, {
      zh: `应在租期内（${dates.startDate} 至 ${dates.endDate}）`,
      en: `must be within the lease (${dates.startDate} to ${dates.endDate})`,
    });
    return false;
  };

  const frequency = value<Frequency>(ctx, sheet, row, "frequency", true);
  const alignment =
    value<LeaseTermsData["alignment"]>(ctx, sheet, row, "alignment") ?? "lease_start";
  const basis = value<"per_period" | "per_m2_month">(ctx, sheet, row, "rentBasis", true);
  const rentValue = value<number>(ctx, sheet, row, "rent", true);
  const area = value<number>(ctx, sheet, row, "rentArea") ?? unitsArea;
  let rent: LeaseTermsData["rent"] | null = null;
  if (basis === "per_period" && rentValue !== undefined) {
    amount("rent", rentValue);
    rent = { kind: "per_period", amountMinor: rentValue };
  } else if (basis === "per_m2_month" && rentValue !== undefined) {
    amount("rent", rentValue, true);
    if (area === undefined) {
      add("rentArea", {
        zh: "按面积计租时必填（所租单元的面积未知）",
        en: "is required for a rent per m² (the units' area is not known)",
      });
    } else {
      if (area < leaseLimits.areaHundredths.min || area > leaseLimits.areaHundredths.max) {
        add("rentArea", {
          zh: "面积应在 0.01 到 10,000,000 ㎡ 之间",
          en: "must be from 0.01 to 10,000,000 m²",
        });
      }
      rent = { kind: "per_m2_month", rateMinorPerM2: rentValue, areaHundredths: area };
    }
  }
  if (rent && frequency && fullPeriodPrice(rent, frequency) > MAX_AMOUNT_MINOR) {
    add("rent", { zh: "每期租金超出金额上限", en: "makes a period's rent above the amount limit" });
  }

  const escalation = escalationOf(ctx, sheet, row, add, dates, basis);
  const rentFree = rentFreeOf(ctx, sheet, row, add, within);
  const billLeadDays = whole("billLeadDays", 0, leaseLimits.billLeadDays);
  const dueDay = whole("dueDay", 1, leaseLimits.dueDay);
  const deposit = value<number>(ctx, sheet, row, "deposit") ?? 0;
  amount("deposit", deposit);
  const fees = feesOf(ctx, sheet, row, add, area);
  const graceDays = whole("lateFeeGraceDays", 0, leaseLimits.lateFeeGraceDays);
  const daily = percent("lateFeeDailyRate", leaseLimits.lateFeeDailyBasisPoints);
  const cap = percent("lateFeeCap", leaseLimits.lateFeeCapBasisPoints);
  if (daily > 0 && row.text.lateFeeCap === undefined) {
    add("lateFeeCap", {
      zh: "填写滞纳金日费率时必填",
      en: "is required with a daily late-fee rate",
    });
  }
  const penalty = penaltyOf(ctx, sheet, row, add);

  if (ctx.errors.length > before || !frequency || !rent || !escalation || !penalty) return null;
  return {
    currency: ctx.currency,
    frequency,
    alignment,
    rent,
    escalation,
    rentFree,
    billLeadDays,
    dueDay,
    depositMinor: deposit,
    fees,
    lateFee: { graceDays, dailyBasisPoints: daily, capBasisPoints: cap },
    penalty,
  };
}

/** A range of basis points, said in percent: 0 … 100 bp is "0% to 1%". */
export function percentRangeMessage({ min, max }: WholeRange): Message {
  const pct = (bp: number) => `${formatScaled(BigInt(bp), 2)}%`;
  return {
    zh: `应在 ${pct(min)} 到 ${pct(max)} 之间`,
    en: `must be from ${pct(min)} to ${pct(max)}`,
  };
}

function rangeMessage({ min, max }: WholeRange): Message {
  return { zh: `应为 ${min} 到 ${max} 的整数`, en: `must be a whole number from ${min} to ${max}` };
}

/** A full period's base price (per m²: rate × area × months, rounded half up). */
function fullPeriodPrice(rent: LeaseTermsData["rent"], frequency: Frequency): number {
  if (rent.kind === "per_period") return rent.amountMinor;
  const hundredths =
    BigInt(rent.rateMinorPerM2) * BigInt(rent.areaHundredths) * BigInt(monthsPer[frequency]);
  return Number((hundredths + 50n) / 100n);
}

type Add = (field: string, message: Message) => void;

function escalationOf(
  ctx: Context,
  sheet: ParsedSheet,
  row: ParsedRow,
  add: Add,
  dates: Dates | null,
  basis: string | undefined,
): LeaseTermsData["escalation"] | null {
  const rate = value<number>(ctx, sheet, row, "escalationRate");
  const steps = value<RentStep[]>(ctx, sheet, row, "escalationSteps");
  const kind =
    value<LeaseTermsData["escalation"]["kind"]>(ctx, sheet, row, "escalation") ??
    (rate !== undefined ? "fixed_percent" : steps !== undefined ? "stepped" : "none");
  if (kind !== "fixed_percent" && rate !== undefined) {
    add("escalationRate", { zh: "仅按比例递增时填写", en: "is only for a fixed % escalation" });
  }
  if (kind !== "stepped" && steps !== undefined && steps.length > 0) {
    add("escalationSteps", { zh: "仅阶梯租金时填写", en: "is only for a stepped escalation" });
  }
  if (kind === "none") return { kind };
  if (kind === "fixed_percent") {
    if (rate === undefined) {
      if (row.text.escalationRate === undefined)
        add("escalationRate", {
          zh: "按比例递增时必填",
          en: "is required for a fixed % escalation",
        });
      return null;
    }
    const range = leaseLimits.escalationBasisPoints;
    if (rate < range.min || rate > range.max) add("escalationRate", percentRangeMessage(range));
    return { kind, basisPoints: rate };
  }
  const list = steps ?? [];
  const { min, max } = leaseLimits.escalationSteps;
  if (list.length < min || list.length > max) {
    if (row.text.escalationSteps === undefined || list.length > 0) {
      add("escalationSteps", {
        zh: `应有 ${min} 到 ${max} 段`,
        en: `must have ${min} to ${max} steps`,
      });
    }
    return null;
  }
  for (const [i, step] of list.entries()) {
    if (!isAmountInRange(step.valueMinor, basis === "per_m2_month")) {
      add("escalationSteps", basis === "per_m2_month" ? positiveAmountMessage : amountMessage);
    } else if (step.from < "2000-01-01" || step.from > "2099-12-31") {
      add("escalationSteps", dateRangeMessage);
    } else if (dates && step.from <= dates.startDate) {
      add("escalationSteps", {
        zh: `${step.from} 应晚于合同开始日期`,
        en: `${step.from} must be after the lease start (${dates.startDate})`,
      });
    } else if (dates && step.from > dates.endDate) {
      add("escalationSteps", {
        zh: `${step.from} 应在租期内`,
        en: `${step.from} must be within the lease`,
      });
    } else if (i > 0 && step.from <= list[i - 1]!.from) {
      add("escalationSteps", {
        zh: `${step.from} 应晚于上一段（${list[i - 1]!.from}）`,
        en: `${step.from} must be after the previous step (${list[i - 1]!.from})`,
      });
    } else continue;
    return null;
  }
  return { kind: "stepped", steps: list.map((s) => ({ from: s.from, value: s.valueMinor })) };
}

function rentFreeOf(
  ctx: Context,
  sheet: ParsedSheet,
  row: ParsedRow,
  add: Add,
  within: (field: string, date: string) => boolean,
): DateRange[] {
  const periods = value<DateRange[]>(ctx, sheet, row, "rentFree") ?? [];
  if (periods.length > leaseLimits.rentFreePeriods.max) {
    add("rentFree", {
      zh: `最多 ${leaseLimits.rentFreePeriods.max} 段`,
      en: `must have at most ${leaseLimits.rentFreePeriods.max} periods`,
    });
    return periods;
  }
  const sorted = [...periods].sort((a, b) => (a.from < b.from ? -1 : 1));
  for (const [i, period] of sorted.entries()) {
    if (period.to < period.from) {
      add("rentFree", {
        zh: `${period.from}~${period.to}：结束早于开始`,
        en: `${period.from}~${period.to} ends before it starts`,
      });
      return periods;
    }
    if (!within("rentFree", period.from) || !within("rentFree", period.to)) return periods;
    const previous = sorted[i - 1];
    if (previous && period.from <= previous.to) {
      add("rentFree", {
        zh: `${period.from}~${period.to} 与 ${previous.from}~${previous.to} 重叠`,
        en: `${period.from}~${period.to} overlaps ${previous.from}~${previous.to}`,
      });
      return periods;
    }
  }
  return periods;
}

function feesOf(
  ctx: Context,
  sheet: ParsedSheet,
  row: ParsedRow,
  add: Add,
  unitsArea: number | undefined,
): Fee[] {
  const fees: Fee[] = [];
  const codes = new Set<string>();
  for (let n = 1; n <= MAX_FEES; n++) {
    const field = (part: string) => `fee${n}${part}`;
    const parts = ["Code", "Basis", "Amount", "Area", "Frequency"];
    if (parts.every((part) => row.text[field(part)] === undefined)) continue;
    const code = value<string>(ctx, sheet, row, field("Code"), true);
    const basis = value<Fee["basis"]>(ctx, sheet, row, field("Basis"), true);
    const amountMinor = value<number>(ctx, sheet, row, field("Amount"), true);
    const area = value<number>(ctx, sheet, row, field("Area"));
    const frequency = value<Frequency>(ctx, sheet, row, field("Frequency"));
    if (code !== undefined) {
      if (!feeCodePattern.test(code)) {
        add(field("Code"), {
          zh: "应为收费项目编码：2–40 位小写字母、数字或 _，以字母开头",
          en: "must be a fee item code: 2–40 lower-case letters, digits or _, starting with a letter",
        });
      } else if (code === "rent") {
        add(field("Code"), {
          zh: "租金不是其他费用",
          en: "must not be rent: rent is not a recurring fee",
        });
      } else if (codes.has(code)) {
        add(field("Code"), { zh: `费用 ${code} 重复`, en: `repeats fee ${code}` });
      } else if (ctx.existing.feeCodes && !ctx.existing.feeCodes.includes(code)) {
        add(field("Code"), {
          zh: "不是收费项目目录中的编码",
          en: "is not a fee item of the catalogue",
        });
      }
      codes.add(code);
    }
    if (amountMinor !== undefined && !isAmountInRange(amountMinor, basis === "per_m2_month")) {
      add(field("Amount"), basis === "per_m2_month" ? positiveAmountMessage : amountMessage);
    }
    const feeArea = basis === "per_m2_month" ? (area ?? unitsArea) : area;
    if (basis === "per_m2_month" && feeArea === undefined) {
      add(field("Area"), {
        zh: "按面积收费时必填（所租单元的面积未知）",
        en: "is required for a fee per m² (the units' area is not known)",
      });
    }
    if (
      feeArea !== undefined &&
      (feeArea < leaseLimits.areaHundredths.min || feeArea > leaseLimits.areaHundredths.max)
    ) {
      add(field("Area"), {
        zh: "面积应在 0.01 到 10,000,000 ㎡ 之间",
        en: "must be from 0.01 to 10,000,000 m²",
      });
    }
    if (code === undefined || basis === undefined || amountMinor === undefined) continue;
    fees.push({
      feeCode: code,
      basis,
      amountMinor,
      ...(feeArea !== undefined ? { areaHundredths: feeArea } : {}),
      ...(frequency !== undefined ? { frequency } : {}),
    });
  }
  return fees;
}

function penaltyOf(
  ctx: Context,
  sheet: ParsedSheet,
  row: ParsedRow,
  add: Add,
): LeaseTermsData["penalty"] | null {
  const months = value<number>(ctx, sheet, row, "penaltyMonths");
  const amountMinor = value<number>(ctx, sheet, row, "penaltyAmount");
  const kind =
    value<LeaseTermsData["penalty"]["kind"]>(ctx, sheet, row, "penaltyKind") ??
    (months !== undefined ? "months_of_rent" : amountMinor !== undefined ? "fixed" : "none");
  if (kind !== "months_of_rent" && months !== undefined) {
    add("penaltyMonths", {
      zh: "仅违约金按月租金时填写",
      en: "is only for a penalty in months of rent",
    });
  }
  if (kind !== "fixed" && amountMinor !== undefined) {
    add("penaltyAmount", { zh: "仅违约金为固定金额时填写", en: "is only for a fixed penalty" });
  }
  if (kind === "none") return { kind };
  if (kind === "months_of_rent") {
    if (months === undefined) {
      if (row.text.penaltyMonths === undefined)
        add("penaltyMonths", {
          zh: "违约金按月租金时必填",
          en: "is required for a penalty in months of rent",
        });
      return null;
    }
    const range = leaseLimits.penaltyMonths;
    if (months < range.min || months > range.max) add("penaltyMonths", rangeMessage(range));
    return { kind, months };
  }
  if (amountMinor === undefined) {
    if (row.text.penaltyAmount === undefined)
      add("penaltyAmount", { zh: "违约金为固定金额时必填", en: "is required for a fixed penalty" });
    return null;
  }
  if (!isAmountInRange(amountMinor)) add("penaltyAmount", amountMessage);
  return { kind, amountMinor };
}
