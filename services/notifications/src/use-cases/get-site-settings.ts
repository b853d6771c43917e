import type { Caller } from "@slms/grpc";
import { siteInScope } from "../db/scope.ts";
import { loadSettings, loadStaff } from "../db/settings.ts";
import type { Db, NotificationsDeps } from "../deps.ts";
import { type Settings, type StaffRole, staffRoles } from "../domain/settings.ts";

/** A site's settings as shown: never the webhook secret, only whether one is set. */
export interface SettingsView extends Omit<Settings, "webhookSecret"> {
  siteId: string;
  webhookSecretSet: boolean;
  staff: { role: StaffRole; emails: string[] }[];
  /** False while the site uses the defaults. */
  customised: boolean;
}

/** A site's notification rules and staff recipients (the defaults until set). */
export async function getSiteSettings(
  deps: Pick<NotificationsDeps, "db">,
  caller: Caller,
  siteId: string,
): Promise<SettingsView> {
  await siteInScope(deps.db, caller, siteId);
  return settingsView(deps.db, siteId);
}

export async function settingsView(db: Db, siteId: string): Promise<SettingsView> {
  const { webhookSecret, ...settings } = await loadSettings(db, siteId);
  const staff = await loadStaff(db, siteId);
  return {
    ...settings,
    siteId,
    webhookSecretSet: Boolean(webhookSecret),
    staff: staffRoles.map((role) => ({ role, emails: staff.get(role) ?? [] })),
  };
}
