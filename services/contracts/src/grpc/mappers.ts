import { type LeaseTermsData, termsFromProto, termsToProto, toProtoEnum } from "@slms/contracts";
import type { LeaseStatus, LeaseTerms as ProtoTerms } from "@slms/contracts/leases";
import type { LeaseView } from "../db/leases.ts";
import type { TerminationSettlement } from "../domain/termination.ts";
import type { ScheduledCharge } from "../domain/terms.ts";

const withoutCurrency = ({ currency: _currency, ...terms }: LeaseTermsData) => terms;

export const toLease = (lease: LeaseView) => ({
  id: lease.id,
  orgId: lease.orgId,
  siteId: lease.siteId,
  reference: lease.reference,
  customerId: lease.customerId,
  unitIds: lease.unitIds,
  startDate: lease.startDate,
  endDate: lease.endDate,
  status: toProtoEnum<LeaseStatus>("LEASE_STATUS", lease.status),
  currencyCode: lease.currency,
  predecessorId: lease.predecessorId ?? "",
  successorId: lease.successorId ?? "",
  terminationDate: lease.terminationDate ?? "",
  terminationReason: lease.terminationReason ?? "",
  penaltyMinor: lease.penaltyMinor ?? 0,
  versions: lease.versions.map((v) => ({
    version: v.version,
    effectiveFrom: v.effectiveFrom,
    terms: termsToProto(withoutCurrency(v.terms)),
    reason: v.reason,
    actor: v.actor,
    createdAt: v.createdAt.toISOString(),
  })),
  createdAt: lease.createdAt.toISOString(),
  updatedAt: lease.updatedAt.toISOString(),
  ...(lease.billingStartsOn ? { billingStartsOn: lease.billingStartsOn } : {}),
});

export const toCharge = (charge: ScheduledCharge) => ({
  ...charge,
  versions: [...charge.versions],
});

export const toSettlement = (s: TerminationSettlement) => ({
  terminationDate: s.terminationDate,
  penaltyMinor: s.penaltyMinor,
  depositMinor: s.depositMinor,
  finalPeriods: s.finalPeriods,
  droppedPeriods: s.droppedPeriods.map(toCharge),
  revisedSchedule: s.revisedSchedule.map(toCharge),
});

/** Terms from a request; absent terms become an empty message for validation to reject. */
export const termsIn = (terms: ProtoTerms | null | undefined) =>
  termsFromProto(terms ?? emptyTerms);

const emptyTerms: ProtoTerms = {
  frequency: "FREQUENCY_UNSPECIFIED",
  alignment: "PERIOD_ALIGNMENT_UNSPECIFIED",
  rent: null,
  escalation: null,
  rentFree: [],
  billLeadDays: 0,
  dueDay: 0,
  depositMinor: 0,
  fees: [],
  lateFee: null,
  penalty: null,
};
