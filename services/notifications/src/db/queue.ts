import { newId } from "@slms/db";
import type { NotificationsDeps, Tx } from "../deps.ts";
import { normaliseAddress } from "../domain/addresses.ts";
import type { Audience, Channel, Settings } from "../domain/settings.ts";
import type { Kind } from "../domain/templates.ts";
import { isStaff, loadStaff } from "./settings.ts";

/** One message to queue: what it is about, the step, and who is told. */
export interface QueueRequest {
  orgId: string;
  siteId: string;
  kind: Kind;
  subjectType: "bill" | "lease" | "payment" | "billing_run" | "waiver" | "import";
  subjectId: string;
  /** reminder, d+7, expiry_90, receipt, completed, requested, committed, failed. */
  step: string;
  /** The tenant, and the site's staff recipients of these roles (site settings). */
  audiences: readonly Audience[];
  /** Staff users told by e-mail at their own address too, each as their role (staff notices). */
  staffUsers?: readonly { email: string; role: string }[];
  /** The tenant, for the tenant audience (and the log). */
  customerId: string | null;
  /** Facts the template needs that no read model keeps (lease end date, payment amount…). */
  facts: Record<string, unknown>;
  settings: Settings;
}

interface Row {
  channel: Channel;
  /** An audience, a staff user's role (hq_admin…), or webhook. */
  audience: string;
  recipient: string;
  status: "queued" | "suppressed";
  reason: string | null;
}

/**
 * Creates the step's notification rows — one per channel and recipient — unless they exist
 * (the unique key (subject, step, channel, recipient): a redelivered event or a second scheduler
 * creates nothing; an address that is both a staff recipient and a user's gets one). Tenants are
 * reached on the site's tenant channels this deployment has, staff (the site's recipients by
 * role, and staff users named) by e-mail, the site's webhook if it has one. A tenant without the address, the consent, or who
 * opted out gets a row that says so (suppressed), so the log answers "why was nobody told"; a
 * tenant not known yet gets a row without an address, queued until the customer is known.
 * Answers how many rows were queued to be sent.
 */
export async function queueNotifications(
  tx: Tx,
  deps: Pick<NotificationsDeps, "transports" | "clock">,
  request: QueueRequest,
): Promise<number> {
  const rows: Row[] = [];
  const { transports, clock } = deps;
  const staff = request.audiences.some(isStaff) ? await loadStaff(tx, request.siteId) : null;
  for (const audience of request.audiences) {
    if (audience === "tenant") {
      rows.push(...(await tenantRows(tx, request, transports)));
    } else if (transports.email) {
      for (const email of staff?.get(audience) ?? []) {
        rows.push({ channel: "email", audience, recipient: email, status: "queued", reason: null });
      }
    }
  }
  if (transports.email) {
    for (const user of request.staffUsers ?? []) {
      if (!user.email.trim()) continue;
      const row = { channel: "email", audience: user.role, recipient: user.email } as const;
      rows.push({ ...row, status: "queued", reason: null });
    }
  }
  if (request.settings.webhookUrl && transports.webhook) {
    const recipient = request.settings.webhookUrl;
    rows.push({
      channel: "webhook",
      audience: "webhook",
      recipient,
      status: "queued",
      reason: null,
    });
  }
  const now = clock();
  let queued = 0;
  for (const row of rows) {
    const recipient = normaliseAddress(row.channel, row.recipient);
    const opted =
      row.status === "queued" && row.channel !== "webhook"
        ? await tx.optOut.findUnique({
            where: {
              orgId_channel_address: {
                orgId: request.orgId,
                channel: row.channel,
                address: recipient,
              },
            },
          })
        : null;
    const status = opted ? "suppressed" : row.status;
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO notifications (id, org_id, site_id, kind, subject_type, subject_id, step, channel,
                                  audience, recipient, customer_id, language, status, reason,
                                  next_attempt_at, facts, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::timestamptz,
               $16::jsonb, $15::timestamptz, $15::timestamptz)
       ON CONFLICT (subject_type, subject_id, step, channel, recipient) DO NOTHING`,
      newId("ntf"),
      request.orgId,
      request.siteId,
      request.kind,
      request.subjectType,
      request.subjectId,
      request.step,
      row.channel,
      row.audience,
      recipient,
      request.customerId,
      request.settings.language,
      status,
      opted ? "opted_out" : row.reason,
      now.toISOString(),
      JSON.stringify(request.facts),
    );
    if (inserted > 0 && status === "queued") queued++;
  }
  return queued;
}

async function tenantRows(
  tx: Tx,
  request: QueueRequest,
  transports: NotificationsDeps["transports"],
): Promise<Row[]> {
  const customer = request.customerId
    ? await tx.customerFact.findUnique({ where: { customerId: request.customerId } })
    : null;
  const rows: Row[] = [];
  for (const channel of request.settings.tenantChannels) {
    if (!transports[channel]) continue;
    const address = !customer
      ? ""
      : channel === "email"
        ? customer.email
        : (customer.phones[0] ?? "");
    const consent = channel === "email" ? customer?.consentEmail : customer?.consentSms;
    if (!customer) {
      // Heard of before the customer (events of two services keep no order between them): the
      // dispatcher looks the address up when the customer is known (dispatch-notifications.ts).
      rows.push({
        channel,
        audience: "tenant",
        recipient: "",
        status: "queued",
        reason: "customer_unknown",
      });
      continue;
    }
    const reason = !address ? "no_address" : !consent ? "no_consent" : null;
    rows.push({
      channel,
      audience: "tenant",
      recipient: address,
      status: reason ? "suppressed" : "queued",
      reason,
    });
  }
  return rows;
}
