import { randomBytes } from "node:crypto";
import type { AssetsServiceDefinition } from "@slms/contracts/assets";
import { isDomainError } from "@slms/errors";
import type { GrpcClient } from "@slms/grpc";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { createUser } from "./create-user.ts";
import { systemCaller } from "./system-caller.ts";

export interface EnsureAdminRequest {
  email: string;
  /** Absent: a password is generated and returned once. */
  password?: string;
  orgCode: string;
  orgName: string;
}

/**
 * First start: makes sure the organisation and its HQ admin exist. Does nothing when the
 * admin already exists. Safe to run on every start and from several replicas.
 */
export async function ensureAdmin(
  db: PrismaClient,
  assets: GrpcClient<AssetsServiceDefinition>,
  request: EnsureAdminRequest,
): Promise<
  { created: false } | { created: true; orgId: string; generatedPassword: string | null }
> {
  const email = request.email.toLowerCase();
  if (await db.user.findUnique({ where: { email }, select: { id: true } }))
    return { created: false };
  const orgId = await findOrCreateOrganisation(assets, request.orgCode, request.orgName);
  const generatedPassword = request.password ? null : randomBytes(12).toString("base64url");
  try {
    await createUser(db, async () => true, orgId, "system:bootstrap", {
      email,
      name: "HQ administrator",
      password: request.password ?? (generatedPassword as string),
      hqRole: "hq_admin",
    });
  } catch (error) {
    // Another replica created it first.
    if (isDomainError(error) && error.kind === "conflict") return { created: false };
    throw error;
  }
  return { created: true, orgId, generatedPassword };
}

async function findOrCreateOrganisation(
  assets: GrpcClient<AssetsServiceDefinition>,
  code: string,
  name: string,
): Promise<string> {
  try {
    const { organisation } = await assets.GetOrganisation({ code }, { caller: systemCaller });
    if (organisation) return organisation.id;
  } catch (error) {
    if (!isDomainError(error) || error.kind !== "not_found") throw error;
  }
  try {
    const { organisation } = await assets.CreateOrganisation(
      { code, name },
      { caller: systemCaller },
    );
    return organisation!.id;
  } catch (error) {
    if (!isDomainError(error) || error.kind !== "conflict") throw error;
    const { organisation } = await assets.GetOrganisation({ code }, { caller: systemCaller });
    return organisation!.id;
  }
}
