import type { Paths } from "../../api/client";

export type User =
  Paths["/api/v1/users"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type CreateUserBody = NonNullable<
  Paths["/api/v1/users"]["post"]["requestBody"]
>["content"]["application/json"];
export type HqRole = NonNullable<User["hqRole"]>;
export type SiteRole = User["memberships"][number]["role"];

export const hqRoles: HqRole[] = ["hq_admin", "hq_auditor"];
export const siteRoles: SiteRole[] = ["clerk", "cashier", "finance", "site_manager"];

/** The create-user form's values, as antd gives them (unfilled membership rows included). */
export interface UserFormValues {
  name?: string;
  email?: string;
  password?: string;
  hqRole?: HqRole | null;
  memberships?: ({ siteId?: string; role?: SiteRole } | undefined)[];
}

/**
 * The POST body of the form: name and e-mail trimmed, the password as typed, no HQ role as
 * null, and only the membership rows with both a site and a role (in the form's order).
 */
export function createUserBody(values: UserFormValues): CreateUserBody {
  const memberships = (values.memberships ?? []).flatMap((m) =>
    m?.siteId && m.role ? [{ siteId: m.siteId, role: m.role }] : [],
  );
  return {
    name: (values.name ?? "").trim(),
    email: (values.email ?? "").trim(),
    password: values.password ?? "",
    hqRole: values.hqRole ?? null,
    memberships,
  };
}

/** What the form refuses before sending: no access at all, or two roles at one site. */
export function accessProblem(body: CreateUserBody): "needsAccess" | "duplicateSite" | null {
  const memberships = body.memberships ?? [];
  if (!body.hqRole && memberships.length === 0) return "needsAccess";
  const sites = new Set(memberships.map((m) => m.siteId));
  if (sites.size !== memberships.length) return "duplicateSite";
  return null;
}

/** A user's memberships as `site code · role`, sorted by site code (unknown sites by id, after them). */
export function membershipsBySite(
  user: User,
  siteCodes: ReadonlyMap<string, string>,
): { siteId: string; code: string; role: SiteRole }[] {
  return user.memberships
    .map((m) => ({ siteId: m.siteId, code: siteCodes.get(m.siteId) ?? m.siteId, role: m.role }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * The users a search (name or e-mail, any case) and a site (members of it; HQ roles, who see
 * every site, included) let through.
 */
export function filterUsers(users: User[], search: string, siteId: string | null): User[] {
  const query = search.trim().toLowerCase();
  return users.filter(
    (user) =>
      (!query ||
        user.name.toLowerCase().includes(query) ||
        user.email.toLowerCase().includes(query)) &&
      (!siteId || user.hqRole !== null || user.memberships.some((m) => m.siteId === siteId)),
  );
}
