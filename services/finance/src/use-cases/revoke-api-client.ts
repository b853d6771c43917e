import { notFound, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { type ApiClientView, apiClientView } from "../db/api-clients.ts";
import type { FinanceDeps } from "../deps.ts";
import { requireAdmin } from "../domain/admin.ts";

const input = z.object({ id: z.string().min(1, "is required").max(64) });

/**
 * Revokes a client of the caller's organisation at once: the edge looks the client up on every
 * call, so its next call is refused. Revoking again changes nothing (the first time stays). A
 * client of another organisation is NOT_FOUND.
 */
export async function revokeApiClient(
  deps: FinanceDeps,
  caller: Caller,
  request: { id: string },
): Promise<ApiClientView> {
  requireAdmin(caller, "API clients");
  const { id } = parseInput(input, request, "request");
  await deps.db.apiClient.updateMany({
    where: { id, orgId: caller.orgId, revokedAt: null },
    data: { revokedAt: deps.clock() },
  });
  const row = await deps.db.apiClient.findFirst({ where: { id, orgId: caller.orgId } });
  if (!row) throw notFound("API client");
  deps.logger.info({ clientId: id, actor: caller.actor }, "API client revoked");
  return apiClientView(row);
}
