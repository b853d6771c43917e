import { EventTypes, type UserCreatedV1 } from "@slms/contracts";
import type { AssetsServiceDefinition } from "@slms/contracts/assets";
import { newEvent, newId, writeOutbox } from "@slms/db";
import { conflict, invalid, isDomainError, parseInput } from "@slms/errors";
import type { GrpcClient } from "@slms/grpc";
import { z } from "zod";
import { hashPassword, passwordProblem } from "../auth/passwords.ts";
import { hqRoles, siteRoles } from "../domain/roles.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { id } from "../http/fields.ts";
import { systemCaller } from "./system-caller.ts";
import { type UserView, userView } from "./user-view.ts";

export const createUserInput = z.strictObject({
  email: z
    .email()
    .max(200)
    .transform((email) => email.toLowerCase()),
  name: z.string().trim().min(1).max(200),
  password: z
    .string()
    .max(200)
    .superRefine((password, ctx) => {
      const problem = passwordProblem(password);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  hqRole: z.enum(hqRoles).nullable().default(null),
  memberships: z
    .array(z.strictObject({ siteId: id, role: z.enum(siteRoles) }))
    .max(500)
    .default([]),
});

/** Answers whether a site exists in an organisation (the assets service owns sites). */
export type SiteChecker = (orgId: string, siteId: string) => Promise<boolean>;

/** Asks the assets service, as the system acting within the organisation. */
export function assetsSiteChecker(assets: GrpcClient<AssetsServiceDefinition>): SiteChecker {
  return async (orgId, siteId) => {
    try {
      await assets.GetSite({ id: siteId }, { caller: { ...systemCaller, orgId } });
      return true;
    } catch (error) {
      if (isDomainError(error) && error.kind === "not_found") return false;
      throw error;
    }
  };
}

/**
 * Creates a user of an organisation with an HQ role and/or site memberships, and announces it
 * (`gateway.user.created`, without the password) in the same transaction; `actor` made it.
 */
export async function createUser(
  db: PrismaClient,
  siteExists: SiteChecker,
  orgId: string,
  actor: string,
  request: z.input<typeof createUserInput>,
): Promise<UserView> {
  const data = parseInput(createUserInput, request, "user");
  const missing: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const [index, membership] of data.memberships.entries()) {
    if (seen.has(membership.siteId)) {
      missing.push({ field: `memberships.${index}.siteId`, message: "appears twice" });
    } else if (!(await siteExists(orgId, membership.siteId))) {
      missing.push({
        field: `memberships.${index}.siteId`,
        message: "is not a site of this organisation",
      });
    }
    seen.add(membership.siteId);
  }
  if (missing.length > 0) throw invalid("invalid user", missing);
  if (!data.hqRole && data.memberships.length === 0) {
    throw invalid("invalid user", [
      { field: "memberships", message: "a user needs an HQ role or at least one site" },
    ]);
  }
  const existing = await db.user.findUnique({ where: { email: data.email }, select: { id: true } });
  if (existing)
    throw conflict(`a user with e-mail ${data.email} already exists`, [
      { field: "email", message: "is taken" },
    ]);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          id: newId("usr"),
          orgId,
          email: data.email,
          name: data.name,
          passwordHash,
          hqRole: data.hqRole,
          memberships: { create: data.memberships },
        },
        include: { memberships: true },
      });
      const view = userView(user);
      await writeOutbox(tx, userCreated(actor, orgId, view));
      return view;
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === "P2002") {
      throw conflict(`a user with e-mail ${data.email} already exists`, [
        { field: "email", message: "is taken" },
      ]);
    }
    throw error;
  }
}

const userCreated = (actor: string, orgId: string, user: UserView) =>
  newEvent(EventTypes.UserCreated, { actor, orgId, siteId: null }, {
    userId: user.id,
    email: user.email,
    name: user.name,
    hqRole: user.hqRole,
    memberships: user.memberships.map((m) => ({ siteId: m.siteId, role: m.role })),
  } satisfies UserCreatedV1);
