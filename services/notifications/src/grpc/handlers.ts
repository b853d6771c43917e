import type { NotificationsServiceDefinition } from "@slms/contracts/notifications";
import { invalid } from "@slms/errors";
import { type CallContext, requireCaller, type UnaryHandlers } from "@slms/grpc";
import type { NotificationsDeps } from "../deps.ts";
import { countUnread } from "../use-cases/count-unread.ts";
import { deleteTemplate } from "../use-cases/delete-template.ts";
import { getSiteSettings } from "../use-cases/get-site-settings.ts";
import { listInbox } from "../use-cases/list-inbox.ts";
import { listNotifications } from "../use-cases/list-notifications.ts";
import { listOutboxFiles } from "../use-cases/list-outbox-files.ts";
import { listTemplates } from "../use-cases/list-templates.ts";
import { markInboxRead } from "../use-cases/mark-inbox-read.ts";
import { previewTemplate } from "../use-cases/preview-template.ts";
import { putTemplate } from "../use-cases/put-template.ts";
import { recordOptOut } from "../use-cases/record-opt-out.ts";
import { removeOptOut } from "../use-cases/remove-opt-out.ts";
import { setStaffRecipients } from "../use-cases/set-staff-recipients.ts";
import { updateSiteSettings } from "../use-cases/update-site-settings.ts";
import {
  present,
  toInboxItem,
  toNotification,
  toOutboxFile,
  toSiteSettings,
  toTemplate,
} from "./mappers.ts";

const caller = (context: CallContext) => requireCaller(context.caller);
const required = <T>(value: T | null | undefined, field: string): T => {
  if (value === null || value === undefined) {
    throw invalid("invalid request", [{ field, message: "is required" }]);
  }
  return value;
};

/** gRPC ⇄ use-cases. Only mapping here; rules live in the use-cases and domain. */
export function notificationsHandlers(
  deps: NotificationsDeps,
): UnaryHandlers<NotificationsServiceDefinition> {
  return {
    GetSiteSettings: async (req, ctx) => ({
      settings: toSiteSettings(await getSiteSettings(deps, caller(ctx), req.siteId)),
    }),
    UpdateSiteSettings: async (req, ctx) => {
      const settings = required(req.settings, "settings");
      const view = await updateSiteSettings(deps, caller(ctx), {
        siteId: settings.siteId,
        reminderDaysBefore: settings.reminderDaysBefore,
        ladder: settings.ladder.map((step) => ({
          afterDays: step.afterDays,
          audiences: step.audiences as never[],
        })),
        quietHoursStart: settings.quietHoursStart,
        quietHoursEnd: settings.quietHoursEnd,
        dailyLimit: settings.dailyLimit,
        language: settings.language as never,
        tenantChannels: settings.tenantChannels as never[],
        leaseAlertTenant: settings.leaseAlertTenant,
        webhookUrl: settings.webhookUrl,
        webhookSecret: req.webhookSecret,
      });
      return { settings: toSiteSettings(view) };
    },
    SetStaffRecipients: async (req, ctx) => {
      const recipients = required(req.recipients, "recipients");
      const view = await setStaffRecipients(deps, caller(ctx), {
        siteId: req.siteId,
        role: recipients.role as never,
        emails: recipients.emails,
      });
      return { settings: toSiteSettings(view) };
    },
    PutTemplate: async (req, ctx) => {
      const template = required(req.template, "template");
      const view = await putTemplate(deps, caller(ctx), {
        siteId: template.siteId,
        kind: template.kind as never,
        language: template.language as never,
        channel: template.channel as never,
        subject: template.subject,
        body: template.body,
      });
      return { template: toTemplate(view) };
    },
    DeleteTemplate: async (req, ctx) =>
      deleteTemplate(deps, caller(ctx), {
        siteId: req.siteId,
        kind: req.kind as never,
        language: req.language as never,
        channel: req.channel as never,
      }),
    ListTemplates: async (req, ctx) => ({
      templates: (await listTemplates(deps, caller(ctx), present(req.siteId))).map(toTemplate),
    }),
    PreviewTemplate: async (req, ctx) => {
      const preview = await previewTemplate(deps, caller(ctx), {
        billId: req.billId,
        kind: req.kind as never,
        language: req.language as never,
        channel: req.channel as never,
        draftSubject: req.draftSubject,
        draftBody: req.draftBody,
        afterDays: req.afterDays,
      });
      return {
        subject: preview.subject,
        body: preview.body,
        balance: { currencyCode: preview.currency, amountMinor: preview.balanceMinor },
      };
    },
    RecordOptOut: async (req, ctx) => {
      const optOut = await recordOptOut(deps, caller(ctx), {
        channel: req.channel as never,
        address: req.address,
        source: req.source as never,
        reason: req.reason,
      });
      return { optOut: { ...optOut, recordedAt: optOut.recordedAt.toISOString() } };
    },
    RemoveOptOut: async (req, ctx) =>
      removeOptOut(deps, caller(ctx), { channel: req.channel as never, address: req.address }),
    ListNotifications: async (req, ctx) => {
      const page = await listNotifications(deps, caller(ctx), {
        siteId: present(req.siteId),
        billId: present(req.billId),
        leaseId: present(req.leaseId),
        paymentId: present(req.paymentId),
        customerId: present(req.customerId),
        status: present(req.status) as never,
        pageSize: req.pageSize,
        pageToken: present(req.pageToken),
      });
      return {
        notifications: page.notifications.map(toNotification),
        nextPageToken: page.nextPageToken ?? "",
      };
    },
    ListOutboxFiles: async (req, ctx) => {
      const page = await listOutboxFiles(deps, caller(ctx), {
        siteId: present(req.siteId),
        pageSize: req.pageSize,
        pageToken: present(req.pageToken),
      });
      return { files: page.files.map(toOutboxFile), nextPageToken: page.nextPageToken ?? "" };
    },
    ListInbox: async (req, ctx) => {
      const page = await listInbox(deps, caller(ctx), {
        siteId: present(req.siteId),
        unreadOnly: req.unreadOnly,
        pageSize: req.pageSize,
        pageToken: present(req.pageToken),
      });
      return { items: page.items.map(toInboxItem), nextPageToken: page.nextPageToken ?? "" };
    },
    MarkInboxRead: async (req, ctx) => ({
      marked: await markInboxRead(deps, caller(ctx), {
        ids: req.ids,
        all: req.all,
        siteId: present(req.siteId),
      }),
    }),
    CountUnread: async (req, ctx) => ({
      unread: await countUnread(deps, caller(ctx), { siteId: present(req.siteId) }),
    }),
  };
}
