import type {
  InboxItem,
  Notification,
  OutboxFile,
  SiteSettings,
  Template,
} from "@slms/contracts/notifications";
import { clockText } from "../domain/settings.ts";
import type { SettingsView } from "../use-cases/get-site-settings.ts";
import type { InboxItemView } from "../use-cases/list-inbox.ts";
import type { NotificationView } from "../use-cases/list-notifications.ts";
import type { OutboxFileView } from "../use-cases/list-outbox-files.ts";
import type { TemplateView } from "../use-cases/put-template.ts";

/** Proto3 has no "unset" for plain strings: empty means absent. */
export const present = (value: string | undefined) => (value ? value : undefined);

export function toSiteSettings(view: SettingsView): SiteSettings {
  return {
    siteId: view.siteId,
    reminderDaysBefore: view.reminderDaysBefore,
    ladder: view.ladder.map((step) => ({ afterDays: step.afterDays, audiences: step.audiences })),
    quietHoursStart: clockText(view.quietStartMinute),
    quietHoursEnd: clockText(view.quietEndMinute),
    dailyLimit: view.dailyLimit,
    language: view.language,
    tenantChannels: view.tenantChannels,
    leaseAlertTenant: view.leaseAlertTenant,
    webhookUrl: view.webhookUrl ?? "",
    webhookSecretSet: view.webhookSecretSet,
    staff: view.staff,
    customised: view.customised,
  };
}

export function toTemplate(view: TemplateView): Template {
  return { ...view, variables: [...view.variables] };
}

export function toNotification(view: NotificationView): Notification {
  return {
    id: view.id,
    siteId: view.siteId,
    kind: view.kind,
    subjectType: view.subjectType,
    subjectId: view.subjectId,
    step: view.step,
    channel: view.channel,
    audience: view.audience,
    recipient: view.recipient,
    customerId: view.customerId ?? "",
    status: view.status,
    reason: view.reason ?? "",
    attempts: view.attempts,
    nextAttemptAt: view.status === "queued" ? view.nextAttemptAt.toISOString() : "",
    createdAt: view.createdAt.toISOString(),
    sentAt: view.sentAt?.toISOString() ?? "",
    language: view.language,
    subject: view.subject ?? "",
    body: view.body ?? "",
    amount:
      view.amountMinor === null || !view.currency
        ? null
        : { currencyCode: view.currency, amountMinor: view.amountMinor },
    attachment: view.attachment ?? "",
    attachmentIssue: view.attachmentIssue ?? "",
  };
}

export function toOutboxFile(view: OutboxFileView): OutboxFile {
  return { ...view, writtenAt: view.writtenAt.toISOString() };
}

export function toInboxItem(view: InboxItemView): InboxItem {
  return {
    ...view,
    siteId: view.siteId ?? "",
    variables: { ...view.variables },
    createdAt: view.createdAt.toISOString(),
    readAt: view.readAt?.toISOString() ?? "",
  };
}
