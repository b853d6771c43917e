import { type AccountMapping, defaultAccountMapping } from "../domain/account-mapping.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/** The mapping in force for an organisation, and whose it is. */
export interface MappingInForce {
  mapping: AccountMapping;
  /** True while the organisation has not set its own. */
  isDefault: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The organisation's mapping, or the default one (it was validated when it was stored). */
export async function mappingInForce(
  db: Prisma.TransactionClient,
  orgId: string,
): Promise<MappingInForce> {
  const row = await db.accountMappingRow.findUnique({ where: { orgId } });
  if (!row)
    return { mapping: defaultAccountMapping, isDefault: true, updatedAt: null, updatedBy: null };
  return {
    mapping: row.mapping as unknown as AccountMapping,
    isDefault: false,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/** Replaces the organisation's mapping. */
export async function storeMapping(
  db: Prisma.TransactionClient,
  orgId: string,
  mapping: AccountMapping,
  updatedBy: string,
): Promise<MappingInForce> {
  const json = mapping as unknown as Prisma.InputJsonValue;
  const row = await db.accountMappingRow.upsert({
    where: { orgId },
    create: { orgId, mapping: json, updatedBy },
    update: { mapping: json, updatedBy },
  });
  return { mapping, isDefault: false, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}
