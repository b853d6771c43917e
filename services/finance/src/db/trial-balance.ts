import type { Prisma } from "../generated/prisma/client.ts";

/** One account's sums over a site's journal lines. */
export interface AccountSums {
  code: string;
  /** The account's name on its latest line. */
  name: string;
  /** Debit − credit of the lines before the period. */
  openingMinor: number;
  periodDebitMinor: number;
  periodCreditMinor: number;
}

interface RawSums {
  top: bigint | null;
  code: string | null;
  name: string | null;
  opening: bigint | null;
  debit: bigint | null;
  credit: bigint | null;
}

/**
 * Sums of a site's journal lines per account code, for changes that occurred before `end`
 * (exclusive): those before `start` into the opening balance, the rest into the period. Read in
 * one statement (one snapshot), with the organisation's highest position in it: every change up
 * to that position is counted, none above it.
 */
export async function sumJournal(
  db: Prisma.TransactionClient,
  query: { orgId: string; siteId: string; start: Date | null; end: Date },
): Promise<{ accounts: AccountSums[]; top: number }> {
  const raw = await db.$queryRaw<RawSums[]>`
    WITH top AS (SELECT max(position) AS top FROM feed_items WHERE org_id = ${query.orgId}),
    lines AS (
      SELECT f.position, f.occurred_at, l.value AS line
      FROM feed_items f, top, jsonb_array_elements(f.journal) l
      WHERE f.org_id = ${query.orgId} AND f.site_id = ${query.siteId}
        AND f.position <= top.top AND f.occurred_at < ${query.end}
    ),
    sums AS (
      SELECT line->>'code' AS code,
        (array_agg(line->>'name' ORDER BY position DESC))[1] AS name,
        sum(CASE WHEN occurred_at < ${query.start}
            THEN (line->>'debitMinor')::bigint - (line->>'creditMinor')::bigint ELSE 0 END) AS opening,
        sum(CASE WHEN occurred_at < ${query.start} THEN 0
            ELSE (line->>'debitMinor')::bigint END) AS debit,
        sum(CASE WHEN occurred_at < ${query.start} THEN 0
            ELSE (line->>'creditMinor')::bigint END) AS credit
      FROM lines GROUP BY 1
    )
    SELECT top.top, sums.* FROM top LEFT JOIN sums ON TRUE ORDER BY sums.code`;
  return {
    top: Number(raw[0]?.top ?? 0),
    accounts: raw
      .filter((row) => row.code !== null)
      .map((row) => ({
        code: row.code as string,
        name: row.name ?? "",
        openingMinor: Number(row.opening ?? 0),
        periodDebitMinor: Number(row.debit ?? 0),
        periodCreditMinor: Number(row.credit ?? 0),
      })),
  };
}
