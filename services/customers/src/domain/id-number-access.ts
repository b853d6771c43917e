/**
 * Roles that read ID numbers in full; every other caller gets them masked. The one place this
 * rule lives: HQ administrators, site managers, and system jobs (e.g. exports for filings).
 */
export const fullIdNumberRoles = ["hq_admin", "site_manager", "system"] as const;

/** Whether a caller with these roles may read full ID numbers. */
export function mayReadFullIdNumber(roles: readonly string[]): boolean {
  return roles.some((role) => (fullIdNumberRoles as readonly string[]).includes(role));
}
