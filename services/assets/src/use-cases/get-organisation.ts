import { notFound } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { organisationView } from "../db/rows.ts";
import type { AssetsDeps } from "../deps.ts";
import type { OrganisationView } from "../domain/views.ts";

/**
 * The caller's own organisation (empty id), or one by id or code. Only system callers may
 * look at another organisation; for anyone else it does not exist.
 */
export async function getOrganisation(
  deps: AssetsDeps,
  caller: Caller,
  request: { id?: string; code?: string },
): Promise<OrganisationView> {
  const system = caller.roles.includes("system");
  const row = request.code
    ? await deps.db.organisation.findUnique({ where: { code: request.code } })
    : await deps.db.organisation.findUnique({ where: { id: request.id || caller.orgId } });
  if (!row || (!system && row.id !== caller.orgId)) throw notFound("organisation");
  return organisationView(row);
}
