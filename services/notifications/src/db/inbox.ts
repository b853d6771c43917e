import { newId } from "@slms/db";
import type { Tx } from "../deps.ts";
import type { Kind } from "../domain/templates.ts";

/** One notice for the in-app inboxes of several users. */
export interface InboxNotice {
  orgId: string;
  /** Null: organisation-wide. */
  siteId: string | null;
  kind: Kind;
  subjectType: "billing_run" | "waiver" | "lease" | "import";
  subjectId: string;
  step: string;
  title: string;
  body: string;
  variables: Readonly<Record<string, string>>;
}

/**
 * Puts the notice into each user's inbox unless it is there already (the unique key: subject,
 * kind, step, user — a redelivered event or the fact announced again adds nothing). Answers how
 * many items were added.
 */
export async function addInboxItems(
  tx: Tx,
  notice: InboxNotice,
  userIds: readonly string[],
  now: Date,
): Promise<number> {
  let added = 0;
  for (const userId of userIds) {
    added += await tx.$executeRawUnsafe(
      `INSERT INTO user_inbox_items (id, org_id, site_id, user_id, kind, subject_type, subject_id,
                                     step, title, body, variables, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::timestamptz)
       ON CONFLICT (subject_type, subject_id, kind, step, user_id) DO NOTHING`,
      newId("inb"),
      notice.orgId,
      notice.siteId,
      userId,
      notice.kind,
      notice.subjectType,
      notice.subjectId,
      notice.step,
      notice.title,
      notice.body,
      JSON.stringify(notice.variables),
      now.toISOString(),
    );
  }
  return added;
}
