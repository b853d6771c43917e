import { termsFromProto } from "@slms/contracts";
import type { TermsVersion } from "@slms/contracts/leases";
import type { Escalation } from "./escalation.ts";
import { monthlyRentMinor } from "./rent.ts";

// The owning services' current state (their gRPC messages, in the shapes below) as the rows of
// the read models the events would have made: what a rebuild writes. Enums arrive proto-named
// (`UNIT_STATUS_LEASED`) and are kept as the events name them (`leased`).

/** `UNIT_STATUS_LEASED` → `leased`; a value without the prefix is a broken source. */
export function enumName(prefix: string, value: string): string {
  if (!value.startsWith(`${prefix}_`) || value === `${prefix}_UNSPECIFIED`)
    throw new Error(`expected a ${prefix} value, got "${value}"`);
  return value.slice(prefix.length + 1).toLowerCase();
}

export interface SourceUnit {
  id: string;
  siteId: string;
  buildingId: string;
  code: string;
  kind: string;
  grossAreaM2: string;
  listRentMonthly: { amountMinor: number; currencyCode: string } | null;
  status: string;
  statusChangedAt: string;
  updatedAt: string;
}

export interface UnitRow {
  unit_id: string;
  site_id: string;
  building_id: string | null;
  code: string;
  kind: string;
  gross_area_m2: string;
  list_rent_monthly_minor: number | null;
  currency: string | null;
  status: string;
  status_changed_at: string;
  facts_as_of: string;
}

export const unitRow = (u: SourceUnit): UnitRow => ({
  unit_id: u.id,
  site_id: u.siteId,
  building_id: u.buildingId || null,
  code: u.code,
  kind: enumName("UNIT_KIND", u.kind),
  gross_area_m2: u.grossAreaM2,
  list_rent_monthly_minor: u.listRentMonthly?.amountMinor ?? null,
  currency: u.listRentMonthly?.currencyCode || null,
  status: enumName("UNIT_STATUS", u.status),
  status_changed_at: u.statusChangedAt,
  facts_as_of: u.updatedAt,
});

export interface SourceLease {
  id: string;
  siteId: string;
  customerId: string;
  reference: string;
  unitIds: string[];
  startDate: string;
  endDate: string;
  status: string;
  currencyCode: string;
  terminationDate: string;
  versions: TermsVersion[];
}

export interface LeaseRow {
  lease_id: string;
  site_id: string;
  customer_id: string;
  reference: string;
  unit_ids: string[];
  start_date: string;
  end_date: string;
  status: "active" | "terminated" | "expired";
  ended_on: string | null;
  monthly_rent_minor: string;
  currency: string;
  terms_version: number;
  escalation: Escalation;
}

/**
 * An active or ended lease as `lease_facts` keeps it (rent of its newest terms version); null
 * for a draft, which reports do not show.
 */
export function leaseRow(lease: SourceLease): LeaseRow | null {
  const status = enumName("LEASE_STATUS", lease.status);
  if (status === "draft") return null;
  if (status !== "active" && status !== "terminated" && status !== "expired")
    throw new Error(`lease ${lease.id}: unknown status "${lease.status}"`);
  const newest = lease.versions.reduce((a, b) => (b.version > a.version ? b : a));
  if (!newest.terms) throw new Error(`lease ${lease.id}: terms version without terms`);
  const terms = termsFromProto(newest.terms);
  return {
    lease_id: lease.id,
    site_id: lease.siteId,
    customer_id: lease.customerId,
    reference: lease.reference,
    unit_ids: lease.unitIds,
    start_date: lease.startDate,
    end_date: lease.endDate,
    status,
    ended_on:
      status === "terminated" ? lease.terminationDate : status === "expired" ? lease.endDate : null,
    monthly_rent_minor: monthlyRentMinor(terms.rent, terms.frequency).toString(),
    currency: lease.currencyCode,
    terms_version: newest.version,
    escalation: terms.escalation,
  };
}

export interface SourceBillHistory {
  bill: {
    id: string;
    siteId: string;
    leaseId: string;
    customerId: string;
    feeCode: string;
    kind: string;
    periodStart: string;
    periodEnd: string;
    issueDate: string;
    dueDate: string;
    currencyCode: string;
    amountMinor: number;
    allocatedMinor: number;
    waivedMinor: number;
  } | null;
  version: number;
  movements: {
    at: string;
    amountDeltaMinor: number;
    allocatedDeltaMinor: number;
    waivedDeltaMinor: number;
  }[];
}

export interface BillRow {
  bill_id: string;
  site_id: string;
  lease_id: string | null;
  customer_id: string;
  fee_code: string;
  kind: string;
  period_start: string;
  period_end: string;
  issue_date: string;
  due_date: string;
  currency: string;
  amount_minor: number;
  allocated_minor: number;
  waived_minor: number;
  version: number;
}

export interface MovementRow {
  bill_id: string;
  site_id: string;
  version: number;
  /** Null: the start of the bill's issue date in the site's time zone. */
  at: string | null;
  amount_delta_minor: number;
  allocated_delta_minor: number;
  waived_delta_minor: number;
}

/**
 * A bill's state and its movements. Billing's history is not numbered as its events were, so the
 * movements are numbered backwards from the bill's version (the newest one carries it): a later
 * event, one version on, adds its movement after them, and a repeat of an older one adds nothing.
 */
export function billRows(history: SourceBillHistory): { bill: BillRow; movements: MovementRow[] } {
  const b = history.bill;
  if (!b) throw new Error("a bill history without its bill");
  const count = history.movements.length;
  return {
    bill: {
      bill_id: b.id,
      site_id: b.siteId,
      lease_id: b.leaseId || null,
      customer_id: b.customerId,
      fee_code: b.feeCode,
      kind: b.kind,
      period_start: b.periodStart,
      period_end: b.periodEnd,
      issue_date: b.issueDate,
      due_date: b.dueDate,
      currency: b.currencyCode,
      amount_minor: b.amountMinor,
      allocated_minor: b.allocatedMinor,
      waived_minor: b.waivedMinor,
      version: history.version,
    },
    movements: history.movements.map((m, i) => ({
      bill_id: b.id,
      site_id: b.siteId,
      version: history.version - (count - 1 - i),
      at: m.at || null,
      amount_delta_minor: m.amountDeltaMinor,
      allocated_delta_minor: m.allocatedDeltaMinor,
      waived_delta_minor: m.waivedDeltaMinor,
    })),
  };
}

export interface SourcePayment {
  id: string;
  siteId: string;
  customerId: string;
  leaseId: string;
  method: string;
  amountMinor: number;
  currencyCode: string;
  receivedAt: string;
  receiptNumber: string;
  recordedBy: string;
  reversedAt: string;
  reversedBy: string;
}

export interface PaymentRow {
  payment_id: string;
  site_id: string;
  customer_id: string;
  lease_id: string | null;
  method: string;
  amount_minor: number;
  currency: string;
  received_at: string;
  receipt_number: string;
  cashier: string;
  reversed_at: string | null;
  reversed_by: string | null;
}

export const paymentRow = (p: SourcePayment): PaymentRow => ({
  payment_id: p.id,
  site_id: p.siteId,
  customer_id: p.customerId,
  lease_id: p.leaseId || null,
  method: enumName("PAYMENT_METHOD", p.method),
  amount_minor: p.amountMinor,
  currency: p.currencyCode,
  received_at: p.receivedAt,
  receipt_number: p.receiptNumber,
  cashier: p.recordedBy,
  reversed_at: p.reversedAt || null,
  reversed_by: p.reversedAt ? p.reversedBy : null,
});
