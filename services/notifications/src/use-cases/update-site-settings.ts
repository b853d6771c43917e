import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { siteInScope } from "../db/scope.ts";
import { loadSettings } from "../db/settings.ts";
import type { NotificationsDeps } from "../deps.ts";
import { audiences, languages, minuteOfDay, tenantChannels } from "../domain/settings.ts";
import { type SettingsView, settingsView } from "./get-site-settings.ts";

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (00:00–23:59)");

const input = z.object({
  siteId: z.string().min(1).max(64),
  reminderDaysBefore: z.number().int().min(0).max(60),
  ladder: z
    .array(
      z.object({
        afterDays: z.number().int().min(1).max(365),
        audiences: z
          .array(z.enum(audiences))
          .min(1, "must name at least one audience")
          .refine((list) => new Set(list).size === list.length, "must not repeat an audience"),
      }),
    )
    .max(12)
    .refine(
      (steps) =>
        steps.every((step, i) => i === 0 || step.afterDays > (steps[i - 1]?.afterDays ?? 0)),
      "steps must be in ascending afterDays, each once",
    ),
  quietHoursStart: clock,
  quietHoursEnd: clock,
  dailyLimit: z.number().int().min(1).max(100),
  language: z.enum(languages),
  tenantChannels: z
    .array(z.enum(tenantChannels))
    .refine((list) => new Set(list).size === list.length, "must not repeat a channel"),
  leaseAlertTenant: z.boolean(),
  webhookUrl: z.union([z.literal(""), z.url({ protocol: /^https?$/ }).max(500)]),
  /** Empty keeps the secret set. */
  webhookSecret: z.string().max(200),
});

/** Replaces a site's notification rules (the webhook secret only when a new one is given). */
export async function updateSiteSettings(
  deps: Pick<NotificationsDeps, "db" | "clock">,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<SettingsView> {
  const data = parseInput(input, request);
  await siteInScope(deps.db, caller, data.siteId);
  const secret = data.webhookSecret || (await loadSettings(deps.db, data.siteId)).webhookSecret;
  const values = {
    orgId: caller.orgId,
    reminderDaysBefore: data.reminderDaysBefore,
    ladder: data.ladder,
    quietStartMinute: minuteOfDay(data.quietHoursStart),
    quietEndMinute: minuteOfDay(data.quietHoursEnd),
    dailyLimit: data.dailyLimit,
    language: data.language,
    tenantChannels: data.tenantChannels,
    leaseAlertTenant: data.leaseAlertTenant,
    webhookUrl: data.webhookUrl || null,
    webhookSecret: secret,
    updatedAt: deps.clock(),
    updatedBy: caller.actor,
  };
  await deps.db.siteSettings.upsert({
    where: { siteId: data.siteId },
    create: { siteId: data.siteId, ...values },
    update: values,
  });
  return settingsView(deps.db, data.siteId);
}
