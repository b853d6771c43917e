import { fromDbDate, todayIn } from "@slms/primitives";
import type { Db } from "../deps.ts";
import type { Channel, Language } from "../domain/settings.ts";
import { type Kind, optOutFooter, renderTemplate } from "../domain/templates.ts";
import {
  billingRunVariables,
  billVariables,
  importVariables,
  leaseVariables,
  receiptVariables,
  waiverVariables,
} from "../domain/variables.ts";
import { templateIn } from "./templates.ts";

/** A notification as the dispatcher renders it. */
export interface NotificationToRender {
  orgId: string;
  siteId: string;
  kind: Kind;
  subjectId: string;
  channel: Channel;
  audience: string;
  customerId: string | null;
  language: Language;
  facts: Record<string, unknown>;
}

export type Rendering =
  | { settled: true }
  | {
      settled: false;
      subject: string;
      body: string;
      variables: Record<string, string>;
      /** The amount stated: a bill's balance now, a payment's or a waiver's amount. */
      amountMinor: number | null;
    };

/** The facts rendering reads, loaded for a set of notifications at once (see {@link loadRenderFacts}). */
export interface RenderFacts {
  sites: Map<string, { name: string; timeZone: string }>;
  customers: Map<
    string,
    { name: string; email: string; phones: string[]; consentEmail: boolean; consentSms: boolean }
  >;
  bills: Map<
    string,
    {
      billId: string;
      feeCode: string;
      periodStart: Date;
      periodEnd: Date;
      dueDate: Date;
      currency: string;
      amountMinor: bigint;
      allocatedMinor: bigint;
      waivedMinor: bigint;
    }
  >;
  /** Template overrides of the organisations and sites concerned (site '' is the organisation's). */
  templates: {
    orgId: string;
    siteId: string;
    kind: string;
    language: string;
    channel: string;
    subject: string;
    body: string;
  }[];
  /** Staff users' names (waiver requesters); absent: not heard of. */
  staffNames: Map<string, string>;
}

/**
 * Loads what {@link renderWith} needs for all of `notifications` in one query per table — sites,
 * customers, bills, template overrides and the staff users named — instead of a few per message.
 */
export async function loadRenderFacts(
  db: Db,
  notifications: readonly NotificationToRender[],
): Promise<RenderFacts> {
  const unique = (values: (string | null)[]) => [
    ...new Set(values.filter((v): v is string => v !== null)),
  ];
  const siteIds = unique(notifications.map((n) => n.siteId));
  const customerIds = unique(notifications.map((n) => n.customerId));
  const billIds = unique(
    notifications
      .filter((n) => n.kind === "bill_reminder" || n.kind === "dunning")
      .map((n) => n.subjectId),
  );
  const orgIds = unique(notifications.map((n) => n.orgId));
  const requesters = unique(
    notifications
      .filter((n) => n.kind === "waiver_requested")
      .map((n) => (n.facts as { requestedBy?: string }).requestedBy ?? null),
  );
  const [sites, customers, bills, templates, users] = await Promise.all([
    siteIds.length ? db.siteFact.findMany({ where: { siteId: { in: siteIds } } }) : [],
    customerIds.length
      ? db.customerFact.findMany({ where: { customerId: { in: customerIds } } })
      : [],
    billIds.length ? db.billFact.findMany({ where: { billId: { in: billIds } } }) : [],
    orgIds.length
      ? db.template.findMany({
          where: { orgId: { in: orgIds }, siteId: { in: [...siteIds, ""] } },
        })
      : [],
    requesters.length
      ? db.staffUser.findMany({
          where: { userId: { in: requesters } },
          select: { userId: true, name: true },
        })
      : [],
  ]);
  return {
    sites: new Map(sites.map((site) => [site.siteId, site])),
    customers: new Map(customers.map((customer) => [customer.customerId, customer])),
    bills: new Map(bills.map((bill) => [bill.billId, bill])),
    templates,
    staffNames: new Map(users.map((user) => [user.userId, user.name])),
  };
}

/**
 * A notification's text as of `now`: the template in effect (site → organisation → built-in;
 * webhooks carry the e-mail text) filled from the facts now — a bill's balance, not the one when
 * it was queued. A bill paid or waived in full renders nothing (`settled`). Tenants' messages
 * end with how to opt out.
 */
export async function renderNotification(
  db: Db,
  notification: NotificationToRender,
  context: { now: Date; timeZone: string; receiptUrl(paymentId: string): string },
): Promise<Rendering> {
  return renderWith(await loadRenderFacts(db, [notification]), notification, context);
}

/** {@link renderNotification} from facts already loaded (no I/O). */
export function renderWith(
  loaded: RenderFacts,
  notification: NotificationToRender,
  context: { now: Date; timeZone: string; receiptUrl(paymentId: string): string },
): Rendering {
  const { kind, language } = notification;
  const site = loaded.sites.get(notification.siteId);
  const customer = notification.customerId ? loaded.customers.get(notification.customerId) : null;
  const names = { customerName: customer?.name ?? "", siteName: site?.name ?? "" };
  let variables: Record<string, string>;
  let amountMinor: number | null = null;
  if (kind === "bill_reminder" || kind === "dunning") {
    const bill = loaded.bills.get(notification.subjectId);
    if (!bill) return { settled: true };
    const balanceMinor = Number(bill.amountMinor - bill.allocatedMinor - bill.waivedMinor);
    if (balanceMinor <= 0) return { settled: true };
    amountMinor = balanceMinor;
    variables = billVariables(
      {
        billId: bill.billId,
        feeCode: bill.feeCode,
        periodStart: fromDbDate(bill.periodStart),
        periodEnd: fromDbDate(bill.periodEnd),
        dueDate: fromDbDate(bill.dueDate),
        currency: bill.currency,
        balanceMinor,
      },
      todayIn(context.timeZone, context.now),
      names,
    );
  } else if (kind === "lease_expiring") {
    const facts = notification.facts as { endDate: string; daysLeft: number };
    variables = leaseVariables(notification.subjectId, facts, names);
  } else if (kind === "billing_run_completed") {
    const facts = notification.facts as Parameters<typeof billingRunVariables>[0];
    // A run over every site has no site (''); a site not heard of yet shows its id.
    const siteName = notification.siteId ? site?.name || notification.siteId : null;
    variables = billingRunVariables(facts, { siteName, language });
  } else if (kind === "import_finished") {
    const facts = notification.facts as Parameters<typeof importVariables>[0];
    // A site not heard of yet shows its id.
    const siteName = site?.name || notification.siteId;
    variables = importVariables(facts, { siteName, language });
  } else if (kind === "waiver_requested") {
    const facts = notification.facts as Parameters<typeof waiverVariables>[0];
    amountMinor = facts.amountMinor;
    const requesterName = loaded.staffNames.get(facts.requestedBy) ?? null;
    variables = waiverVariables(facts, { ...names, requesterName });
  } else {
    const facts = notification.facts as Parameters<typeof receiptVariables>[1];
    amountMinor = facts.amountMinor;
    variables = receiptVariables(notification.subjectId, facts, {
      ...names,
      timeZone: context.timeZone,
      language,
      receiptUrl: context.receiptUrl(notification.subjectId),
    });
  }
  const channel = notification.channel === "sms" ? "sms" : "email";
  const template = templateIn(loaded.templates, {
    orgId: notification.orgId,
    siteId: notification.siteId,
    kind,
    language,
    channel,
  });
  const text = renderTemplate(template, variables);
  const footer = notification.audience === "tenant" ? optOutFooter(channel, language) : "";
  return {
    settled: false,
    subject: text.subject,
    body: text.body + footer,
    variables,
    amountMinor,
  };
}
