import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { reportScope } from "../db/scope.ts";
import type { ReportingDeps } from "../deps.ts";

const input = z.object({
  /** How many debtors to list; 0 or absent means 10. */
  topDebtors: z.number().int().min(0).max(100).optional(),
});

/** Open balances by how long they are past due, minor units. */
export interface Ageing {
  /** Not yet due (due today included). */
  notDueMinor: bigint;
  /** Past due by 1 to 30 days. */
  overdue1to30Minor: bigint;
  overdue31to60Minor: bigint;
  overdue61to90Minor: bigint;
  /** Past due by more than 90 days. */
  overdueOver90Minor: bigint;
  /** All of the above. */
  openMinor: bigint;
  /** Bills with a balance. */
  openBills: number;
}

export interface SiteAgeing {
  siteId: string;
  currency: string;
  total: Ageing;
  /** Per fee item, by fee code. */
  byFeeItem: { feeCode: string; ageing: Ageing }[];
}

export interface Debtor {
  siteId: string;
  customerId: string;
  /** Empty until the customer is heard of. */
  customerName: string;
  currency: string;
  ageing: Ageing;
}

interface Row {
  site_id: string;
  currency: string;
  key: string | null;
  not_due: bigint;
  d1_30: bigint;
  d31_60: bigint;
  d61_90: bigint;
  d90: bigint;
  bills: number;
}

/** Open bills of the scope with their balance and days past due on each site's today. */
const OPEN_BILLS = `SELECT b.site_id, b.currency, b.fee_code, b.customer_id,
         b.amount_minor - b.allocated_minor - b.waived_minor AS balance,
         ($3::timestamptz AT TIME ZONE coalesce(s.time_zone, 'UTC'))::date - b.due_date AS days
    FROM bill_facts b LEFT JOIN site_facts s ON s.site_id = b.site_id
   WHERE b.org_id = $1 AND ($2::text[] IS NULL OR b.site_id = ANY ($2::text[]))
     AND b.amount_minor > b.allocated_minor + b.waived_minor`;

const BUCKETS = `coalesce(sum(balance) FILTER (WHERE days <= 0), 0)::bigint AS not_due,
       coalesce(sum(balance) FILTER (WHERE days BETWEEN 1 AND 30), 0)::bigint AS d1_30,
       coalesce(sum(balance) FILTER (WHERE days BETWEEN 31 AND 60), 0)::bigint AS d31_60,
       coalesce(sum(balance) FILTER (WHERE days BETWEEN 61 AND 90), 0)::bigint AS d61_90,
       coalesce(sum(balance) FILTER (WHERE days > 90), 0)::bigint AS d90,
       count(*)::int AS bills`;

function ageingOf(row: Row): Ageing {
  const notDueMinor = BigInt(row.not_due);
  const overdue1to30Minor = BigInt(row.d1_30);
  const overdue31to60Minor = BigInt(row.d31_60);
  const overdue61to90Minor = BigInt(row.d61_90);
  const overdueOver90Minor = BigInt(row.d90);
  return {
    notDueMinor,
    overdue1to30Minor,
    overdue31to60Minor,
    overdue61to90Minor,
    overdueOver90Minor,
    openMinor:
      notDueMinor +
      overdue1to30Minor +
      overdue31to60Minor +
      overdue61to90Minor +
      overdueOver90Minor,
    openBills: row.bills,
  };
}

/**
 * Receivables ageing (应收账龄): what is still owed on bills, by days past their due date on each
 * site's today (0 = due today, not yet overdue), per site and fee item, and the customers owing
 * the most. Balances are what billing's events last said: amount less money allocated and
 * waived. Money is per site in its currency.
 */
export async function getReceivablesAgeing(
  deps: ReportingDeps,
  caller: Caller,
  siteId: string | undefined,
  request: z.input<typeof input>,
): Promise<{ sites: SiteAgeing[]; topDebtors: Debtor[] }> {
  const data = parseInput(input, request, "request");
  const scope = await reportScope(deps.db, caller, siteId);
  const asOf = deps.clock();
  const bySite = await deps.db.$queryRawUnsafe<Row[]>(
    `WITH open AS (${OPEN_BILLS})
     SELECT site_id, currency, fee_code AS key, ${BUCKETS}
       FROM open GROUP BY GROUPING SETS ((site_id, currency), (site_id, currency, fee_code))
      ORDER BY site_id, currency, key NULLS FIRST`,
    scope.orgId,
    scope.siteIds,
    asOf.toISOString(),
  );
  const debtors = await deps.db.$queryRawUnsafe<(Row & { name: string | null })[]>(
    `WITH open AS (${OPEN_BILLS})
     SELECT o.site_id, o.currency, o.customer_id AS key, max(c.name) AS name, ${BUCKETS}
       FROM open o LEFT JOIN customer_facts c ON c.customer_id = o.customer_id
      GROUP BY o.site_id, o.currency, o.customer_id
      ORDER BY sum(balance) DESC, o.customer_id
      LIMIT $4`,
    scope.orgId,
    scope.siteIds,
    asOf.toISOString(),
    data.topDebtors || 10,
  );
  const sites: SiteAgeing[] = [];
  for (const row of bySite) {
    if (row.key === null) {
      sites.push({
        siteId: row.site_id,
        currency: row.currency,
        total: ageingOf(row),
        byFeeItem: [],
      });
    } else {
      sites.at(-1)!.byFeeItem.push({ feeCode: row.key, ageing: ageingOf(row) });
    }
  }
  return {
    sites,
    topDebtors: debtors.map((row) => ({
      siteId: row.site_id,
      customerId: row.key!,
      customerName: row.name ?? "",
      currency: row.currency,
      ageing: ageingOf(row),
    })),
  };
}
