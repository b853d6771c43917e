import {
  type BillBalanceChangedV1,
  type BillIssuedV1,
  billBalanceChangedV1,
  billIssuedV1,
  type CustomerChangedV1,
  customerChangedV1,
  type EventEnvelope,
  EventTypes,
  type LeaseExpiringV1,
  leaseExpiringV1,
  type PaymentV1,
  paymentV1,
  type SiteCreatedV1,
  siteCreatedV1,
  siteUpdatedV1,
} from "@slms/contracts";
import { runOnce } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { z } from "zod";
import { queueNotifications } from "../db/queue.ts";
import { loadSettings } from "../db/settings.ts";
import type { NotificationsDeps, Tx } from "../deps.ts";
import type { Audience } from "../domain/settings.ts";

/** The inbox (and queue) under which notifications applies events once. */
export const eventInbox = "notifications.events";

/** The event types notifications listens to (the queue's bindings). */
export const consumedEventTypes = [
  EventTypes.SiteCreated,
  EventTypes.SiteUpdated,
  EventTypes.CustomerCreated,
  EventTypes.CustomerUpdated,
  EventTypes.BillIssued,
  EventTypes.BillBalanceChanged,
  EventTypes.LeaseExpiring,
  EventTypes.PaymentRecorded,
  EventTypes.PaymentReversed,
] as const;

/**
 * Applies one event, once (inbox): site, customer and bill events keep the read models the
 * scheduler and the dispatcher work from (the newest site and customer facts by occurredAt, the
 * highest bill version — whatever the order of arrival); a lease's expiry alert and a payment's
 * receipt are queued as their events arrive; a reversed payment's receipt not yet sent is
 * suppressed. Answers false for an event already applied.
 */
export async function applyEvent(deps: NotificationsDeps, event: EventEnvelope): Promise<boolean> {
  // Parsed before the transaction: a malformed payload fails here and is dead-lettered.
  const effect = effectOf(deps, event);
  if (!effect) return false;
  let queued = 0;
  const result = await runOnce(deps.db, eventInbox, event.id, async (tx) => {
    queued = await effect(tx);
  });
  if (queued > 0) deps.queued();
  return !result.duplicate;
}

/** What the event does, as a function of the transaction answering how many messages it queued. */
function effectOf(
  deps: NotificationsDeps,
  event: EventEnvelope,
): ((tx: Tx) => Promise<number>) | null {
  const parse = <S extends z.ZodType>(schema: S) =>
    parseInput(schema, event.data, `event ${event.type}`);
  const none = (apply: (tx: Tx) => Promise<unknown>) => async (tx: Tx) => {
    await apply(tx);
    return 0;
  };
  switch (event.type) {
    case EventTypes.SiteCreated:
    case EventTypes.SiteUpdated: {
      const site =
        event.type === EventTypes.SiteUpdated ? parse(siteUpdatedV1) : parse(siteCreatedV1);
      return none((tx) => applySite(tx, event, site));
    }
    case EventTypes.CustomerCreated:
    case EventTypes.CustomerUpdated: {
      const customer = parse(customerChangedV1);
      return none((tx) => applyCustomer(tx, event, customer));
    }
    case EventTypes.BillIssued: {
      const bill = parse(billIssuedV1);
      return none((tx) =>
        applyBill(tx, event, { ...bill, version: 0, allocatedMinor: 0, waivedMinor: 0 }),
      );
    }
    case EventTypes.BillBalanceChanged: {
      const change = parse(billBalanceChangedV1);
      return none((tx) => applyBill(tx, event, change));
    }
    case EventTypes.LeaseExpiring: {
      const lease = parse(leaseExpiringV1);
      return (tx) => queueLeaseAlert(tx, deps, event, lease);
    }
    case EventTypes.PaymentRecorded: {
      const payment = parse(paymentV1);
      return (tx) => queueReceipt(tx, deps, event, payment);
    }
    case EventTypes.PaymentReversed: {
      const payment = parse(paymentV1);
      return none((tx) => suppressReceipt(tx, deps, payment));
    }
    default:
      return null;
  }
}

async function applySite(tx: Tx, event: EventEnvelope, site: SiteCreatedV1) {
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

async function applyCustomer(tx: Tx, event: EventEnvelope, customer: CustomerChangedV1) {
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

type BillState = Omit<BillIssuedV1, "amountMinor"> &
  Pick<BillBalanceChangedV1, "amountMinor" | "allocatedMinor" | "waivedMinor" | "version">;

/** A bill's state, kept only if its version is newer than the one shown. */
async function applyBill(tx: Tx, event: EventEnvelope, bill: BillState) {
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

/** The 90/60/30-day alert: to the site's leasing staff, and the tenant if the site wants. */
async function queueLeaseAlert(
  tx: Tx,
  deps: NotificationsDeps,
  event: EventEnvelope,
  lease: LeaseExpiringV1,
): Promise<number> {
  const settings = await loadSettings(tx, lease.siteId);
  const audiences: Audience[] = settings.leaseAlertTenant ? ["leasing", "tenant"] : ["leasing"];
  return queueNotifications(tx, deps, {
    orgId: event.orgId,
    siteId: lease.siteId,
    kind: "lease_expiring",
    subjectType: "lease",
    subjectId: lease.leaseId,
    step: `expiry_${lease.daysLeft}`,
    audiences,
    customerId: lease.customerId,
    facts: { endDate: lease.endDate, daysLeft: lease.daysLeft },
    settings,
  });
}

/** The receipt of a payment, to the tenant. */
async function queueReceipt(
  tx: Tx,
  deps: NotificationsDeps,
  event: EventEnvelope,
  payment: PaymentV1,
): Promise<number> {
  const settings = await loadSettings(tx, payment.siteId);
  return queueNotifications(tx, deps, {
    orgId: event.orgId,
    siteId: payment.siteId,
    kind: "payment_receipt",
    subjectType: "payment",
    subjectId: payment.paymentId,
    step: "receipt",
    audiences: ["tenant"],
    customerId: payment.customerId,
    facts: {
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      receiptNumber: payment.receiptNumber,
      receivedAt: payment.receivedAt,
      method: payment.method,
    },
    settings,
  });
}

/** A reversed payment's receipt that no dispatcher holds is not sent. */
async function suppressReceipt(tx: Tx, deps: NotificationsDeps, payment: PaymentV1) {
  await tx.$executeRawUnsafe(
    `UPDATE notifications
        SET status = 'suppressed', reason = 'payment_reversed', updated_at = $2::timestamptz
      WHERE subject_type = 'payment' AND subject_id = $1 AND status = 'queued'
        AND (claimed_until IS NULL OR claimed_until <= $2::timestamptz)`,
    payment.paymentId,
    deps.clock().toISOString(),
  );
}
