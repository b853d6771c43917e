import type { CustomersDeps } from "../deps.ts";
import { Prisma } from "../generated/prisma/client.ts";

/**
 * Gives every customer without a party id (rows written before party ids existed) the one
 * derived from its organisation and ID number's blind index, `batchSize` rows per statement, and
 * returns how many it filled in. The key that derives party ids is not available to SQL, so the
 * migration that added the column leaves it null and the service runs this when it starts.
 *
 * Safe to run on several replicas at once and to repeat: a row is only written while its party
 * id is still null and its number is the one the value was derived from, and the value is the
 * same whoever derives it.
 */
export async function backfillPartyIds(
  deps: Pick<CustomersDeps, "db" | "idProtection">,
  options: { batchSize?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 1_000;
  let filled = 0;
  let after = "";
  for (;;) {
    const rows = await deps.db.customer.findMany({
      where: { partyId: null, id: { gt: after } },
      select: { id: true, orgId: true, idNumberHmac: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    if (rows.length === 0) return filled;
    after = rows.at(-1)!.id;
    const values = rows.map(
      (row) =>
        Prisma.sql`(${row.id}, ${row.idNumberHmac}, ${deps.idProtection.partyId(row.orgId, row.idNumberHmac)})`,
    );
    filled += await deps.db.$executeRaw`
      UPDATE customers AS c SET party_id = v.party_id, updated_at = now()
      FROM (VALUES ${Prisma.join(values)}) AS v (id, id_number_hmac, party_id)
      WHERE c.id = v.id AND c.id_number_hmac = v.id_number_hmac AND c.party_id IS NULL`;
  }
}
