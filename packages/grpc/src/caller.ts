import type { Metadata } from "@grpc/grpc-js";
import { unauthenticated } from "@slms/errors";

/**
 * Who is calling, as established by the edge (gateway or ERP endpoint) and carried to every
 * service in gRPC metadata. Services trust it because only the edge is reachable from outside
 * (see deploy/k8s NetworkPolicies) and use it to scope every read and write.
 */
export interface Caller {
  /** User id (`usr_…`), API client id (`apc_…`) or `system:<job>`. */
  actor: string;
  /** The caller's organisation; every object it touches must belong to it. */
  orgId: string;
  /** Sites the caller may see: explicit ids, or "all" for HQ roles and system jobs. */
  siteIds: readonly string[] | "all";
  /** Role names, for services that need finer rules (e.g. unmasked ID numbers). */
  roles: readonly string[];
}

const keys = {
  actor: "x-slms-actor",
  org: "x-slms-org",
  sites: "x-slms-sites",
  roles: "x-slms-roles",
} as const;

export function writeCaller(metadata: Metadata, caller: Caller): void {
  metadata.set(keys.actor, caller.actor);
  metadata.set(keys.org, caller.orgId);
  metadata.set(keys.sites, caller.siteIds === "all" ? "*" : caller.siteIds.join(","));
  metadata.set(keys.roles, caller.roles.join(","));
}

/** The caller in the metadata, or null when the call carries none. */
export function readCaller(metadata: Metadata): Caller | null {
  const actor = first(metadata, keys.actor);
  const orgId = first(metadata, keys.org);
  if (!actor || !orgId) return null;
  const sites = first(metadata, keys.sites) ?? "";
  return {
    actor,
    orgId,
    siteIds: sites === "*" ? "all" : split(sites),
    roles: split(first(metadata, keys.roles) ?? ""),
  };
}

/** Whether the caller may see objects of this site. */
export function canSeeSite(caller: Caller, siteId: string): boolean {
  return caller.siteIds === "all" || caller.siteIds.includes(siteId);
}

/** The caller, or an `unauthenticated` error when the call carries none. */
export function requireCaller(caller: Caller | null): Caller {
  if (!caller) throw unauthenticated("the call carries no caller");
  return caller;
}

function first(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function split(list: string): string[] {
  return list.split(",").filter((item) => item.length > 0);
}
