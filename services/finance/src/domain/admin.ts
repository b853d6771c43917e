import { forbidden } from "@slms/errors";
import type { Caller } from "@slms/grpc";

/**
 * Who manages the organisation's integration settings (API clients, the account mapping): HQ
 * administrators and system callers. Auditors may also read them.
 */
export const adminRoles = ["hq_admin", "system"] as const;
export const readerRoles = [...adminRoles, "hq_auditor"] as const;

const holds = (caller: Caller, roles: readonly string[]) =>
  caller.roles.some((role) => roles.includes(role));

/** Throws `forbidden` (saying `what` only HQ administrators manage) unless the caller may. */
export function requireAdmin(caller: Caller, what: string): void {
  if (!holds(caller, adminRoles)) throw forbidden(`only HQ administrators manage ${what}`);
}

/** Throws `forbidden` unless the caller may read `what` (HQ administrators and auditors). */
export function requireReader(caller: Caller, what: string): void {
  if (!holds(caller, readerRoles))
    throw forbidden(`only HQ administrators and auditors see ${what}`);
}
