import type { NotificationsDeps, Tx } from "../deps.ts";
import { type StaffNoticeKind, staffNoticeRules } from "../domain/staff-notices.ts";
import { addInboxItems, type InboxNotice } from "./inbox.ts";
import { queueNotifications } from "./queue.ts";
import { renderNotification } from "./render.ts";
import { loadSettings, siteTimeZone } from "./settings.ts";
import { findStaffUsers, type StaffUserQuery } from "./staff-users.ts";

/** A fact staff are told of: in their in-app inboxes, and by e-mail where wanted. */
export interface StaffNoticeRequest {
  orgId: string;
  /** Null: organisation-wide (a billing run over every site). */
  siteId: string | null;
  kind: StaffNoticeKind;
  subjectType: InboxNotice["subjectType"];
  subjectId: string;
  step: string;
  /** The customer the fact is about, if any (its name in the text). */
  customerId: string | null;
  facts: Record<string, unknown>;
  /** Users who get nothing (the requester of a waiver cannot approve it). */
  exclude?: readonly string[];
}

/**
 * Tells staff of a fact as domain/staff-notices.ts says, inside the transaction applying its
 * event: one inbox item per user (rendered in the site's language from the kind's e-mail template
 * in effect), and e-mails queued through the delivery queue (one per address). Both have unique
 * keys, so it adds nothing the second time. Answers how many e-mails were queued.
 */
export async function noticeStaff(
  tx: Tx,
  deps: Pick<NotificationsDeps, "transports" | "clock">,
  request: StaffNoticeRequest,
): Promise<number> {
  const siteKey = request.siteId ?? "";
  const settings = await loadSettings(tx, siteKey);
  const now = deps.clock();
  const rule = staffNoticeRules[request.kind];
  const query: StaffUserQuery = request.siteId
    ? { siteId: request.siteId, siteRoles: rule.siteRoles }
    : { hqRoles: rule.hqRoles };
  const excluded = new Set(request.exclude ?? []);
  const users = (await findStaffUsers(tx, request.orgId, query)).filter(
    (user) => !excluded.has(user.userId),
  );
  if (users.length > 0) {
    const text = await renderNotification(
      tx,
      {
        orgId: request.orgId,
        siteId: siteKey,
        kind: request.kind,
        subjectId: request.subjectId,
        channel: "email",
        audience: "staff",
        customerId: request.customerId,
        language: settings.language,
        facts: request.facts,
      },
      { now, timeZone: await siteTimeZone(tx, siteKey), receiptUrl: () => "" },
    );
    if (!text.settled) {
      await addInboxItems(
        tx,
        {
          orgId: request.orgId,
          siteId: request.siteId,
          kind: request.kind,
          subjectType: request.subjectType,
          subjectId: request.subjectId,
          step: request.step,
          title: text.subject,
          body: text.body,
          variables: text.variables,
        },
        users.map((user) => user.userId),
        now,
      );
    }
  }
  if (!rule.emailRoles) return 0;
  return queueNotifications(tx, deps, {
    orgId: request.orgId,
    siteId: siteKey,
    kind: request.kind,
    subjectType: request.subjectType,
    subjectId: request.subjectId,
    step: request.step,
    audiences: request.siteId ? rule.emailRoles : [],
    staffUsers: users,
    customerId: request.customerId,
    facts: request.facts,
    settings,
  });
}
