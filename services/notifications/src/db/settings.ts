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
  return row ? { ...fromRow(row), customised: true } : { ...defaults(), customised: false };
}

/** {@link loadSettings} of several sites in one query, by site id. */
export async function loadSettingsOf(
  db: Db,
  siteIds: readonly string[],
): Promise<Map<string, Settings>> {
  const rows = siteIds.length
    ? await db.siteSettings.findMany({ where: { siteId: { in: [...siteIds] } } })
    : [];
  const saved = new Map(rows.map((row) => [row.siteId, fromRow(row)]));
  return new Map(siteIds.map((siteId) => [siteId, saved.get(siteId) ?? defaults()]));
}

const defaults = (): Settings => ({ ...defaultSettings, ladder: [...defaultSettings.ladder] });

function fromRow(row: {
  reminderDaysBefore: number;
  ladder: unknown;
  quietStartMinute: number;
  quietEndMinute: number;
  dailyLimit: number;
  language: string;
  tenantChannels: string[];
  leaseAlertTenant: boolean;
  webhookUrl: string | null;
  webhookSecret: string | null;
}): Settings {
  return {
    reminderDaysBefore: row.reminderDaysBefore,
    ladder: row.ladder as LadderStep[],
    quietStartMinute: row.quietStartMinute,
    quietEndMinute: row.quietEndMinute,
    dailyLimit: row.dailyLimit,
    language: row.language as Language,
    tenantChannels: row.tenantChannels as TenantChannel[],
    leaseAlertTenant: row.leaseAlertTenant,
    webhookUrl: row.webhookUrl,
    webhookSecret: row.webhookSecret,
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
