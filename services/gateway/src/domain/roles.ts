/**
 * Who may do what. Pure rules, no I/O: the gateway checks them on every route before calling
 * a service, with the site taken from the route.
 */
export const hqRoles = ["hq_admin", "hq_auditor"] as const;
export const siteRoles = ["clerk", "cashier", "finance", "site_manager"] as const;

export type HqRole = (typeof hqRoles)[number];
export type SiteRole = (typeof siteRoles)[number];

/** Everything a route can require. Reads end in `.read`. */
export const permissions = [
  "sites.read",
  "sites.create",
  "sites.update",
  "units.read",
  "units.write",
  "units.status",
  "customers.read",
  "customers.write",
  "leases.read",
  "leases.write",
  "leases.terminate",
  "billing.read",
  "billing.run",
  "billing.waive",
  "billing.approve",
  "meters.write",
  "payments.read",
  "payments.record",
  "payments.reverse",
  "payments.refund",
  "feeItems.manage",
  "users.read",
  "users.manage",
  "reports.read",
  "audit.read",
  "notifications.read",
  "notifications.manage",
  "notifications.templates",
  "imports.run",
  "apiClients.read",
  "apiClients.manage",
  "accounting.read",
  "accounting.manage",
] as const;

export type Permission = (typeof permissions)[number];

/** Permissions that only make sense organisation-wide (no site in the route). */
const organisationWide: ReadonlySet<Permission> = new Set([
  "sites.create",
  "users.read",
  "users.manage",
  "notifications.templates",
  "apiClients.read",
  "apiClients.manage",
  "accounting.read",
  "accounting.manage",
]);

const read: Permission[] = [
  "sites.read",
  "units.read",
  "customers.read",
  "leases.read",
  "billing.read",
  "payments.read",
  "reports.read",
  "notifications.read",
];

const siteRolePermissions: Record<SiteRole, ReadonlySet<Permission>> = {
  clerk: new Set([
    ...read,
    "units.write",
    "units.status",
    "customers.write",
    "leases.write",
    "meters.write",
  ]),
  cashier: new Set([...read, "payments.record"]),
  finance: new Set([
    ...read,
    "billing.run",
    "billing.waive",
    "billing.approve",
    "meters.write",
    "payments.record",
    "payments.reverse",
    "payments.refund",
  ]),
  site_manager: new Set([
    ...read,
    "audit.read",
    "notifications.manage",
    "imports.run",
    "sites.update",
    "units.write",
    "units.status",
    "customers.write",
    "leases.write",
    "leases.terminate",
    "billing.run",
    "billing.waive",
    "billing.approve",
    "meters.write",
    "payments.record",
    "payments.reverse",
    "payments.refund",
  ]),
};

/** The authenticated caller as the access token describes it. */
export interface Principal {
  userId: string;
  orgId: string;
  hqRole: HqRole | null;
  /** Site id → the role held there. */
  sites: Readonly<Record<string, SiteRole>>;
}

export type Decision = "allow" | "forbidden" | "not_found";

/**
 * Whether the principal may use the permission, at a site when one is given. A site outside
 * the principal's scope is `not_found` (its existence is not revealed); a site inside it but
 * with a role lacking the permission is `forbidden`.
 */
export function decide(principal: Principal, permission: Permission, siteId?: string): Decision {
  if (principal.hqRole === "hq_admin") return "allow";
  if (principal.hqRole === "hq_auditor")
    return permission.endsWith(".read") ? "allow" : "forbidden";
  if (siteId === undefined) {
    if (organisationWide.has(permission)) return "forbidden";
    // A list across sites (e.g. sites.read): allowed if any membership grants it; the
    // service filters to the principal's sites.
    return Object.values(principal.sites).some((role) => siteRolePermissions[role].has(permission))
      ? "allow"
      : "forbidden";
  }
  const role = principal.sites[siteId];
  if (!role) return "not_found";
  return siteRolePermissions[role].has(permission) ? "allow" : "forbidden";
}

/**
 * The sites where the principal's role grants the permission: every site for HQ roles that hold
 * it (`"all"`), else the sites of the memberships that do.
 */
export function sitesGranting(principal: Principal, permission: Permission): "all" | string[] {
  if (principal.hqRole && decide(principal, permission) === "allow") return "all";
  return Object.entries(principal.sites)
    .filter(([, role]) => siteRolePermissions[role].has(permission))
    .map(([siteId]) => siteId);
}

/** Role names as services see them in the caller metadata. */
export function roleNames(principal: Principal): string[] {
  const names = new Set<string>(Object.values(principal.sites));
  if (principal.hqRole) names.add(principal.hqRole);
  return [...names];
}

/** What a principal may do, as the web console needs it to show only what will be allowed. */
export interface Grants {
  /** Organisation-wide permissions (users, templates, new sites). */
  organisation: Permission[];
  /** Permissions at every site of the organisation (HQ roles). */
  everySite: Permission[];
  /** Site id → the permissions its membership grants there. */
  sites: Record<string, Permission[]>;
}

export function grantsOf(principal: Principal): Grants {
  const atSites = permissions.filter((permission) => !organisationWide.has(permission));
  return {
    organisation: [...organisationWide].filter((p) => decide(principal, p) === "allow"),
    everySite: principal.hqRole ? atSites.filter((p) => decide(principal, p) === "allow") : [],
    sites: Object.fromEntries(
      Object.keys(principal.sites).map((siteId) => [
        siteId,
        atSites.filter((p) => decide(principal, p, siteId) === "allow"),
      ]),
    ),
  };
}
