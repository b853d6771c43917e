import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import type { z } from "zod";
import { reportScope } from "../db/scope.ts";
import type { ReportingDeps } from "../deps.ts";
import { dateRange } from "../domain/ranges.ts";

/** Five years at a time at most: a report, not an export of the ledger. */
const MAX_DAYS = 1830;
const input = dateRange(MAX_DAYS);

/** One site, month and fee item. */
export interface RevenueLine {
  siteId: string;
  /** YYYY-MM. */
  month: string;
  feeCode: string;
  currency: string;
  /** Bills whose period starts in the month (within the range): their amount. */
  bills: number;
  billedMinor: bigint;
  /** Waived and credited on those bills. */
  waivedMinor: bigint;
  /** billed − waived: the revenue of the month by accrual (应收净额). */
  netBilledMinor: bigint;
  /** Money allocated to bills of the fee item on days of the month (within the range), less reversals (实收). */
  collectedMinor: bigint;
}

interface Row {
  site_id: string;
  month: string;
  fee_code: string;
  currency: string;
  bills: number;
  billed: bigint;
  waived: bigint;
  collected: bigint;
}

/**
 * Revenue by fee item (按收费项目统计) from `fromDate` to `toDate` (each site's civil dates, at
 * most five years), by site and month: what was billed for periods starting in the month, what of
 * it was waived, and what was collected on the month's days — whatever period the money paid for.
 */
export async function getRevenue(
  deps: ReportingDeps,
  caller: Caller,
  siteId: string | undefined,
  request: z.input<typeof input>,
): Promise<RevenueLine[]> {
  const { fromDate, toDate } = parseInput(input, request, "request");
  const scope = await reportScope(deps.db, caller, siteId);
  const rows = await deps.db.$queryRawUnsafe<Row[]>(
    `WITH billed AS (
       SELECT site_id, to_char(period_start, 'YYYY-MM') AS month, fee_code, currency,
              count(*)::int AS bills, sum(amount_minor)::bigint AS billed,
              sum(waived_minor)::bigint AS waived, 0::bigint AS collected
         FROM bill_facts
        WHERE org_id = $1 AND ($2::text[] IS NULL OR site_id = ANY ($2::text[]))
          AND period_start BETWEEN $3::date AND $4::date
        GROUP BY 1, 2, 3, 4),
     moved AS (
       SELECT b.site_id, b.fee_code, b.currency, m.allocated_delta_minor AS allocated,
              (m.at AT TIME ZONE coalesce(s.time_zone, 'UTC'))::date AS day
         FROM bill_movements m
         JOIN bill_facts b ON b.bill_id = m.bill_id
         LEFT JOIN site_facts s ON s.site_id = m.site_id
        WHERE m.org_id = $1 AND ($2::text[] IS NULL OR m.site_id = ANY ($2::text[]))
          AND m.allocated_delta_minor <> 0
          AND m.at >= ($3::date - 1)::timestamp AT TIME ZONE 'UTC'
          AND m.at < ($4::date + 2)::timestamp AT TIME ZONE 'UTC'),
     collected AS (
       SELECT site_id, to_char(day, 'YYYY-MM') AS month, fee_code, currency, 0 AS bills,
              0::bigint AS billed, 0::bigint AS waived, sum(allocated)::bigint AS collected
         FROM moved WHERE day BETWEEN $3::date AND $4::date
        GROUP BY 1, 2, 3, 4)
     SELECT site_id, month, fee_code, currency, sum(bills)::int AS bills,
            sum(billed)::bigint AS billed, sum(waived)::bigint AS waived,
            sum(collected)::bigint AS collected
       FROM (SELECT * FROM billed UNION ALL SELECT * FROM collected) x
      GROUP BY site_id, month, fee_code, currency
      ORDER BY site_id, month, fee_code, currency`,
    scope.orgId,
    scope.siteIds,
    fromDate,
    toDate,
  );
  return rows.map((row) => ({
    siteId: row.site_id,
    month: row.month,
    feeCode: row.fee_code,
    currency: row.currency,
    bills: row.bills,
    billedMinor: BigInt(row.billed),
    waivedMinor: BigInt(row.waived),
    netBilledMinor: BigInt(row.billed) - BigInt(row.waived),
    collectedMinor: BigInt(row.collected),
  }));
}
