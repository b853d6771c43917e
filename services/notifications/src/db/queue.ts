import { newId } from "@slms/db";
import type { Db, NotificationsDeps, Tx } from "../deps.ts";
import { normaliseAddress } from "../domain/addresses.ts";
import type { Audience, Channel, Settings, StaffRole } from "../domain/settings.ts";
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

/** One notification row to create. */
export interface QueueRow {
  channel: Channel;
  /** An audience, a staff user's role (hq_admin…), or webhook. */
  audience: string;
  recipient: string;
  status: "queued" | "suppressed";
  reason: string | null;
}

/** What a tenant's rows need of the customer: the addresses and the consents. */
export interface CustomerContact {
  email: string;
  phones: string[];
  consentEmail: boolean;
  consentSms: boolean;
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
  const staff = request.audiences.some(isStaff) ? await loadStaff(tx, request.siteId) : null;
  const customer = request.customerId
    ? await tx.customerFact.findUnique({ where: { customerId: request.customerId } })
    : null;
  const rows = queueRows(request, { customer, staff, transports: deps.transports });
  const inserted = await insertQueueRows(tx, [{ request, rows }], deps.clock());
  return inserted.length;
}

/** The rows of one step (see {@link queueNotifications}), addresses normalised; no I/O. */
export function queueRows(
  request: QueueRequest,
  known: {
    customer: CustomerContact | null;
    staff: Map<StaffRole, string[]> | null;
    transports: NotificationsDeps["transports"];
  },
): QueueRow[] {
  const rows: QueueRow[] = [];
  const { transports, staff } = known;
  for (const audience of request.audiences) {
    if (audience === "tenant") {
      rows.push(...tenantRows(request, known.customer, transports));
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
  return rows.map((row) => ({ ...row, recipient: normaliseAddress(row.channel, row.recipient) }));
}

/**
 * Inserts the rows of several steps in one statement, each unless its unique key exists; a row to
 * be sent to an address that opted out (same organisation and channel) is stored suppressed
 * instead. Answers the rows inserted to be sent (their subjects).
 */
export async function insertQueueRows(
  tx: Db,
  steps: readonly { request: QueueRequest; rows: readonly QueueRow[] }[],
  now: Date,
): Promise<{ subjectId: string }[]> {
  const records = steps.flatMap(({ request, rows }) =>
    rows.map((row) => ({
      id: newId("ntf"),
      ord: 0,
      org_id: request.orgId,
      site_id: request.siteId,
      kind: request.kind,
      subject_type: request.subjectType,
      subject_id: request.subjectId,
      step: request.step,
      channel: row.channel,
      audience: row.audience,
      recipient: row.recipient,
      customer_id: request.customerId,
      language: request.settings.language,
      status: row.status,
      reason: row.reason,
      facts: request.facts,
    })),
  );
  if (records.length === 0) return [];
  // Rows in the given order, so racing writers meet their unique keys in one order.
  records.forEach((record, k) => {
    record.ord = k;
  });
  const inserted = await tx.$queryRawUnsafe<{ subjectId: string; status: string }[]>(
    `INSERT INTO notifications (id, org_id, site_id, kind, subject_type, subject_id, step, channel,
                                audience, recipient, customer_id, language, status, reason,
                                next_attempt_at, facts, created_at, updated_at)
     SELECT r.id, r.org_id, r.site_id, r.kind, r.subject_type, r.subject_id, r.step, r.channel,
            r.audience, r.recipient, r.customer_id, r.language,
            CASE WHEN o.address IS NULL THEN r.status ELSE 'suppressed' END,
            CASE WHEN o.address IS NULL THEN r.reason ELSE 'opted_out' END,
            $2::timestamptz, r.facts, $2::timestamptz, $2::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS r(ord int, id text, org_id text, site_id text,
            kind text, subject_type text, subject_id text, step text, channel text, audience text,
            recipient text, customer_id text, language text, status text, reason text, facts jsonb)
       LEFT JOIN opt_outs o ON r.status = 'queued' AND r.channel <> 'webhook'
            AND o.org_id = r.org_id AND o.channel = r.channel AND o.address = r.recipient
      ORDER BY r.ord
     ON CONFLICT (subject_type, subject_id, step, channel, recipient) DO NOTHING
     RETURNING subject_id AS "subjectId", status`,
    JSON.stringify(records),
    now.toISOString(),
  );
  return inserted.filter((row) => row.status === "queued");
}

function tenantRows(
  request: QueueRequest,
  customer: CustomerContact | null,
  transports: NotificationsDeps["transports"],
): QueueRow[] {
  const rows: QueueRow[] = [];
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
