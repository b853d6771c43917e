import { DomainError } from "@slms/errors";
import type { GatewayDeps } from "../deps.ts";

/**
 * A client of the finance service, or `unavailable` (503) when the gateway was started without
 * FINANCE_GRPC_URL: the rest of the API serves on without the ERP edge.
 */
export function financeClient<K extends "apiClients" | "accounting" | "bankLines">(
  deps: GatewayDeps,
  key: K,
): NonNullable<GatewayDeps[K]> {
  const client = deps[key];
  if (!client)
    throw new DomainError("unavailable", "the finance edge is not configured (FINANCE_GRPC_URL)");
  return client as NonNullable<GatewayDeps[K]>;
}
