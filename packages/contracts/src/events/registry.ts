import type { z } from "zod";
import { type EventEnvelope, eventEnvelopeSchema } from "../envelope.ts";
import {
  siteCreatedV1,
  siteUpdatedV1,
  unitCreatedV1,
  unitStatusChangedV1,
  unitUpdatedV1,
} from "./assets.ts";
import { customerChangedV1 } from "./customers.ts";
import {
  leaseActivatedV1,
  leaseAmendedV1,
  leaseExpiredV1,
  leaseExpiringV1,
  leaseRenewedV1,
  leaseTerminatedV1,
} from "./leases.ts";
import {
  billBalanceChangedV1,
  billIssuedV1,
  billingRunCompletedV1,
  billOverdueV1,
  billPaidV1,
  billWaivedV1,
  depositEntryV1,
  feeItemChangedV1,
  paymentV1,
  prepaymentRefundedV1,
  waiverRequestedV1,
} from "./money.ts";
import { type EventType, EventTypes } from "./names.ts";
import { importFinishedV1, importRolledBackV1 } from "./onboarding.ts";
import { userCreatedV1 } from "./users.ts";

/** The data schema of every (type, version) the platform knows. */
const schemas: Record<EventType, Record<number, z.ZodType>> = {
  [EventTypes.UserCreated]: { 1: userCreatedV1 },
  [EventTypes.SiteCreated]: { 1: siteCreatedV1 },
  [EventTypes.SiteUpdated]: { 1: siteUpdatedV1 },
  [EventTypes.UnitCreated]: { 1: unitCreatedV1 },
  [EventTypes.UnitUpdated]: { 1: unitUpdatedV1 },
  [EventTypes.UnitStatusChanged]: { 1: unitStatusChangedV1 },
  [EventTypes.CustomerCreated]: { 1: customerChangedV1 },
  [EventTypes.CustomerUpdated]: { 1: customerChangedV1 },
  [EventTypes.LeaseActivated]: { 1: leaseActivatedV1 },
  [EventTypes.LeaseAmended]: { 1: leaseAmendedV1 },
  [EventTypes.LeaseRenewed]: { 1: leaseRenewedV1 },
  [EventTypes.LeaseTerminated]: { 1: leaseTerminatedV1 },
  [EventTypes.LeaseExpired]: { 1: leaseExpiredV1 },
  [EventTypes.LeaseExpiring]: { 1: leaseExpiringV1 },
  [EventTypes.BillIssued]: { 1: billIssuedV1 },
  [EventTypes.BillPaid]: { 1: billPaidV1 },
  [EventTypes.BillOverdue]: { 1: billOverdueV1 },
  [EventTypes.BillWaived]: { 1: billWaivedV1 },
  [EventTypes.BillBalanceChanged]: { 1: billBalanceChangedV1 },
  [EventTypes.FeeItemChanged]: { 1: feeItemChangedV1 },
  [EventTypes.ImportFinished]: { 1: importFinishedV1 },
  [EventTypes.UnitsImportRolledBack]: { 1: importRolledBackV1 },
  [EventTypes.CustomersImportRolledBack]: { 1: importRolledBackV1 },
  [EventTypes.LeasesImportRolledBack]: { 1: importRolledBackV1 },
  [EventTypes.BalancesImportRolledBack]: { 1: importRolledBackV1 },
  [EventTypes.DepositsImportRolledBack]: { 1: importRolledBackV1 },
  [EventTypes.BillingRunCompleted]: { 1: billingRunCompletedV1 },
  [EventTypes.WaiverRequested]: { 1: waiverRequestedV1 },
  [EventTypes.PaymentRecorded]: { 1: paymentV1 },
  [EventTypes.PaymentReversed]: { 1: paymentV1 },
  [EventTypes.DepositReceived]: { 1: depositEntryV1 },
  [EventTypes.DepositApplied]: { 1: depositEntryV1 },
  [EventTypes.DepositRefunded]: { 1: depositEntryV1 },
  [EventTypes.DepositForfeited]: { 1: depositEntryV1 },
  [EventTypes.PrepaymentRefunded]: { 1: prepaymentRefundedV1 },
};

export interface EventIssue {
  field: string;
  message: string;
}

/**
 * Checks an envelope and, for a known (type, version), its data. Unknown types pass the envelope
 * check only, so a consumer can ignore events newer than itself.
 */
export function validateEvent(
  value: unknown,
): { ok: true; event: EventEnvelope } | { ok: false; issues: EventIssue[] } {
  const envelope = eventEnvelopeSchema.safeParse(value);
  if (!envelope.success) return { ok: false, issues: toIssues(envelope.error, "") };
  const schema = (schemas as Record<string, Record<number, z.ZodType> | undefined>)[
    envelope.data.type
  ]?.[envelope.data.version];
  if (!schema) return { ok: true, event: envelope.data };
  const data = schema.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, issues: toIssues(data.error, "data.") };
  return { ok: true, event: envelope.data };
}

function toIssues(error: z.ZodError, prefix: string): EventIssue[] {
  return error.issues.map((issue) => ({
    field: prefix + issue.path.join("."),
    message: issue.message,
  }));
}
