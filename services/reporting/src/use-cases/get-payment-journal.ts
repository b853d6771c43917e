import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import type { z } from "zod";
import { reportScope } from "../db/scope.ts";
import type { ReportingDeps } from "../deps.ts";
import { dateRange } from "../domain/ranges.ts";

const input = dateRange(366);

/** Payments of one site, day, method and cashier. */
export interface JournalLine {
  siteId: string;
  /** The day the money was received, in the site's time zone. */
  date: string;
  method: string;
  /** The user who recorded the payments. */
  cashier: string;
  currency: string;
  payments: number;
  receivedMinor: bigint;
  /** Of those payments, how many were reversed since, and their amount. */
  reversed: number;
  reversedMinor: bigint;
}

interface Row {
  site_id: string;
  day: string;
  method: string;
  cashier: string;
  currency: string;
  payments: number;
  received: bigint;
  reversed: number;
  reversed_minor: bigint;
}

/**
 * The payment journal (财务流水): payments received from `fromDate` to `toDate` (days in each
 * site's time zone; UTC for a site not announced yet), by site, day, method and cashier, with
 * the part reversed since. At most 366 days at a time.
 */
export async function getPaymentJournal(
  deps: ReportingDeps,
  caller: Caller,
  siteId: string | undefined,
  request: z.input<typeof input>,
): Promise<JournalLine[]> {
  const { fromDate, toDate } = parseInput(input, request, "request");
  const scope = await reportScope(deps.db, caller, siteId);
  const rows = await deps.db.$queryRawUnsafe<Row[]>(
    `WITH entries AS (
       SELECT p.*, (p.received_at AT TIME ZONE coalesce(s.time_zone, 'UTC'))::date AS day
         FROM payment_entries p LEFT JOIN site_facts s ON s.site_id = p.site_id
        WHERE p.org_id = $1 AND ($2::text[] IS NULL OR p.site_id = ANY ($2::text[]))
          AND p.received_at >= ($3::date - 1)::timestamp AT TIME ZONE 'UTC'
          AND p.received_at < ($4::date + 2)::timestamp AT TIME ZONE 'UTC')
     SELECT site_id, to_char(day, 'YYYY-MM-DD') AS day, method, cashier, currency, count(*)::int AS payments,
            sum(amount_minor)::bigint AS received,
            (count(*) FILTER (WHERE reversed_at IS NOT NULL))::int AS reversed,
            coalesce(sum(amount_minor) FILTER (WHERE reversed_at IS NOT NULL), 0)::bigint AS reversed_minor
       FROM entries
      WHERE day BETWEEN $3::date AND $4::date
      GROUP BY site_id, day, method, cashier, currency
      ORDER BY site_id, day, method, cashier`,
    scope.orgId,
    scope.siteIds,
    fromDate,
    toDate,
  );
  return rows.map((row) => ({
    siteId: row.site_id,
    date: row.day,
    method: row.method,
    cashier: row.cashier,
    currency: row.currency,
    payments: row.payments,
    receivedMinor: BigInt(row.received),
    reversed: row.reversed,
    reversedMinor: BigInt(row.reversed_minor),
  }));
}
