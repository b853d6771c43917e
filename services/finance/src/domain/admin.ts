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
