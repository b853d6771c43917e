import { newId } from "@slms/db";
import { invalid, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { type ApiClientView, apiClientView } from "../db/api-clients.ts";
import type { FinanceDeps } from "../deps.ts";
import { requireAdmin } from "../domain/admin.ts";
import { hashSecret, newSecret } from "../domain/credentials.ts";
import { organisationSiteIds } from "./organisation-sites.ts";

export const DEFAULT_REQUESTS_PER_MINUTE = 600;
export const MAX_REQUESTS_PER_MINUTE = 6_000;
export const MAX_SITES = 500;

const siteId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "must be an id (letters, digits, '_', '-')");

const input = z
  .object({
    name: z.string().trim().min(1, "is required").max(100, "at most 100 characters"),
    siteIds: z.array(siteId).max(MAX_SITES, `at most ${MAX_SITES} sites`),
    allSites: z.boolean(),
    canPost: z.boolean(),
    /** "" never expires. */
    expiresAt: z.union([z.literal(""), z.iso.datetime({ offset: true })]),
    /** 0: the default. */
    requestsPerMinute: z
      .number()
      .int()
      .min(0, `1–${MAX_REQUESTS_PER_MINUTE}`)
      .max(MAX_REQUESTS_PER_MINUTE, `1–${MAX_REQUESTS_PER_MINUTE}`),
  })
  .superRefine((value, ctx) => {
    if (value.allSites === value.siteIds.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["siteIds"],
        message: "give siteIds, or allSites — one of the two",
      });
    }
    const seen = new Set<string>();
    for (const [i, id] of value.siteIds.entries()) {
      if (seen.has(id)) {
        ctx.addIssue({ code: "custom", path: ["siteIds", i], message: "is given twice" });
      }
      seen.add(id);
    }
  });

export type CreateApiClientInput = z.input<typeof input>;

export interface CreatedApiClient {
  client: ApiClientView;
  /** Shown once: `authorization: Bearer <client.id>.<secret>`. Only its hash is stored. */
  secret: string;
}

/**
 * Creates an API client of the caller's organisation (HQ admins and system callers). Every
 * site given must be a site of the organisation (INVALID_ARGUMENT naming `siteIds.<i>`
 * otherwise); an expiry must be in the future.
 */
export async function createApiClient(
  deps: FinanceDeps,
  caller: Caller,
  request: CreateApiClientInput,
): Promise<CreatedApiClient> {
  requireAdmin(caller, "API clients");
  const value = parseInput(input, request, "API client");
  const now = deps.clock();
  const expiresAt = value.expiresAt ? new Date(value.expiresAt) : null;
  if (expiresAt && expiresAt <= now) {
    throw invalid("invalid API client", [{ field: "expiresAt", message: "must be in the future" }]);
  }
  if (value.siteIds.length > 0) {
    const known = await organisationSiteIds(deps, caller.orgId);
    const unknown = value.siteIds
      .map((id, i) => ({ id, i }))
      .filter(({ id }) => !known.has(id))
      .map(({ i }) => ({ field: `siteIds.${i}`, message: "is not a site of the organisation" }));
    if (unknown.length > 0) throw invalid("invalid API client", unknown);
  }
  const secret = newSecret();
  const row = await deps.db.apiClient.create({
    data: {
      id: newId("apc"),
      orgId: caller.orgId,
      name: value.name,
      siteIds: value.siteIds,
      allSites: value.allSites,
      canPost: value.canPost,
      secretHash: hashSecret(secret),
      requestsPerMinute: value.requestsPerMinute || DEFAULT_REQUESTS_PER_MINUTE,
      expiresAt,
      createdBy: caller.actor,
      createdAt: now,
    },
  });
  deps.logger.info(
    { clientId: row.id, orgId: row.orgId, actor: caller.actor },
    "API client created",
  );
  return { client: apiClientView(row), secret };
}
