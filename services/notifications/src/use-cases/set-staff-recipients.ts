import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { siteInScope } from "../db/scope.ts";
import type { NotificationsDeps } from "../deps.ts";
import { staffRoles } from "../domain/settings.ts";
import { type SettingsView, settingsView } from "./get-site-settings.ts";

const input = z.object({
  siteId: z.string().min(1).max(64),
  role: z.enum(staffRoles),
  emails: z.array(z.email().max(254)).max(20),
});

/** Replaces the e-mail addresses of a site's staff in one role (lower-cased, each once). */
export async function setStaffRecipients(
  deps: Pick<NotificationsDeps, "db">,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<SettingsView> {
  const data = parseInput(input, request);
  await siteInScope(deps.db, caller, data.siteId);
  const emails = [...new Set(data.emails.map((email) => email.trim().toLowerCase()))];
  await deps.db.$transaction([
    deps.db.staffRecipient.deleteMany({ where: { siteId: data.siteId, role: data.role } }),
    deps.db.staffRecipient.createMany({
      data: emails.map((email) => ({
        siteId: data.siteId,
        role: data.role,
        email,
        orgId: caller.orgId,
      })),
    }),
  ]);
  return settingsView(deps.db, data.siteId);
}
