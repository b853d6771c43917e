import type { Paths } from "../../api/client";
import { decimalToMinor, minorToDecimal } from "../../format/money";

export type Lease =
  Paths["/api/v1/sites/{siteId}/leases/{leaseId}"]["get"]["responses"][200]["content"]["application/json"];
export type LeaseStatus = Lease["status"];
export type Terms = Lease["versions"][number]["terms"];
export type NewLease = NonNullable<
  Paths["/api/v1/sites/{siteId}/leases"]["post"]["requestBody"]
>["content"]["application/json"];
export type Frequency = Terms["frequency"];
export type Alignment = Terms["alignment"];
export type FeeBasis = Terms["fees"][number]["basis"];

export const leaseStatuses: LeaseStatus[] = ["draft", "active", "expired", "terminated"];
/** Tag colours of lease statuses. */
export const statusColour: Record<LeaseStatus, string> = {
  draft: "default",
  active: "green",
  expired: "orange",
  terminated: "red",
};
export const frequencies: Frequency[] = ["monthly", "quarterly", "semi_annual", "annual"];
export const alignments: Alignment[] = ["calendar", "lease_start"];
export const feeBases: FeeBasis[] = ["per_period", "per_m2_month"];
export const rentKinds = ["per_period", "per_m2_month"] as const;
export const escalationKinds = ["none", "fixed_percent", "stepped"] as const;
export const penaltyKinds = ["none", "months_of_rent", "fixed"] as const;

/**
 * The terms as the form holds them: money, percentages and areas as the decimals users type,
 * dates as `YYYY-MM-DD`. Field names are flat (lists aside) so API errors can be placed.
 */
export interface TermsFormValues {
  frequency: Frequency;
  alignment: Alignment;
  rentKind: (typeof rentKinds)[number];
  /** Rent for one full billing period. */
  rentAmount?: string;
  /** Monthly rent per m². */
  rentRate?: string;
  /** Leased area, m² (two decimals). */
  rentArea?: string;
  escalationKind: (typeof escalationKinds)[number];
  /** Per lease year, compounding, % (two decimals). */
  escalationPercent?: string;
  /** From a date: the period amount (or the rate per m² per month). */
  escalationSteps?: { from?: string; value?: string }[];
  rentFree?: { from?: string; to?: string }[];
  billLeadDays: number;
  dueDay: number;
  deposit?: string;
  fees?: {
    feeCode?: string;
    basis?: FeeBasis;
    amount?: string;
    area?: string;
    frequency?: Frequency;
  }[];
  lateGraceDays: number;
  /** % of the unpaid amount per day (two decimals: 0.05). */
  lateDailyPercent?: string;
  /** % of the bill at most (two decimals). */
  lateCapPercent?: string;
  penaltyKind: (typeof penaltyKinds)[number];
  penaltyMonths?: number;
  penaltyAmount?: string;
}

/** The wizard's form: what it creates the draft lease from. */
export interface LeaseFormValues extends TermsFormValues {
  unitIds: string[];
  customerId?: string;
  reference?: string;
  startDate?: string;
  endDate?: string;
}

export const defaultTerms: TermsFormValues = {
  frequency: "monthly",
  alignment: "calendar",
  rentKind: "per_period",
  rentAmount: "",
  rentRate: "",
  rentArea: "",
  escalationKind: "none",
  escalationPercent: "",
  escalationSteps: [],
  rentFree: [],
  billLeadDays: 10,
  dueDay: 5,
  deposit: "0",
  fees: [],
  lateGraceDays: 5,
  lateDailyPercent: "0.05",
  lateCapPercent: "20",
  penaltyKind: "none",
  penaltyMonths: 3,
  penaltyAmount: "",
};

/** A form field (its name path) and what is wrong with it (a text key under `leases.`). */
export interface FieldProblem {
  name: (string | number)[];
  problem: "required" | "amount" | "percent" | "area";
}

export type Mapped<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** Reads the form's decimals into the API's integers, collecting what cannot be read. */
class Reader {
  readonly problems: FieldProblem[] = [];
  private readonly digits: number;
  constructor(digits: number) {
    this.digits = digits;
  }

  private read(
    text: string | undefined,
    digits: number,
    name: FieldProblem["name"],
    problem: FieldProblem["problem"],
  ): number {
    if (text === undefined || text.trim() === "") {
      this.problems.push({ name, problem: "required" });
      return 0;
    }
    const value = decimalToMinor(text, digits);
    if (value === null || value < 0) {
      this.problems.push({ name, problem });
      return 0;
    }
    return value;
  }

  /** An amount of the lease's currency, in minor units. */
  money(text: string | undefined, name: FieldProblem["name"]): number {
    return this.read(text, this.digits, name, "amount");
  }
  /** A percentage with two decimals, in basis points (3.5 % → 350). */
  percent(text: string | undefined, name: FieldProblem["name"]): number {
    return this.read(text, 2, name, "percent");
  }
  /** An area with two decimals, in hundredths of a m². */
  area(text: string | undefined, name: FieldProblem["name"]): number {
    return this.read(text, 2, name, "area");
  }
  date(text: string | undefined, name: FieldProblem["name"]): string {
    if (!text) this.problems.push({ name, problem: "required" });
    return text ?? "";
  }
}

function readTerms(values: TermsFormValues, read: Reader): Terms {
  const rent: Terms["rent"] =
    values.rentKind === "per_period"
      ? { kind: "per_period", amountMinor: read.money(values.rentAmount, ["rentAmount"]) }
      : {
          kind: "per_m2_month",
          rateMinorPerM2: read.money(values.rentRate, ["rentRate"]),
          areaHundredths: read.area(values.rentArea, ["rentArea"]),
        };
  const escalation: Terms["escalation"] =
    values.escalationKind === "fixed_percent"
      ? {
          kind: "fixed_percent",
          basisPoints: read.percent(values.escalationPercent, ["escalationPercent"]),
        }
      : values.escalationKind === "stepped"
        ? {
            kind: "stepped",
            steps: (values.escalationSteps ?? []).map((step, index) => ({
              from: read.date(step.from, ["escalationSteps", index, "from"]),
              value: read.money(step.value, ["escalationSteps", index, "value"]),
            })),
          }
        : { kind: "none" };
  const penalty: Terms["penalty"] =
    values.penaltyKind === "months_of_rent"
      ? { kind: "months_of_rent", months: Number(values.penaltyMonths ?? 0) }
      : values.penaltyKind === "fixed"
        ? { kind: "fixed", amountMinor: read.money(values.penaltyAmount, ["penaltyAmount"]) }
        : { kind: "none" };
  return {
    frequency: values.frequency,
    alignment: values.alignment,
    rent,
    escalation,
    rentFree: (values.rentFree ?? []).map((period, index) => ({
      from: read.date(period.from, ["rentFree", index, "from"]),
      to: read.date(period.to, ["rentFree", index, "to"]),
    })),
    billLeadDays: Number(values.billLeadDays),
    dueDay: Number(values.dueDay),
    depositMinor: values.deposit?.trim() ? read.money(values.deposit, ["deposit"]) : 0,
    fees: (values.fees ?? []).map((fee, index) => {
      const out: Terms["fees"][number] = {
        feeCode: fee.feeCode ?? "",
        basis: fee.basis ?? "per_period",
        amountMinor: read.money(fee.amount, ["fees", index, "amount"]),
      };
      if (!fee.feeCode)
        read.problems.push({ name: ["fees", index, "feeCode"], problem: "required" });
      if (fee.area?.trim()) out.areaHundredths = read.area(fee.area, ["fees", index, "area"]);
      if (fee.frequency) out.frequency = fee.frequency;
      return out;
    }),
    lateFee: {
      graceDays: Number(values.lateGraceDays),
      dailyBasisPoints: read.percent(values.lateDailyPercent, ["lateDailyPercent"]),
      capBasisPoints: read.percent(values.lateCapPercent, ["lateCapPercent"]),
    },
    penalty,
  };
}

/** The terms of the API for the form's (amend, renew), in the currency's minor digits. */
export function termsBody(values: TermsFormValues, digits: number): Mapped<Terms> {
  const read = new Reader(digits);
  const terms = readTerms(values, read);
  return read.problems.length > 0
    ? { ok: false, problems: read.problems }
    : { ok: true, value: terms };
}

/** The create-lease body for the wizard's values. */
export function newLeaseBody(values: LeaseFormValues, digits: number): Mapped<NewLease> {
  const read = new Reader(digits);
  const terms = readTerms(values, read);
  if ((values.unitIds ?? []).length === 0)
    read.problems.push({ name: ["unitIds"], problem: "required" });
  if (!values.customerId) read.problems.push({ name: ["customerId"], problem: "required" });
  if (!values.reference?.trim()) read.problems.push({ name: ["reference"], problem: "required" });
  const startDate = read.date(values.startDate, ["startDate"]);
  const endDate = read.date(values.endDate, ["endDate"]);
  if (read.problems.length > 0) return { ok: false, problems: read.problems };
  return {
    ok: true,
    value: {
      reference: values.reference!.trim(),
      customerId: values.customerId!,
      unitIds: values.unitIds,
      startDate,
      endDate,
      terms,
    },
  };
}

/** The form's values for stored terms (to amend or renew from them). */
export function termsFormValues(terms: Terms, digits: number): TermsFormValues {
  const money = (minor: number) => minorToDecimal(minor, digits);
  const hundredths = (value: number) => minorToDecimal(value, 2);
  return {
    frequency: terms.frequency,
    alignment: terms.alignment,
    rentKind: terms.rent.kind,
    rentAmount: terms.rent.kind === "per_period" ? money(terms.rent.amountMinor) : "",
    rentRate: terms.rent.kind === "per_m2_month" ? money(terms.rent.rateMinorPerM2) : "",
    rentArea: terms.rent.kind === "per_m2_month" ? hundredths(terms.rent.areaHundredths) : "",
    escalationKind: terms.escalation.kind,
    escalationPercent:
      terms.escalation.kind === "fixed_percent" ? hundredths(terms.escalation.basisPoints) : "",
    escalationSteps:
      terms.escalation.kind === "stepped"
        ? terms.escalation.steps.map((step) => ({ from: step.from, value: money(step.value) }))
        : [],
    rentFree: terms.rentFree.map((period) => ({ from: period.from, to: period.to })),
    billLeadDays: terms.billLeadDays,
    dueDay: terms.dueDay,
    deposit: money(terms.depositMinor),
    fees: terms.fees.map((fee) => ({
      feeCode: fee.feeCode,
      basis: fee.basis,
      amount: money(fee.amountMinor),
      area: fee.areaHundredths === undefined ? "" : hundredths(fee.areaHundredths),
      frequency: fee.frequency,
    })),
    lateGraceDays: terms.lateFee.graceDays,
    lateDailyPercent: hundredths(terms.lateFee.dailyBasisPoints),
    lateCapPercent: hundredths(terms.lateFee.capBasisPoints),
    penaltyKind: terms.penalty.kind,
    penaltyMonths: terms.penalty.kind === "months_of_rent" ? terms.penalty.months : 3,
    penaltyAmount: terms.penalty.kind === "fixed" ? money(terms.penalty.amountMinor) : "",
  };
}

const renamed: Record<string, string> = {
  "terms.frequency": "frequency",
  "terms.alignment": "alignment",
  "terms.rent": "rentKind",
  "terms.rent.kind": "rentKind",
  "terms.rent.amountMinor": "rentAmount",
  "terms.rent.rateMinorPerM2": "rentRate",
  "terms.rent.areaHundredths": "rentArea",
  "terms.escalation": "escalationKind",
  "terms.escalation.kind": "escalationKind",
  "terms.escalation.basisPoints": "escalationPercent",
  "terms.escalation.steps": "escalationKind",
  "terms.rentFree": "rentFree",
  "terms.billLeadDays": "billLeadDays",
  "terms.dueDay": "dueDay",
  "terms.depositMinor": "deposit",
  "terms.fees": "fees",
  "terms.lateFee.graceDays": "lateGraceDays",
  "terms.lateFee.dailyBasisPoints": "lateDailyPercent",
  "terms.lateFee.capBasisPoints": "lateCapPercent",
  "terms.penalty": "penaltyKind",
  "terms.penalty.kind": "penaltyKind",
  "terms.penalty.months": "penaltyMonths",
  "terms.penalty.amountMinor": "penaltyAmount",
};
const listFields: Record<string, string> = {
  amountMinor: "amount",
  areaHundredths: "area",
  value: "value",
};

/**
 * The form field an API error detail names (`terms.rent.amountMinor` → `rentAmount`,
 * `terms.fees.1.amountMinor` → `fees.1.amount`, `unitIds.0` → `unitIds`), or null.
 */
export function leaseFieldOf(apiField: string): string | null {
  const path = apiField.replace(/^(body|query|params)\./, "");
  if (
    [
      "reference",
      "customerId",
      "startDate",
      "endDate",
      "effectiveFrom",
      "reason",
      "terminationDate",
    ].includes(path)
  )
    return path;
  if (/^unitIds(\.\d+)?$/.test(path)) return "unitIds";
  const direct = renamed[path];
  if (direct) return direct;
  const listed = /^terms\.(escalation\.steps|rentFree|fees)\.(\d+)(?:\.(\w+))?$/.exec(path);
  if (listed) {
    const [, list, index, field] = listed;
    const name = list === "escalation.steps" ? "escalationSteps" : list!;
    if (!field) return `${name}.${index}.${name === "fees" ? "feeCode" : "from"}`;
    return `${name}.${index}.${listFields[field] ?? field}`;
  }
  return null;
}

/** Which wizard step shows a form field: 0 units, 1 customer, 2 terms. */
export function wizardStepOf(field: string): number {
  if (field === "unitIds") return 0;
  if (field === "customerId") return 1;
  return 2;
}

/** `YYYY-MM-DD` plus days, as a civil date (no time zone involved). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split("-").map(Number);
  const utc = new Date(Date.UTC(year!, month! - 1, day! + days));
  return utc.toISOString().slice(0, 10);
}

/** The sum of units' areas (m², as numbers) as a two-decimal text, exactly. */
export function totalArea(areas: number[]): string {
  const hundredths = areas.reduce((sum, area) => sum + Math.round(area * 100), 0);
  return minorToDecimal(hundredths, 2);
}
