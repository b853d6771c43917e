import type { SiteMembership, User } from "../generated/prisma/client.ts";

/** A user as the API shows it: never the password hash. */
export interface UserView {
  id: string;
  orgId: string;
  email: string;
  name: string;
  hqRole: string | null;
  disabled: boolean;
  memberships: { siteId: string; role: string }[];
  createdAt: string;
}

export function userView(user: User & { memberships: SiteMembership[] }): UserView {
  return {
    id: user.id,
    orgId: user.orgId,
    email: user.email,
    name: user.name,
    hqRole: user.hqRole,
    disabled: user.disabled,
    memberships: user.memberships.map((m) => ({ siteId: m.siteId, role: m.role })),
    createdAt: user.createdAt.toISOString(),
  };
}
