/**
 * Who on the staff hears of what. Staff notices go into the in-app inbox of every user holding
 * one of the roles (users as `gateway.user.created` announced them) and, for the kinds with
 * `emailRoles`, by e-mail too: to those roles' staff recipients of the site (site settings) and to
 * each inbox user's own address. Opt-outs of an address apply to staff as to tenants.
 *
 * - A billing run finished (or failed): finance and site managers of its site; a run over every
 *   site goes to the organisation's HQ admins.
 * - A waiver awaits approval: site managers and finance of the bill's site — not the requester,
 *   who may not approve it.
 * - A lease expiring (90/60/30 days): site managers and clerks of the site, in the inbox; its
 *   e-mail still goes to the leasing recipients (and the tenant) as the site's settings say.
 * - A go-live import committed or failed: the site managers of its site, in the inbox and by
 *   e-mail, and the site's site_manager recipients.
 */
import type { StaffRole } from "./settings.ts";

export interface StaffNoticeRule {
  /** Site roles (gateway memberships) whose users get an inbox item. */
  siteRoles: readonly string[];
  /** HQ roles told instead when the fact has no site. */
  hqRoles: readonly string[];
  /** Also by e-mail: these roles' staff recipients, and the users' own addresses. */
  emailRoles: readonly StaffRole[] | null;
}

export const staffNoticeRules = {
  billing_run_completed: {
    siteRoles: ["finance", "site_manager"],
    hqRoles: ["hq_admin"],
    emailRoles: ["finance", "site_manager"],
  },
  waiver_requested: {
    siteRoles: ["site_manager", "finance"],
    hqRoles: [],
    emailRoles: ["site_manager", "finance"],
  },
  lease_expiring: {
    siteRoles: ["site_manager", "clerk"],
    hqRoles: [],
    emailRoles: null,
  },
  import_finished: {
    siteRoles: ["site_manager"],
    hqRoles: [],
    emailRoles: ["site_manager"],
  },
} as const satisfies Record<string, StaffNoticeRule>;

export type StaffNoticeKind = keyof typeof staffNoticeRules;
