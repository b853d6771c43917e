import type {
  BillBalanceChangedV1,
  BillIssuedV1,
  CustomerChangedV1,
  EventEnvelope,
  SiteCreatedV1,
} from "@slms/contracts";
import type { Tx } from "../deps.ts";

// The read models notifications keeps from other services' events: the newest site and customer
// facts by occurredAt, the highest bill version — whatever the order of arrival.

/** A site's name, time zone and currency, kept only if the event is not older than the one shown. */
export async function applySite(tx: Tx, event: EventEnvelope, site: SiteCreatedV1) {
  await tx.$executeRawUnsafe(
    `INSERT INTO site_facts (site_id, org_id, name, time_zone, currency, as_of)
     VALUES ($1, $2, $3, $4, $5, $6::timestamptz)
     ON CONFLICT (site_id) DO UPDATE
       SET name = EXCLUDED.name, time_zone = EXCLUDED.time_zone, currency = EXCLUDED.currency,
           as_of = EXCLUDED.as_of
       WHERE site_facts.as_of <= EXCLUDED.as_of`,
    site.siteId,
    event.orgId,
    site.name,
    site.timeZone,
    site.currency,
    event.occurredAt,
  );
}

export async function applyCustomer(tx: Tx, event: EventEnvelope, customer: CustomerChangedV1) {
  await tx.$executeRawUnsafe(
    `INSERT INTO customer_facts (customer_id, org_id, site_id, name, email, phones, consent_sms,
                                 consent_email, as_of)
     VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9::timestamptz)
     ON CONFLICT (customer_id) DO UPDATE
       SET name = EXCLUDED.name, email = EXCLUDED.email, phones = EXCLUDED.phones,
           consent_sms = EXCLUDED.consent_sms, consent_email = EXCLUDED.consent_email,
           as_of = EXCLUDED.as_of
       WHERE customer_facts.as_of <= EXCLUDED.as_of`,
    customer.customerId,
    event.orgId,
    customer.siteId,
    customer.name,
    customer.email.trim(),
    customer.phones.map((phone) => phone.trim()).filter((phone) => phone.length > 0),
    customer.consentSms,
    customer.consentEmail,
    event.occurredAt,
  );
}

export type BillState = Omit<BillIssuedV1, "amountMinor"> &
  Pick<BillBalanceChangedV1, "amountMinor" | "allocatedMinor" | "waivedMinor" | "version">;

/** A bill's state, kept only if its version is newer than the one shown. */
export async function applyBill(tx: Tx, event: EventEnvelope, bill: BillState) {
  await tx.$executeRawUnsafe(
    `INSERT INTO bill_facts (bill_id, org_id, site_id, customer_id, lease_id, fee_code, kind,
                             period_start, period_end, due_date, currency, amount_minor,
                             allocated_minor, waived_minor, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9::date, $10::date, $11, $12, $13, $14, $15)
     ON CONFLICT (bill_id) DO UPDATE
       SET amount_minor = EXCLUDED.amount_minor, allocated_minor = EXCLUDED.allocated_minor,
           waived_minor = EXCLUDED.waived_minor, due_date = EXCLUDED.due_date,
           period_end = EXCLUDED.period_end, version = EXCLUDED.version
       WHERE bill_facts.version < EXCLUDED.version`,
    bill.billId,
    event.orgId,
    bill.siteId,
    bill.customerId,
    bill.leaseId,
    bill.feeCode,
    bill.kind,
    bill.periodStart,
    bill.periodEnd,
    bill.dueDate,
    bill.currency,
    bill.amountMinor,
    bill.allocatedMinor,
    bill.waivedMinor,
    bill.version,
  );
}
