import { startOfDayIn, todayIn } from "@slms/primitives";
import type { OutgoingMessage, SendOutcome } from "../channels/transport.ts";
import {
  applyDecisions,
  type DueRow,
  lockAndCountToday,
  lockDue,
  type Outcome,
  optedOut,
  type RowDecision,
  recordOutcomes,
} from "../db/dispatch-batch.ts";
import {
  loadRenderFacts,
  type NotificationToRender,
  type RenderFacts,
  renderWith,
} from "../db/render.ts";
import { loadSettingsOf } from "../db/settings.ts";
import type { NotificationsDeps, Tx } from "../deps.ts";
import { normaliseAddress } from "../domain/addresses.ts";
import { retryDelayMs } from "../domain/backoff.ts";
import { nextDayAt, notBefore } from "../domain/quiet-hours.ts";

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
 * (to the end of the quiet hours, to the next day) — and rendered with the facts of now. Then the
 * batch is sent outside any transaction, all at once (a transport's own pool bounds it), and the
 * outcomes are recorded together when the last one is back: a permanent failure is final, any
 * other is tried again after an exponential backoff until the retry policy gives up.
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
  const outcomes = await Promise.all(claimed.map((one) => sendOne(deps, one, report)));
  await recordOutcomes(deps.db, outcomes, deps.clock());
  return report;
}

type Decision =
  | { kind: "suppress"; reason: string }
  | { kind: "defer"; until: Date; reason: string };

/**
 * Claims a batch in one transaction and a fixed number of statements whatever its size: the rows,
 * the facts to check and render them with, the site settings and the opt-outs are loaded for the
 * whole batch; each row is decided in memory; the recipients still to be sent to are locked and
 * counted against the daily limit in one go; every decision is written in one statement.
 */
async function claim(
  deps: NotificationsDeps,
  limit: number,
  report: DispatchReport,
): Promise<Claimed[]> {
  const now = deps.clock();
  const claimedUntil = new Date(now.getTime() + deps.claimTtlMs).toISOString();
  return deps.db.$transaction(async (tx) => {
    const due = await lockDue(tx, now, limit);
    if (due.length === 0) return [];
    const facts = await loadRenderFacts(tx, due.map(toRender));
    const settingsOf = await loadSettingsOf(tx, [...new Set(due.map((row) => row.site_id))]);
    const decisions: RowDecision[] = [];
    const resolved = new Map<string, string>();
    const decide = (row: DueRow, decision: Decision) => {
      decisions.push({ id: row.id, ...decision, recipient: resolved.get(row.id) });
      if (decision.kind === "suppress") report.suppressed++;
      else report.deferred++;
    };

    const checked: DueRow[] = [];
    for (const row of due) {
      const early = await beforeOptOut(tx, deps, row, facts, now);
      if (early && "recipient" in early) resolved.set(row.id, early.recipient);
      if (early && "kind" in early) decide(row, early);
      else checked.push(row);
    }
    const opted = await optedOut(
      tx,
      checked
        .filter((row) => row.channel !== "webhook")
        .map((row) => ({ orgId: row.org_id, channel: row.channel, address: row.recipient })),
    );
    const sendable: { row: DueRow; timeZone: string; rendering: Rendered }[] = [];
    for (const row of checked) {
      if (opted.has(`${row.org_id} ${row.channel} ${row.recipient}`)) {
        decide(row, { kind: "suppress", reason: "opted_out" });
        continue;
      }
      const settings = settingsOf.get(row.site_id)!;
      const timeZone = facts.sites.get(row.site_id)?.timeZone ?? "UTC";
      const rendering = renderWith(facts, toRender(row), {
        now,
        timeZone,
        receiptUrl: deps.receiptUrl,
      });
      if (rendering.settled) {
        decide(row, { kind: "suppress", reason: "bill_settled" });
        continue;
      }
      if (row.channel === "sms") {
        const until = notBefore(now, timeZone, settings.quietStartMinute, settings.quietEndMinute);
        if (until > now) {
          decide(row, { kind: "defer", until, reason: "quiet_hours" });
          continue;
        }
      }
      sendable.push({ row, timeZone, rendering });
    }

    // The daily limit: what each recipient had today, plus what this batch gives them.
    const dayStartOf = (timeZone: string) => startOfDayIn(todayIn(timeZone, now), timeZone);
    const limited = sendable.filter(({ row }) => row.channel !== "webhook");
    const counts = await lockAndCountToday(
      tx,
      limited.map(({ row, timeZone }) => ({
        channel: row.channel,
        recipient: row.recipient,
        dayStart: dayStartOf(timeZone),
      })),
      now,
    );
    const inBatch = new Map<string, number>();
    const claimed: Claimed[] = [];
    for (const { row, timeZone, rendering } of sendable) {
      const settings = settingsOf.get(row.site_id)!;
      if (row.channel !== "webhook") {
        const recipient = `${row.channel} ${row.recipient}`;
        const before = counts.get(`${recipient} ${dayStartOf(timeZone).getTime()}`) ?? 0;
        const mine = inBatch.get(recipient) ?? 0;
        if (before + mine >= settings.dailyLimit) {
          const minute = row.channel === "sms" ? settings.quietEndMinute : 0;
          decide(row, {
            kind: "defer",
            until: nextDayAt(now, timeZone, minute),
            reason: "daily_limit",
          });
          continue;
        }
        inBatch.set(recipient, mine + 1);
      }
      const message: OutgoingMessage = {
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
      };
      decisions.push({
        id: row.id,
        kind: "claim",
        claimedUntil,
        subject: message.subject,
        body: message.body,
        amountMinor: rendering.amountMinor,
        recipient: resolved.get(row.id),
      });
      claimed.push({
        message,
        subjectId: row.subject_id,
        attempts: row.attempts + 1,
        claimedUntil,
      });
    }
    await applyDecisions(tx, decisions, now);
    return claimed;
  });
}

type Rendered = Exclude<ReturnType<typeof renderWith>, { settled: true }>;

const toRender = (row: DueRow): NotificationToRender => ({
  orgId: row.org_id,
  siteId: row.site_id,
  kind: row.kind,
  subjectId: row.subject_id,
  channel: row.channel,
  audience: row.audience,
  customerId: row.customer_id,
  language: row.language,
  facts: row.facts,
});

/**
 * The checks before the opt-outs: the channel is on; a tenant's customer is known and consents
 * on the channel; a row queued before its customer was known gets the customer's address (its
 * `recipient` is changed in place, and answered so the row is stored with it).
 */
async function beforeOptOut(
  tx: Tx,
  deps: NotificationsDeps,
  row: DueRow,
  facts: RenderFacts,
  now: Date,
): Promise<Decision | { recipient: string } | null> {
  if (!deps.transports[row.channel]) return { kind: "suppress", reason: "channel_off" };
  if (row.audience !== "tenant") return null;
  const customer = row.customer_id ? facts.customers.get(row.customer_id) : undefined;
  if (!customer) {
    if (now.getTime() - row.created_at.getTime() > CUSTOMER_WAIT_MS) {
      return { kind: "suppress", reason: "customer_unknown" };
    }
    return { kind: "defer", until: new Date(now.getTime() + 600_000), reason: "customer_unknown" };
  }
  const consent = row.channel === "email" ? customer.consentEmail : customer.consentSms;
  if (!consent) return { kind: "suppress", reason: "no_consent" };
  return row.recipient === "" ? resolveAddress(tx, row, customer) : null;
}

/** How long a message about a customer not heard of yet waits for the customer's event. */
const CUSTOMER_WAIT_MS = 86_400_000;

/**
 * The address for a row queued before its customer was known: the customer's on the row's
 * channel — unless it has none or the step already has a row for that address (then the row is
 * suppressed). Rare: one query per such row.
 */
async function resolveAddress(
  tx: Tx,
  row: DueRow,
  customer: { email: string; phones: string[] },
): Promise<Decision | { recipient: string }> {
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
  row.recipient = address;
  return { recipient: address };
}

/** Sends one claimed message; answers how it went, for {@link recordOutcomes}. */
async function sendOne(
  deps: NotificationsDeps,
  one: Claimed,
  report: DispatchReport,
): Promise<Outcome> {
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
  const mine = { id: one.message.id, claimedUntil: one.claimedUntil };
  if (outcome.status === "sent") {
    const attached = "retry" in prepared ? { attachment: null, issue: null } : prepared;
    report.sent++;
    const { attachment, issue } = attached;
    return { ...mine, status: "sent", providerId: outcome.providerId, attachment, issue };
  }
  const delay = outcome.permanent ? null : retryDelayMs(one.attempts, deps.retry);
  if (delay === null) {
    const reason = outcome.permanent
      ? outcome.reason
      : `gave up after ${one.attempts} tries: ${outcome.reason}`;
    report.failed++;
    deps.logger.warn({ notificationId: one.message.id, reason }, "notification failed");
    return { ...mine, status: "failed", reason };
  }
  report.retrying++;
  const at = new Date(deps.clock().getTime() + delay);
  return { ...mine, status: "retry", reason: outcome.reason, at };
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
