import type { LeaseTermsData } from "./events/leases.ts";
import type {
  LeaseTerms__Output as ProtoTerms,
  LeaseTerms as ProtoTermsIn,
} from "./generated/slms/contracts/v1/LeaseTerms.ts";
import { fromProtoEnum, toProtoEnum } from "./proto-enum.ts";

/**
 * Lease terms on the wire (proto `slms.contracts.v1.LeaseTerms`) ⇄ the domain shape that REST
 * bodies and events use (`LeaseTermsData`, currency aside). Used by the gateway and by the
 * contracts service, so both sides read and write terms the same way.
 *
 * `termsFromProto` does not validate: a value it cannot map (an unspecified enum, a missing
 * oneof) comes through as it is, typed as the domain shape, so the receiver's validation names
 * the field instead of the mapping silently choosing a default.
 */
export type WireTerms = Omit<LeaseTermsData, "currency">;

const frequencies = ["monthly", "quarterly", "semi_annual", "annual"] as const;
const alignments = ["calendar", "lease_start"] as const;
const feeBases = ["per_period", "per_m2_month"] as const;

const enumOrRaw = <T extends string>(prefix: string, value: string, allowed: readonly T[]) =>
  fromProtoEnum(prefix, value, allowed) ?? (value as T);

export function termsFromProto(terms: ProtoTerms): WireTerms {
  const rent = terms.rent;
  const escalation = terms.escalation;
  const penalty = terms.penalty;
  return {
    frequency: enumOrRaw("FREQUENCY", terms.frequency, frequencies),
    alignment: enumOrRaw("PERIOD_ALIGNMENT", terms.alignment, alignments),
    rent:
      rent?.kind === "perM2Month"
        ? {
            kind: "per_m2_month",
            rateMinorPerM2: rent.perM2Month?.rateMinorPerM2 ?? 0,
            areaHundredths: rent.perM2Month?.areaHundredths ?? 0,
          }
        : ({
            kind: rent?.kind === "perPeriodAmountMinor" ? "per_period" : "",
            amountMinor: rent?.perPeriodAmountMinor ?? 0,
          } as WireTerms["rent"]),
    escalation:
      escalation?.kind === "fixedPercentBasisPoints"
        ? { kind: "fixed_percent", basisPoints: escalation.fixedPercentBasisPoints ?? 0 }
        : escalation?.kind === "stepped"
          ? {
              kind: "stepped",
              steps: (escalation.stepped?.steps ?? []).map((s) => ({
                from: s.fromDate,
                value: s.value,
              })),
            }
          : { kind: "none" },
    rentFree: terms.rentFree.map((p) => ({ from: p.fromDate, to: p.toDate })),
    billLeadDays: terms.billLeadDays,
    dueDay: terms.dueDay,
    depositMinor: terms.depositMinor,
    fees: terms.fees.map((f) => ({
      feeCode: f.feeCode,
      basis: enumOrRaw("FEE_BASIS", f.basis, feeBases),
      amountMinor: f.amountMinor,
      ...(f.areaHundredths ? { areaHundredths: f.areaHundredths } : {}),
      ...(f.frequency && f.frequency !== "FREQUENCY_UNSPECIFIED"
        ? { frequency: enumOrRaw("FREQUENCY", f.frequency, frequencies) }
        : {}),
    })),
    lateFee: {
      graceDays: terms.lateFee?.graceDays ?? 0,
      dailyBasisPoints: terms.lateFee?.dailyBasisPoints ?? 0,
      capBasisPoints: terms.lateFee?.capBasisPoints ?? 0,
    },
    penalty:
      penalty?.kind === "monthsOfRent"
        ? { kind: "months_of_rent", months: penalty.monthsOfRent ?? 0 }
        : penalty?.kind === "fixedAmountMinor"
          ? { kind: "fixed", amountMinor: penalty.fixedAmountMinor ?? 0 }
          : { kind: "none" },
  };
}

export function termsToProto(terms: WireTerms): ProtoTermsIn {
  const { rent, escalation, penalty } = terms;
  return {
    frequency: toProtoEnum("FREQUENCY", terms.frequency),
    alignment: toProtoEnum("PERIOD_ALIGNMENT", terms.alignment),
    rent:
      rent.kind === "per_m2_month"
        ? {
            perM2Month: {
              rateMinorPerM2: rent.rateMinorPerM2,
              areaHundredths: rent.areaHundredths,
            },
          }
        : { perPeriodAmountMinor: rent.amountMinor },
    escalation:
      escalation.kind === "fixed_percent"
        ? { fixedPercentBasisPoints: escalation.basisPoints }
        : escalation.kind === "stepped"
          ? {
              stepped: {
                steps: escalation.steps.map((s) => ({ fromDate: s.from, value: s.value })),
              },
            }
          : { none: true },
    rentFree: terms.rentFree.map((p) => ({ fromDate: p.from, toDate: p.to })),
    billLeadDays: terms.billLeadDays,
    dueDay: terms.dueDay,
    depositMinor: terms.depositMinor,
    fees: terms.fees.map((f) => ({
      feeCode: f.feeCode,
      basis: toProtoEnum("FEE_BASIS", f.basis),
      amountMinor: f.amountMinor,
      areaHundredths: f.areaHundredths ?? 0,
      frequency: f.frequency ? toProtoEnum("FREQUENCY", f.frequency) : "FREQUENCY_UNSPECIFIED",
    })),
    lateFee: terms.lateFee,
    penalty:
      penalty.kind === "months_of_rent"
        ? { monthsOfRent: penalty.months }
        : penalty.kind === "fixed"
          ? { fixedAmountMinor: penalty.amountMinor }
          : { none: true },
  };
}
