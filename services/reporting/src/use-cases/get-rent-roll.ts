import { pageTokens } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { reportScope } from "../db/scope.ts";
import type { ReportingDeps } from "../deps.ts";
import { type Escalation, type NextEscalation, nextEscalation } from "../domain/escalation.ts";
import { hundredthsOf } from "../domain/occupancy.ts";

const input = z.object({
  pageSize: z.number().int().min(0).max(500, "must be at most 500").optional(),
  pageToken: z.string().max(500).optional(),
});

const tokens = pageTokens({ s: "text", l: "text" });

export interface RentRollLine {
  siteId: string;
  leaseId: string;
  reference: string;
  customerId: string;
  /** Null until the customer's event is heard of. */
  customerName: string | null;
  /** Codes of the lease's units known so far, in code order. */
  unitCodes: string[];
  areaHundredths: bigint;
  monthlyRentMinor: bigint;
  /** Rent per m² per month, minor units, rounded half up; null without area. */
  rentPerM2MonthMinor: bigint | null;
  startDate: string;
  endDate: string;
  depositHeldMinor: bigint;
  /** What the lease's bills still owe (amount less allocated and waived), due or not. */
  balanceMinor: bigint;
  /** Of it, what is past due on the site's today. */
  overdueMinor: bigint;
  /** The next rent escalation after the site's today, within the lease; null when none is left. */
  nextEscalation: NextEscalation | null;
  currency: string;
}

interface Row {
  site_id: string;
  lease_id: string;
  reference: string;
  customer_id: string;
  customer_name: string | null;
  unit_codes: string[];
  area: string;
  monthly_rent_minor: bigint;
  start_date: string;
  end_date: string;
  deposit_held_minor: bigint;
  balance: bigint;
  overdue: bigint;
  escalation: Escalation;
  today: string;
  currency: string;
}

/**
 * The rent roll: every active lease of one site or of every site in scope, by site and lease id,
 * a page at a time — units and their gross area, the tenant, the rent per month and per m², the
 * lease dates, the next rent escalation, the deposit held and what its bills still owe (and of
 * that, what is past due).
 */
export async function getRentRoll(
  deps: ReportingDeps,
  caller: Caller,
  siteId: string | undefined,
  request: z.input<typeof input>,
): Promise<{ lines: RentRollLine[]; nextPageToken: string | null }> {
  const { pageSize, pageToken } = parseInput(input, request, "request");
  const size = pageSize || 100;
  const after = tokens.decode(pageToken);
  const scope = await reportScope(deps.db, caller, siteId);
  const rows = await deps.db.$queryRawUnsafe<Row[]>(
    `SELECT l.site_id, l.lease_id, l.reference, l.customer_id, c.name AS customer_name,
            coalesce(u.codes, '{}') AS unit_codes, coalesce(u.area, 0)::text AS area,
            l.monthly_rent_minor, to_char(l.start_date, 'YYYY-MM-DD') AS start_date,
            to_char(l.end_date, 'YYYY-MM-DD') AS end_date, l.deposit_held_minor, l.currency,
            coalesce(b.balance, 0)::bigint AS balance, coalesce(b.overdue, 0)::bigint AS overdue,
            l.escalation,
            to_char(($6::timestamptz AT TIME ZONE coalesce(s.time_zone, 'UTC'))::date, 'YYYY-MM-DD') AS today
       FROM lease_facts l
       LEFT JOIN site_facts s ON s.site_id = l.site_id
       LEFT JOIN customer_facts c ON c.customer_id = l.customer_id
       LEFT JOIN LATERAL (
         SELECT sum(amount_minor - allocated_minor - waived_minor) AS balance,
                sum(amount_minor - allocated_minor - waived_minor)
                  FILTER (WHERE due_date < ($6::timestamptz AT TIME ZONE coalesce(s.time_zone, 'UTC'))::date) AS overdue
           FROM bill_facts
          WHERE lease_id = l.lease_id AND amount_minor > allocated_minor + waived_minor) b ON true
       LEFT JOIN LATERAL (
         SELECT array_agg(code ORDER BY code) FILTER (WHERE code <> '') AS codes,
                sum(gross_area_m2) AS area
           FROM unit_facts WHERE unit_id = ANY (l.unit_ids)) u ON true
      WHERE l.org_id = $1 AND ($2::text[] IS NULL OR l.site_id = ANY ($2::text[]))
        AND l.status = 'active' AND l.start_date IS NOT NULL
        AND ($3::text IS NULL OR (l.site_id, l.lease_id) > ($3::text, $4::text))
      ORDER BY l.site_id, l.lease_id
      LIMIT $5`,
    scope.orgId,
    scope.siteIds,
    after?.s ?? null,
    after?.l ?? null,
    size + 1,
    deps.clock().toISOString(),
  );
  const lines = rows.slice(0, size).map((row): RentRollLine => {
    const area = hundredthsOf(row.area);
    const rent = BigInt(row.monthly_rent_minor);
    return {
      siteId: row.site_id,
      leaseId: row.lease_id,
      reference: row.reference,
      customerId: row.customer_id,
      customerName: row.customer_name,
      unitCodes: row.unit_codes,
      areaHundredths: area,
      monthlyRentMinor: rent,
      // rent / (area / 100), half up.
      rentPerM2MonthMinor: area === 0n ? null : (rent * 200n + area) / (2n * area),
      startDate: row.start_date,
      endDate: row.end_date,
      depositHeldMinor: BigInt(row.deposit_held_minor),
      balanceMinor: BigInt(row.balance),
      overdueMinor: BigInt(row.overdue),
      nextEscalation: nextEscalation(
        row.escalation,
        { startDate: row.start_date, endDate: row.end_date },
        row.today,
      ),
      currency: row.currency,
    };
  });
  const last = lines.at(-1);
  return {
    lines,
    nextPageToken:
      rows.length > size && last ? tokens.encode({ s: last.siteId, l: last.leaseId }) : null,
  };
}
