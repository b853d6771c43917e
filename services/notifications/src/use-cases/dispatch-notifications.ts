import { startOfDayIn, todayIn } from "@slms/primitives";
import type { OutgoingMessage, SendOutcome } from "../channels/transport.ts";
import { renderNotification } from "../db/render.ts";
import { loadSettings } from "../db/settings.ts";
import type { NotificationsDeps, Tx } from "../deps.ts";
import { normaliseAddress } from "../domain/addresses.ts";
import { retryDelayMs } from "../domain/backoff.ts";
import { nextDayAt, notBefore } from "../domain/quiet-hours.ts";
import type { Channel, Language, Settings } from "../domain/settings.ts";
import type { Kind } from "../domain/templates.ts";

/** What one dispatcher run did. */
export interface DispatchReport {
  sent: number;
  /** Failed for good (permanent, or out of tries). */
  failed: number;
  /** Failed for now; queued again with a backoff. */
  retrying: number;
  /** Not sent, with the reason (bill settled, consent withdrawn, opted out). */
  suppressed: number;
  /** Waiting for the end of quiet hours or the next day (daily limit). */
  deferred: number;
}

interface Due {
  id: string;
  org_id: string;
  site_id: string;
  kind: Kind;
  subject_type: string;
  subject_id: string;
  step: string;
  created_at: Date;
  channel: Channel;
  audience: string;
  recipient: string;
  customer_id: string | null;
  language: Language;
  attempts: number;
  facts: Record<string, unknown>;
}

interface Claimed {
  message: OutgoingMessage;
  subjectId: string;
  attempts: number;
  claimedUntil: string;
}

/**
 * Sends the queued notifications whose time has come, up to `limit` of them. Safe to run on
 * every replica at once: a run claims its messages in one short transaction (`FOR UPDATE SKIP
 * LOCKED`, then `claimed_until`), so two dispatchers never hold the same message, and a
 * dispatcher that died lets go when its claim runs out. Just before sending, each message is
 * checked again — a bill paid or waived since, consent withdrawn, an opt-out: suppressed with
 * the reason; an SMS in the site's quiet hours or a recipient at the site's daily limit: deferred
 * (to the end of the quiet hours, to the next day) — and rendered with the facts of now. Then it
 * is sent outside any transaction; a permanent failure is final, any other is tried again after
 * an exponential backoff until the retry policy gives up.
 *
 * A crash after the provider took a message and before it is marked sent sends it again once the
 * claim runs out; the notification id travels with it (Message-ID, SMS OutId, webhook header) so
 * the receiving end can tell.
 */
export async function dispatchNotifications(
  deps: NotificationsDeps,
  options: { limit?: number } = {},
): Promise<DispatchReport> {
  const report: DispatchReport = { sent: 0, failed: 0, retrying: 0, suppressed: 0, deferred: 0 };
  const claimed = await claim(deps, options.limit ?? 50, report);
  await Promise.all(claimed.map((one) => sendOne(deps, one, report)));
  return report;
}

async function claim(deps: NotificationsDeps, limit: number, report: DispatchReport) {
  const now = deps.clock();
  const claimedUntil = new Date(now.getTime() + deps.claimTtlMs).toISOString();
  return deps.db.$transaction(async (tx) => {
    const due = await tx.$queryRawUnsafe<Due[]>(
      `SELECT id, org_id, site_id, kind, subject_type, subject_id, step, channel, audience, recipient,
              customer_id, language, attempts, facts, created_at
         FROM notifications
        WHERE status = 'queued' AND next_attempt_at <= $1::timestamptz
          AND (claimed_until IS NULL OR claimed_until <= $1::timestamptz)
        ORDER BY next_attempt_at, id
        LIMIT $2
          FOR UPDATE SKIP LOCKED`,
      now.toISOString(),
      limit,
    );
    // Recipient locks are taken in one order by every dispatcher, so two never deadlock.
    due.sort((a, b) => `${a.channel}:${a.recipient}`.localeCompare(`${b.channel}:${b.recipient}`));
    const sites = new Map<string, { settings: Settings; timeZone: string }>();
    const claimed: Claimed[] = [];
    for (const row of due) {
      let site = sites.get(row.site_id);
      if (!site) {
        const fact = await tx.siteFact.findUnique({ where: { siteId: row.site_id } });
        site = { settings: await loadSettings(tx, row.site_id), timeZone: fact?.timeZone ?? "UTC" };
        sites.set(row.site_id, site);
      }
      const decision = await decide(tx, deps, row, site, now);
      if (decision.kind === "suppress") {
        await finish(tx, row.id, now, { status: "suppressed", reason: decision.reason });
        report.suppressed++;
      } else if (decision.kind === "defer") {
        await tx.$executeRawUnsafe(
          `UPDATE notifications SET next_attempt_at = $2::timestamptz, reason = $3,
                  updated_at = $4::timestamptz
            WHERE id = $1`,
          row.id,
          decision.until.toISOString(),
          decision.reason,
          now.toISOString(),
        );
        report.deferred++;
      } else {
        await tx.$executeRawUnsafe(
          `UPDATE notifications
              SET claimed_until = $2::timestamptz, attempts = attempts + 1, subject = $3,
                  body = $4, amount_minor = $5, updated_at = $6::timestamptz
            WHERE id = $1`,
          row.id,
          claimedUntil,
          decision.message.subject,
          decision.message.body,
          decision.amountMinor,
          now.toISOString(),
        );
        claimed.push({
          message: decision.message,
          subjectId: row.subject_id,
          attempts: row.attempts + 1,
          claimedUntil,
        });
      }
    }
    return claimed;
  });
}

type Decision =
  | { kind: "suppress"; reason: string }
  | { kind: "defer"; until: Date; reason: string }
  | { kind: "send"; message: OutgoingMessage; amountMinor: number | null };

async function decide(
  tx: Tx,
  deps: NotificationsDeps,
  row: Due,
  site: { settings: Settings; timeZone: string },
  now: Date,
): Promise<Decision> {
  const { settings, timeZone } = site;
  if (!deps.transports[row.channel]) return { kind: "suppress", reason: "channel_off" };
  if (row.audience === "tenant") {
    const customer = row.customer_id
      ? await tx.customerFact.findUnique({ where: { customerId: row.customer_id } })
      : null;
    if (!customer) {
      if (now.getTime() - row.created_at.getTime() > CUSTOMER_WAIT_MS) {
        return { kind: "suppress", reason: "customer_unknown" };
      }
      return {
        kind: "defer",
        until: new Date(now.getTime() + 600_000),
        reason: "customer_unknown",
      };
    }
    const consent = row.channel === "email" ? customer.consentEmail : customer.consentSms;
    if (!consent) return { kind: "suppress", reason: "no_consent" };
    if (row.recipient === "") {
      const resolved = await resolveAddress(tx, row, customer);
      if (resolved) return resolved;
    }
  }
  if (row.channel !== "webhook") {
    const optedOut = await tx.optOut.findUnique({
      where: {
        orgId_channel_address: { orgId: row.org_id, channel: row.channel, address: row.recipient },
      },
    });
    if (optedOut) return { kind: "suppress", reason: "opted_out" };
  }
  const rendering = await renderNotification(
    tx,
    {
      orgId: row.org_id,
      siteId: row.site_id,
      kind: row.kind,
      subjectId: row.subject_id,
      channel: row.channel,
      audience: row.audience,
      customerId: row.customer_id,
      language: row.language,
      facts: row.facts,
    },
    { now, timeZone, receiptUrl: deps.receiptUrl },
  );
  if (rendering.settled) return { kind: "suppress", reason: "bill_settled" };
  if (row.channel === "sms") {
    const until = notBefore(now, timeZone, settings.quietStartMinute, settings.quietEndMinute);
    if (until > now) return { kind: "defer", until, reason: "quiet_hours" };
  }
  if (row.channel !== "webhook" && (await atDailyLimit(tx, row, settings, timeZone, now))) {
    const until = nextDayAt(now, timeZone, row.channel === "sms" ? settings.quietEndMinute : 0);
    return { kind: "defer", until, reason: "daily_limit" };
  }
  return {
    kind: "send",
    amountMinor: rendering.amountMinor,
    message: {
      id: row.id,
      orgId: row.org_id,
      siteId: row.site_id,
      kind: row.kind,
      channel: row.channel,
      recipient: row.recipient,
      language: row.language,
      subject: rendering.subject,
      body: rendering.body,
      variables: rendering.variables,
      webhookSecret: row.channel === "webhook" ? settings.webhookSecret : null,
    },
  };
}

/** How long a message about a customer not heard of yet waits for the customer's event. */
const CUSTOMER_WAIT_MS = 86_400_000;

/**
 * Gives a row queued before its customer was known the customer's address on its channel, unless
 * it has none or the step already has a row for that address (then it is suppressed).
 */
async function resolveAddress(
  tx: Tx,
  row: Due,
  customer: { email: string; phones: string[] },
): Promise<Decision | null> {
  const raw = row.channel === "email" ? customer.email : (customer.phones[0] ?? "");
  const address = normaliseAddress(row.channel, raw);
  if (!address) return { kind: "suppress", reason: "no_address" };
  const taken = await tx.notification.findFirst({
    where: {
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      step: row.step,
      channel: row.channel,
      recipient: address,
    },
    select: { id: true },
  });
  if (taken) return { kind: "suppress", reason: "duplicate" };
  await tx.notification.update({ where: { id: row.id }, data: { recipient: address } });
  row.recipient = address;
  return null;
}

/**
 * Whether the recipient already had the site's daily limit of messages on the channel today
 * (site time zone), counting those sent and those another dispatcher is sending now. A
 * transaction-scoped lock per recipient makes concurrent dispatchers count one after the other.
 */
async function atDailyLimit(tx: Tx, row: Due, settings: Settings, timeZone: string, now: Date) {
  await tx.$executeRawUnsafe(
    "SELECT pg_advisory_xact_lock(hashtextextended($1, 7))",
    `${row.channel}:${row.recipient}`,
  );
  const dayStart = startOfDayIn(todayIn(timeZone, now), timeZone);
  const [count] = await tx.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM notifications
      WHERE channel = $1 AND recipient = $2 AND id <> $5
        AND ((status = 'sent' AND sent_at >= $3::timestamptz)
          OR (status = 'queued' AND claimed_until > $4::timestamptz))`,
    row.channel,
    row.recipient,
    dayStart.toISOString(),
    now.toISOString(),
    row.id,
  );
  return (count?.n ?? 0) >= settings.dailyLimit;
}

async function sendOne(deps: NotificationsDeps, one: Claimed, report: DispatchReport) {
  const transport = deps.transports[one.message.channel];
  const prepared = await withReceipt(deps, one);
  let outcome: SendOutcome;
  try {
    outcome =
      "retry" in prepared
        ? { status: "failed", permanent: false, reason: prepared.retry }
        : transport
          ? await transport.send(prepared.message)
          : { status: "failed", permanent: true, reason: "channel_off" };
  } catch (error) {
    const reason = `${one.message.channel}: ${error instanceof Error ? error.message : String(error)}`;
    outcome = { status: "failed", permanent: false, reason };
  }
  const now = deps.clock();
  await deps.db.$transaction(async (tx) => {
    const mine = { id: one.message.id, claimedUntil: one.claimedUntil };
    if (outcome.status === "sent") {
      const attached = "retry" in prepared ? { attachment: null, issue: null } : prepared;
      await finish(tx, mine, now, { status: "sent", providerId: outcome.providerId, ...attached });
      report.sent++;
      return;
    }
    const delay = outcome.permanent ? null : retryDelayMs(one.attempts, deps.retry);
    if (delay === null) {
      const reason = outcome.permanent
        ? outcome.reason
        : `gave up after ${one.attempts} tries: ${outcome.reason}`;
      await finish(tx, mine, now, { status: "failed", reason });
      report.failed++;
      deps.logger.warn({ notificationId: one.message.id, reason }, "notification failed");
      return;
    }
    await tx.$executeRawUnsafe(
      `UPDATE notifications
          SET next_attempt_at = $3::timestamptz, reason = $4, claimed_until = NULL,
              updated_at = $5::timestamptz
        WHERE id = $1 AND claimed_until = $2::timestamptz`,
      one.message.id,
      one.claimedUntil,
      new Date(now.getTime() + delay).toISOString(),
      outcome.reason,
      now.toISOString(),
    );
    report.retrying++;
  });
}

/**
 * A receipt e-mail with the payment's receipt PDF from payments attached; without it when no
 * payments service is configured or payments refuses for good (the link in the text stands in,
 * and the log says why); or, payments being unreachable, a passing failure to try again — until
 * the retry policy would give up, when the e-mail goes with the link rather than not at all.
 * Other messages go as they are.
 */
async function withReceipt(
  deps: NotificationsDeps,
  one: Claimed,
): Promise<
  { retry: string } | { message: OutgoingMessage; attachment: string | null; issue: string | null }
> {
  const { message } = one;
  if (message.kind !== "payment_receipt" || message.channel !== "email") {
    return { message, attachment: null, issue: null };
  }
  if (!deps.receipts) return { message, attachment: null, issue: "no payments service configured" };
  const fetched = await deps.receipts.fetch({
    orgId: message.orgId,
    siteId: message.siteId,
    paymentId: one.subjectId,
  });
  if (fetched.status === "ok") {
    const { attachment } = fetched;
    return {
      message: { ...message, attachments: [attachment] },
      attachment: attachment.filename,
      issue: null,
    };
  }
  if (!fetched.permanent && retryDelayMs(one.attempts, deps.retry) !== null) {
    return { retry: `receipt pdf: ${fetched.reason}` };
  }
  const issue = fetched.permanent
    ? fetched.reason
    : `gave up after ${one.attempts} tries: ${fetched.reason}`;
  deps.logger.warn({ notificationId: message.id, issue }, "receipt e-mailed without its PDF");
  return { message, attachment: null, issue };
}

/**
 * A notification's final state. With a claim, only while the claim is still the caller's (a
 * dispatcher whose claim ran out and was taken over records nothing).
 */
async function finish(
  tx: Tx,
  target: string | { id: string; claimedUntil: string },
  now: Date,
  end:
    | {
        status: "sent";
        providerId: string | null;
        /** The file attached, or why a receipt went without its PDF. */
        attachment?: string | null;
        issue?: string | null;
      }
    | { status: "failed" | "suppressed"; reason: string },
) {
  const id = typeof target === "string" ? target : target.id;
  const claim = typeof target === "string" ? null : target.claimedUntil;
  await tx.$executeRawUnsafe(
    `UPDATE notifications
        SET status = $3, reason = $4, provider_id = $5, claimed_until = NULL,
            sent_at = CASE WHEN $3 = 'sent' THEN $6::timestamptz END, updated_at = $6::timestamptz,
            attachment = $7, attachment_issue = $8
      WHERE id = $1 AND ($2::timestamptz IS NULL OR claimed_until = $2::timestamptz)`,
    id,
    claim,
    end.status,
    end.status === "sent" ? null : end.reason,
    end.status === "sent" ? end.providerId : null,
    now.toISOString(),
    end.status === "sent" ? (end.attachment ?? null) : null,
    end.status === "sent" ? (end.issue ?? null) : null,
  );
}
