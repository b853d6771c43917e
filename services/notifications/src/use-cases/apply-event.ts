import {
  billBalanceChangedV1,
  billIssuedV1,
  billingRunCompletedV1,
  customerChangedV1,
  type EventEnvelope,
  EventTypes,
  type ImportRolledBackV1,
  importFinishedV1,
  importRolledBackV1,
  type LeaseExpiringV1,
  leaseExpiringV1,
  type PaymentV1,
  paymentV1,
  siteCreatedV1,
  siteUpdatedV1,
  userCreatedV1,
  waiverRequestedV1,
} from "@slms/contracts";
import { anyRemoved, markHandled, removalOf, runOnce } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { z } from "zod";
import { applyBill, applyCustomer, applySite } from "../db/facts.ts";
import { queueNotifications } from "../db/queue.ts";
import { type RemovableKind, removeObjects } from "../db/removed.ts";
import { loadSettings } from "../db/settings.ts";
import { noticeStaff } from "../db/staff-notices.ts";
import { applyStaffUser } from "../db/staff-users.ts";
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
  EventTypes.UserCreated,
  EventTypes.BillingRunCompleted,
  EventTypes.WaiverRequested,
  EventTypes.ImportFinished,
  EventTypes.CustomersImportRolledBack,
  EventTypes.BalancesImportRolledBack,
  EventTypes.LeasesImportRolledBack,
] as const;

/**
 * Applies one event, once (inbox): site, customer and bill events keep the read models the
 * scheduler and the dispatcher work from (the newest site and customer facts by occurredAt, the
 * highest bill version — whatever the order of arrival); a lease's expiry alert and a payment's
 * receipt are queued as their events arrive; a reversed payment's receipt not yet sent is
 * suppressed. Users announced by the gateway are kept as the staff who get notices; a billing run
 * finished, a waiver awaiting approval, a lease expiring and a go-live import committed or failed
 * go into their in-app inboxes (and by e-mail, as domain/staff-notices.ts says). An import rolled
 * back (`customers|billing|contracts.import.rolled_back`, each part on its own) removes the
 * customers and bills it names, suppresses what is still queued about them and its leases, and
 * takes the batch's events as handled; an event about a removed object, arriving whenever, does
 * nothing (db/removed.ts). Answers false for an event already applied.
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
      return unlessRemoved(customer.siteId, [["customer", customer.customerId]], async (tx) => {
        await applyCustomer(tx, event, customer);
        return 0;
      });
    }
    case EventTypes.BillIssued: {
      const bill = parse(billIssuedV1);
      return unlessRemoved(bill.siteId, [["bill", bill.billId]], async (tx) => {
        await applyBill(tx, event, { ...bill, version: 0, allocatedMinor: 0, waivedMinor: 0 });
        return 0;
      });
    }
    case EventTypes.BillBalanceChanged: {
      const change = parse(billBalanceChangedV1);
      return unlessRemoved(change.siteId, [["bill", change.billId]], async (tx) => {
        await applyBill(tx, event, change);
        return 0;
      });
    }
    case EventTypes.LeaseExpiring: {
      const lease = parse(leaseExpiringV1);
      return unlessRemoved(lease.siteId, [["lease", lease.leaseId]], (tx) =>
        queueLeaseAlert(tx, deps, event, lease),
      );
    }
    case EventTypes.PaymentRecorded: {
      const payment = parse(paymentV1);
      return (tx) => queueReceipt(tx, deps, event, payment);
    }
    case EventTypes.PaymentReversed: {
      const payment = parse(paymentV1);
      return none((tx) => suppressReceipt(tx, deps, payment));
    }
    case EventTypes.UserCreated: {
      const user = parse(userCreatedV1);
      return none((tx) => applyStaffUser(tx, event.orgId, event.occurredAt, user));
    }
    case EventTypes.BillingRunCompleted: {
      const run = parse(billingRunCompletedV1);
      return (tx) =>
        noticeStaff(tx, deps, {
          orgId: event.orgId,
          siteId: run.siteId,
          kind: "billing_run_completed",
          subjectType: "billing_run",
          subjectId: run.runId,
          step: "completed",
          customerId: null,
          facts: run,
        });
    }
    case EventTypes.WaiverRequested: {
      const waiver = parse(waiverRequestedV1);
      return (tx) =>
        noticeStaff(tx, deps, {
          orgId: event.orgId,
          siteId: waiver.siteId,
          kind: "waiver_requested",
          subjectType: "waiver",
          subjectId: waiver.waiverId,
          step: "requested",
          customerId: waiver.customerId,
          facts: waiver,
          exclude: [waiver.requestedBy],
        });
    }
    case EventTypes.ImportFinished: {
      const finished = parse(importFinishedV1);
      return (tx) =>
        noticeStaff(tx, deps, {
          orgId: event.orgId,
          siteId: finished.siteId,
          kind: "import_finished",
          subjectType: "import",
          subjectId: finished.importId,
          step: finished.status,
          customerId: null,
          facts: finished,
        });
    }
    case EventTypes.CustomersImportRolledBack:
    case EventTypes.BalancesImportRolledBack:
    case EventTypes.LeasesImportRolledBack: {
      const rollback = parse(importRolledBackV1);
      return none((tx) => applyImportRolledBack(tx, deps, event, rollback));
    }
    default:
      return null;
  }
}

/** `apply`, unless one of the objects was removed by an import's rollback (db/removed.ts). */
function unlessRemoved(
  siteId: string,
  objects: readonly (readonly [RemovableKind, string])[],
  apply: (tx: Tx) => Promise<number>,
): (tx: Tx) => Promise<number> {
  return async (tx) => ((await anyRemoved(tx, siteId, objects)) ? 0 : apply(tx));
}

/**
 * A part of an import's rollback: the batch's events it lists are taken as handled first (one
 * still on its way is then a duplicate; one being applied right now is waited for), then the
 * objects it lists are removed.
 */
async function applyImportRolledBack(
  tx: Tx,
  deps: NotificationsDeps,
  event: EventEnvelope,
  rollback: ImportRolledBackV1,
) {
  await markHandled(tx, eventInbox, rollback.eventIds);
  await removeObjects(tx, removalOf(event, rollback), deps.clock());
}

/**
 * The 90/60/30-day alert: to the site's leasing staff, and the tenant if the site wants; into the
 * inboxes of the site's managers and clerks.
 */
async function queueLeaseAlert(
  tx: Tx,
  deps: NotificationsDeps,
  event: EventEnvelope,
  lease: LeaseExpiringV1,
): Promise<number> {
  const settings = await loadSettings(tx, lease.siteId);
  const audiences: Audience[] = settings.leaseAlertTenant ? ["leasing", "tenant"] : ["leasing"];
  const step = `expiry_${lease.daysLeft}`;
  const facts = { endDate: lease.endDate, daysLeft: lease.daysLeft };
  await noticeStaff(tx, deps, {
    orgId: event.orgId,
    siteId: lease.siteId,
    kind: "lease_expiring",
    subjectType: "lease",
    subjectId: lease.leaseId,
    step,
    customerId: lease.customerId,
    facts,
  });
  return queueNotifications(tx, deps, {
    orgId: event.orgId,
    siteId: lease.siteId,
    kind: "lease_expiring",
    subjectType: "lease",
    subjectId: lease.leaseId,
    step,
    audiences,
    customerId: lease.customerId,
    facts,
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
