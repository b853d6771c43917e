import type {
  InboxItem,
  Notification,
  OutboxFile,
  SiteSettings,
  Template,
} from "@slms/contracts/notifications";
import { z } from "zod";
import type { GatewayDeps } from "../deps.ts";
import { id, integer, pageQuery, requiredText, text } from "../http/fields.ts";
import { route } from "../http/route.ts";
import { pageOf, siteIdParams } from "./assets-schemas.ts";

// Notifications (rent reminders, the dunning ladder, lease-expiry alerts, receipts): a site's
// rules and staff recipients, message templates (site, organisation, built-in), opt-outs, and
// the delivery log. The notifications service validates everything again and scopes to the
// caller's sites; these schemas make the API's contract and name the fields as sent here.

const tags = ["Notifications"];

export const notificationKinds = [
  "bill_reminder",
  "dunning",
  "lease_expiring",
  "payment_receipt",
  "billing_run_completed",
  "waiver_requested",
  "import_finished",
] as const;
const templateChannels = ["email", "sms"] as const;
const languages = ["zh-CN", "en"] as const;
const audiences = ["tenant", "site_manager", "finance", "leasing"] as const;
const staffRoles = ["site_manager", "finance", "leasing"] as const;
const statuses = ["queued", "sent", "failed", "suppressed"] as const;
const clock = z
  .string()
  .max(5)
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (00:00–23:59)")
  .describe("HH:MM, the site's time zone");

const settingsSchema = z.object({
  siteId: z.string(),
  reminderDaysBefore: z.number().describe("days before a bill's due date the reminder goes"),
  ladder: z.array(z.object({ afterDays: z.number(), audiences: z.array(z.enum(audiences)) })),
  quietHoursStart: z.string(),
  quietHoursEnd: z.string(),
  dailyLimit: z.number().describe("messages per recipient, channel and day at most"),
  language: z.enum(languages),
  tenantChannels: z.array(z.enum(templateChannels)),
  leaseAlertTenant: z.boolean(),
  webhookUrl: z.string(),
  webhookSecretSet: z.boolean(),
  staff: z.array(z.object({ role: z.enum(staffRoles), emails: z.array(z.string()) })),
  customised: z.boolean().describe("false: the defaults apply"),
});

const settingsBody = z.strictObject({
  reminderDaysBefore: integer(0, 60),
  ladder: z
    .array(
      z.strictObject({
        afterDays: integer(1, 365),
        audiences: z.array(z.enum(audiences)).min(1).max(audiences.length),
      }),
    )
    .max(12)
    .describe("steps after the due date, ascending; each at most once per bill"),
  quietHoursStart: clock,
  quietHoursEnd: clock,
  dailyLimit: integer(1, 100),
  language: z.enum(languages),
  tenantChannels: z.array(z.enum(templateChannels)).max(templateChannels.length),
  leaseAlertTenant: z.boolean(),
  webhookUrl: text(500).describe("https URL signed webhooks go to; empty: none"),
  webhookSecret: text(200)
    .optional()
    .describe("HMAC key of the webhooks; absent or empty keeps the one set"),
});

const templateSchema = z.object({
  siteId: z.string().describe("empty: the organisation's"),
  kind: z.enum(notificationKinds),
  language: z.enum(languages),
  channel: z.enum(templateChannels),
  subject: z.string(),
  body: z.string(),
  source: z.string().describe("site, organisation or built_in"),
  variables: z.array(z.string()).describe("what {{variables}} the kind offers"),
});

const templateParams = z.strictObject({
  kind: z.enum(notificationKinds),
  channel: z.enum(templateChannels),
  language: z.enum(languages),
});
const siteTemplateParams = templateParams.extend({ siteId: id });
const templateBody = z.strictObject({
  subject: text(200).describe("e-mail subject; ignored for SMS"),
  body: requiredText(2_000).describe("text with {{variables}} of the kind"),
});

const previewBody = z.strictObject({
  billId: id,
  kind: z.enum(["bill_reminder", "dunning"]),
  channel: z.enum(templateChannels),
  language: z.enum(languages).optional().describe("absent: the site's"),
  draftSubject: text(200).optional().describe("render this instead of the template in effect"),
  draftBody: text(2_000).optional(),
  afterDays: integer(0, 365).optional().describe("dunning: days past due to render for"),
});

const notificationSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  kind: z.string(),
  subjectType: z.string().describe("bill, lease or payment"),
  subjectId: z.string(),
  step: z.string().describe("e.g. reminder, d+7, expiry-30, receipt"),
  channel: z.string(),
  audience: z.string(),
  recipient: z.string(),
  customerId: z.string().nullable(),
  status: z.enum(statuses),
  reason: z.string().describe("why it failed or was suppressed; empty otherwise"),
  attempts: z.number(),
  nextAttemptAt: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  language: z.string(),
  subject: z.string(),
  body: z.string(),
  amountMinor: z.number().nullable().describe("the balance stated, minor units"),
  currency: z.string().nullable(),
});

const listQuery = pageQuery.extend({
  billId: id.optional(),
  leaseId: id.optional(),
  paymentId: id.optional(),
  customerId: id.optional(),
  status: z.enum(statuses).optional(),
});

const outboxFileSchema = z.object({
  name: z.string(),
  notificationId: z.string(),
  siteId: z.string(),
  channel: z.string(),
  recipient: z.string(),
  subject: z.string(),
  sizeBytes: z.number(),
  writtenAt: z.string(),
});

const optOutBody = z.strictObject({
  channel: z.enum(templateChannels),
  address: requiredText(254).describe("e-mail address or phone number"),
  reason: text(500).optional(),
});

const settingsOut = (s: SiteSettings | null | undefined) => ({
  ...s!,
  language: s!.language as (typeof languages)[number],
  ladder: s!.ladder.map((step) => ({
    afterDays: step.afterDays,
    audiences: step.audiences as (typeof audiences)[number][],
  })),
  tenantChannels: s!.tenantChannels as (typeof templateChannels)[number][],
  staff: s!.staff.map((r) => ({ role: r.role as (typeof staffRoles)[number], emails: r.emails })),
});

const templateOut = (t: Template | null | undefined) => t!;

const notificationOut = (n: Notification) => ({
  id: n.id,
  siteId: n.siteId,
  kind: n.kind,
  subjectType: n.subjectType,
  subjectId: n.subjectId,
  step: n.step,
  channel: n.channel,
  audience: n.audience,
  recipient: n.recipient,
  customerId: n.customerId || null,
  status: n.status,
  reason: n.reason,
  attempts: n.attempts,
  nextAttemptAt: n.nextAttemptAt,
  createdAt: n.createdAt,
  sentAt: n.sentAt || null,
  language: n.language,
  subject: n.subject,
  body: n.body,
  amountMinor: n.amount ? n.amount.amountMinor : null,
  currency: n.amount ? n.amount.currencyCode : null,
});

const outboxFileOut = (f: OutboxFile) => f;

const inboxItemSchema = z.object({
  id: z.string(),
  siteId: z.string().nullable().describe("null: organisation-wide (a run over every site)"),
  kind: z
    .string()
    .describe("billing_run_completed, waiver_requested, lease_expiring or import_finished"),
  subjectType: z.string(),
  subjectId: z.string(),
  step: z.string(),
  title: z.string(),
  body: z.string(),
  variables: z.record(z.string(), z.string()),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

const inboxItemOut = (i: InboxItem) => ({
  id: i.id,
  siteId: i.siteId || null,
  kind: i.kind,
  subjectType: i.subjectType,
  subjectId: i.subjectId,
  step: i.step,
  title: i.title,
  body: i.body,
  variables: i.variables,
  createdAt: i.createdAt,
  readAt: i.readAt || null,
});

const inboxSite = z.strictObject({ siteId: id.optional().describe("one site; absent: all yours") });

export function notificationRoutes({ notifications }: GatewayDeps) {
  return [
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/notification-settings",
      operationId: "getNotificationSettings",
      summary: "A site's notification rules and staff recipients (the defaults until set)",
      tags,
      access: "notifications.read",
      params: siteIdParams,
      responses: { 200: { description: "The site's settings", schema: settingsSchema } },
      handler: async ({ params, caller }) => ({
        status: 200,
        body: settingsOut(
          (await notifications.GetSiteSettings({ siteId: params.siteId }, { caller })).settings,
        ),
      }),
    }),
    route({
      method: "put",
      path: "/api/v1/sites/{siteId}/notification-settings",
      operationId: "updateNotificationSettings",
      summary: "Replace a site's rules: reminder, dunning ladder, quiet hours, daily limit…",
      tags,
      access: "notifications.manage",
      params: siteIdParams,
      body: settingsBody,
      responses: { 200: { description: "The site's settings", schema: settingsSchema } },
      handler: async ({ params, body, caller }) => {
        const { webhookSecret, ...rules } = body;
        const { settings } = await notifications.UpdateSiteSettings(
          { settings: { ...rules, siteId: params.siteId }, webhookSecret: webhookSecret ?? "" },
          { caller },
        );
        return { status: 200, body: settingsOut(settings) };
      },
    }),
    route({
      method: "put",
      path: "/api/v1/sites/{siteId}/notification-settings/staff/{role}",
      operationId: "setNotificationStaff",
      summary: "Replace the e-mail addresses of a site's staff in one role",
      tags,
      access: "notifications.manage",
      params: siteIdParams.extend({ role: z.enum(staffRoles) }),
      body: z.strictObject({ emails: z.array(z.email().max(254)).max(20) }),
      responses: { 200: { description: "The site's settings", schema: settingsSchema } },
      serviceFields: { "recipients.emails": "emails" },
      handler: async ({ params, body, caller }) => ({
        status: 200,
        body: settingsOut(
          (
            await notifications.SetStaffRecipients(
              { siteId: params.siteId, recipients: { role: params.role, emails: body.emails } },
              { caller },
            )
          ).settings,
        ),
      }),
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/notification-templates",
      operationId: "listSiteNotificationTemplates",
      summary: "The templates in effect at a site, each saying where it comes from",
      tags,
      access: "notifications.read",
      params: siteIdParams,
      responses: {
        200: { description: "Templates", schema: z.object({ items: z.array(templateSchema) }) },
      },
      handler: async ({ params, caller }) => ({
        status: 200,
        body: {
          items: (
            await notifications.ListTemplates({ siteId: params.siteId }, { caller })
          ).templates.map(templateOut),
        },
      }),
    }),
    route({
      method: "put",
      path: "/api/v1/sites/{siteId}/notification-templates/{kind}/{channel}/{language}",
      operationId: "putSiteNotificationTemplate",
      summary: "Override a template at a site (an unknown {{variable}} is a 400 naming it)",
      tags,
      access: "notifications.manage",
      params: siteTemplateParams,
      body: templateBody,
      responses: { 200: { description: "The template", schema: templateSchema } },
      serviceFields: { "template.subject": "subject", "template.body": "body" },
      handler: async ({ params, body, caller }) => ({
        status: 200,
        body: templateOut(
          (await notifications.PutTemplate({ template: { ...params, ...body } }, { caller }))
            .template,
        ),
      }),
    }),
    route({
      method: "delete",
      path: "/api/v1/sites/{siteId}/notification-templates/{kind}/{channel}/{language}",
      operationId: "deleteSiteNotificationTemplate",
      summary: "Remove a site's override: the organisation's or built-in template applies again",
      tags,
      access: "notifications.manage",
      params: siteTemplateParams,
      responses: { 204: { description: "Removed (or there was none)" } },
      handler: async ({ params, caller }) => {
        await notifications.DeleteTemplate(params, { caller });
        return { status: 204, body: null };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/notification-templates/preview",
      operationId: "previewNotificationTemplate",
      summary: "Render the template in effect (or a draft) with a bill's real balance today",
      tags,
      access: "notifications.read",
      params: siteIdParams,
      body: previewBody,
      responses: {
        200: {
          description: "The message as it would be sent now",
          schema: z.object({
            subject: z.string(),
            body: z.string(),
            balanceMinor: z.number(),
            currency: z.string(),
          }),
        },
      },
      handler: async ({ body, caller }) => {
        const preview = await notifications.PreviewTemplate(
          {
            billId: body.billId,
            kind: body.kind,
            channel: body.channel,
            language: body.language ?? "",
            draftSubject: body.draftSubject ?? "",
            draftBody: body.draftBody ?? "",
            afterDays: body.afterDays ?? 0,
          },
          { caller },
        );
        return {
          status: 200,
          body: {
            subject: preview.subject,
            body: preview.body,
            balanceMinor: preview.balance?.amountMinor ?? 0,
            currency: preview.balance?.currencyCode ?? "",
          },
        };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/notifications",
      operationId: "listNotifications",
      summary: "The delivery log: queued, sent, failed and suppressed messages, newest first",
      tags,
      access: "notifications.read",
      params: siteIdParams,
      query: listQuery,
      responses: { 200: { description: "A page", schema: pageOf(notificationSchema) } },
      handler: async ({ params, query, caller }) => {
        const page = await notifications.ListNotifications(
          {
            siteId: params.siteId,
            billId: query.billId ?? "",
            leaseId: query.leaseId ?? "",
            paymentId: query.paymentId ?? "",
            customerId: query.customerId ?? "",
            status: query.status ?? "",
            pageSize: query.limit,
            pageToken: query.cursor ?? "",
          },
          { caller },
        );
        return {
          status: 200,
          body: {
            items: page.notifications.map(notificationOut),
            nextCursor: page.nextPageToken || null,
          },
        };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/notification-outbox",
      operationId: "listNotificationOutbox",
      summary: "Embedded mode: the messages written to .data/outbox instead of being sent",
      tags,
      access: "notifications.read",
      params: siteIdParams,
      query: pageQuery,
      responses: { 200: { description: "A page", schema: pageOf(outboxFileSchema) } },
      handler: async ({ params, query, caller }) => {
        const page = await notifications.ListOutboxFiles(
          { siteId: params.siteId, pageSize: query.limit, pageToken: query.cursor ?? "" },
          { caller },
        );
        return {
          status: 200,
          body: { items: page.files.map(outboxFileOut), nextCursor: page.nextPageToken || null },
        };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/notification-templates",
      operationId: "listNotificationTemplates",
      summary: "The organisation's templates in effect (its overrides or the built-in ones)",
      tags,
      access: "notifications.templates",
      responses: {
        200: { description: "Templates", schema: z.object({ items: z.array(templateSchema) }) },
      },
      handler: async ({ caller }) => ({
        status: 200,
        body: {
          items: (await notifications.ListTemplates({ siteId: "" }, { caller })).templates.map(
            templateOut,
          ),
        },
      }),
    }),
    route({
      method: "put",
      path: "/api/v1/notification-templates/{kind}/{channel}/{language}",
      operationId: "putNotificationTemplate",
      summary: "Override a template for the whole organisation (HQ admin)",
      tags,
      access: "notifications.templates",
      params: templateParams,
      body: templateBody,
      responses: { 200: { description: "The template", schema: templateSchema } },
      serviceFields: { "template.subject": "subject", "template.body": "body" },
      handler: async ({ params, body, caller }) => ({
        status: 200,
        body: templateOut(
          (
            await notifications.PutTemplate(
              { template: { ...params, ...body, siteId: "" } },
              { caller },
            )
          ).template,
        ),
      }),
    }),
    route({
      method: "delete",
      path: "/api/v1/notification-templates/{kind}/{channel}/{language}",
      operationId: "deleteNotificationTemplate",
      summary: "Remove the organisation's override: the built-in template applies again",
      tags,
      access: "notifications.templates",
      params: templateParams,
      responses: { 204: { description: "Removed (or there was none)" } },
      handler: async ({ params, caller }) => {
        await notifications.DeleteTemplate({ ...params, siteId: "" }, { caller });
        return { status: 204, body: null };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/notification-opt-outs",
      operationId: "recordNotificationOptOut",
      summary: "Record that an address wants no more messages on a channel (organisation-wide)",
      tags,
      access: "notifications.manage",
      body: optOutBody,
      responses: {
        201: {
          description: "The opt-out",
          schema: z.object({
            channel: z.string(),
            address: z.string(),
            source: z.string(),
            reason: z.string(),
            actor: z.string(),
            recordedAt: z.string(),
          }),
        },
      },
      handler: async ({ body, caller }) => ({
        status: 201,
        body: (
          await notifications.RecordOptOut(
            { ...body, reason: body.reason ?? "", source: "staff" },
            { caller },
          )
        ).optOut,
      }),
    }),
    route({
      method: "delete",
      path: "/api/v1/notification-opt-outs/{channel}/{address}",
      operationId: "removeNotificationOptOut",
      summary: "Take an opt-out back (the tenant consented again)",
      tags,
      access: "notifications.manage",
      params: z.strictObject({
        channel: z.enum(templateChannels),
        address: requiredText(254),
      }),
      responses: { 204: { description: "Removed (or there was none)" } },
      handler: async ({ params, caller }) => {
        await notifications.RemoveOptOut(params, { caller });
        return { status: 204, body: null };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/me/inbox",
      operationId: "listInbox",
      summary:
        "Your in-app notifications (billing runs, waivers awaiting approval, expiring leases)",
      tags,
      access: "authenticated",
      query: pageQuery.extend({
        siteId: id.optional(),
        unreadOnly: z
          .enum(["true", "false"])
          .optional()
          .transform((v) => v === "true"),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      responses: { 200: { description: "Newest first", schema: pageOf(inboxItemSchema) } },
      handler: async ({ query, caller }) => {
        const page = await notifications.ListInbox(
          {
            siteId: query.siteId ?? "",
            unreadOnly: query.unreadOnly,
            pageSize: query.limit,
            pageToken: query.cursor ?? "",
          },
          { caller },
        );
        return {
          status: 200,
          body: { items: page.items.map(inboxItemOut), nextCursor: page.nextPageToken || null },
        };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/me/inbox/unread-count",
      operationId: "countUnreadInbox",
      summary: "How many of your in-app notifications are unread",
      tags,
      access: "authenticated",
      query: inboxSite,
      responses: {
        200: { description: "The count", schema: z.object({ unread: z.number() }) },
      },
      handler: async ({ query, caller }) => ({
        status: 200,
        body: await notifications.CountUnread({ siteId: query.siteId ?? "" }, { caller }),
      }),
    }),
    route({
      method: "post",
      path: "/api/v1/me/inbox/read",
      operationId: "markInboxRead",
      summary: "Mark your notifications read: some by id, or all (of one site)",
      tags,
      access: "authenticated",
      body: z
        .strictObject({
          ids: z.array(id).min(1).max(500).optional(),
          all: z.literal(true).optional(),
          siteId: id.optional().describe("with all: only this site's"),
        })
        .refine((b) => (b.ids === undefined) !== (b.all === undefined), {
          message: "give either ids or all",
          path: ["ids"],
        }),
      responses: {
        200: {
          description: "How many were unread and are read now",
          schema: z.object({ marked: z.number() }),
        },
      },
      handler: async ({ body, caller }) => ({
        status: 200,
        body: await notifications.MarkInboxRead(
          { ids: body.ids ?? [], all: body.all ?? false, siteId: body.siteId ?? "" },
          { caller },
        ),
      }),
    }),
  ];
}
