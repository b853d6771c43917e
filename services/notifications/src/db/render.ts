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
import { staffUserName } from "./staff-users.ts";
import { findTemplate } from "./templates.ts";

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
  const { kind, language } = notification;
  const [site, customer] = await Promise.all([
    db.siteFact.findUnique({ where: { siteId: notification.siteId } }),
    notification.customerId
      ? db.customerFact.findUnique({ where: { customerId: notification.customerId } })
      : null,
  ]);
  const names = { customerName: customer?.name ?? "", siteName: site?.name ?? "" };
  let variables: Record<string, string>;
  let amountMinor: number | null = null;
  if (kind === "bill_reminder" || kind === "dunning") {
    const bill = await db.billFact.findUnique({ where: { billId: notification.subjectId } });
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
    const requesterName = await staffUserName(db, facts.requestedBy);
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
  const template = await findTemplate(db, {
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
