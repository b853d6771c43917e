import { forbidden } from "@slms/errors";
import type { Caller } from "@slms/grpc";

/** Roles that manage an organisation's API clients: HQ administrators and system callers. */
export const apiClientAdminRoles = ["hq_admin", "system"] as const;

/** Throws `forbidden` unless the caller may manage its organisation's API clients. */
export function requireApiClientAdmin(caller: Caller): void {
  const allowed = caller.roles.some((role) =>
    (apiClientAdminRoles as readonly string[]).includes(role),
  );
  if (!allowed) throw forbidden("only HQ administrators manage API clients");
}

/** Roles that may see an organisation's API clients (never their secrets): admins and auditors. */
export const apiClientReaderRoles = [...apiClientAdminRoles, "hq_auditor"] as const;

/** Throws `forbidden` unless the caller may list its organisation's API clients. */
export function requireApiClientReader(caller: Caller): void {
  const allowed = caller.roles.some((role) =>
    (apiClientReaderRoles as readonly string[]).includes(role),
  );
  if (!allowed) throw forbidden("only HQ administrators and auditors see API clients");
}
