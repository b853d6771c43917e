import type { Paths } from "../api/client";

export type Me = Paths["/api/v1/me"]["get"]["responses"][200]["content"]["application/json"];
export type Permission = Me["grants"]["organisation"][number];

/** Whether the signed-in user may use a permission — at a site, or organisation-wide. */
export function can(me: Me | undefined, permission: Permission, siteId?: string): boolean {
  if (!me) return false;
  if (siteId === undefined)
    return (
      me.grants.organisation.includes(permission) ||
      me.grants.everySite.includes(permission) ||
      Object.values(me.grants.sites).some((granted) => granted.includes(permission))
    );
  return (
    me.grants.everySite.includes(permission) || (me.grants.sites[siteId] ?? []).includes(permission)
  );
}

/** HQ roles see every site; the others the sites of their memberships. */
export const seesAllSites = (me: Me | undefined): boolean => Boolean(me?.hqRole);
