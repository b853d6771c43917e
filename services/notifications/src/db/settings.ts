import type { Db } from "../deps.ts";
import {
  type Audience,
  defaultSettings,
  type LadderStep,
  type Language,
  type Settings,
  type StaffRole,
  type TenantChannel,
} from "../domain/settings.ts";

/** A site's settings, or the defaults while it has saved none. */
export async function loadSettings(
  db: Db,
  siteId: string,
): Promise<Settings & { customised: boolean }> {
  const row = await db.siteSettings.findUnique({ where: { siteId } });
  if (!row) return { ...defaultSettings, ladder: [...defaultSettings.ladder], customised: false };
  return {
    reminderDaysBefore: row.reminderDaysBefore,
    ladder: row.ladder as unknown as LadderStep[],
    quietStartMinute: row.quietStartMinute,
    quietEndMinute: row.quietEndMinute,
    dailyLimit: row.dailyLimit,
    language: row.language as Language,
    tenantChannels: row.tenantChannels as TenantChannel[],
    leaseAlertTenant: row.leaseAlertTenant,
    webhookUrl: row.webhookUrl,
    webhookSecret: row.webhookSecret,
    customised: true,
  };
}

/** A site's staff e-mail addresses by role. */
export async function loadStaff(db: Db, siteId: string): Promise<Map<StaffRole, string[]>> {
  const rows = await db.staffRecipient.findMany({
    where: { siteId },
    orderBy: [{ role: "asc" }, { email: "asc" }],
  });
  const byRole = new Map<StaffRole, string[]>();
  for (const row of rows) {
    const role = row.role as StaffRole;
    byRole.set(role, [...(byRole.get(role) ?? []), row.email]);
  }
  return byRole;
}

/** A site's time zone as the site events gave it; UTC until one arrives. */
export async function siteTimeZone(db: Db, siteId: string): Promise<string> {
  const site = await db.siteFact.findUnique({ where: { siteId }, select: { timeZone: true } });
  return site?.timeZone ?? "UTC";
}

export const isStaff = (audience: Audience): audience is StaffRole => audience !== "tenant";
