import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import type { z } from "zod";
import { reportScope } from "../db/scope.ts";
import type { ReportingDeps } from "../deps.ts";
import { basisPoints } from "../domain/occupancy.ts";
import { monthRange } from "../domain/ranges.ts";

const input = monthRange(24);

/** Collection for one site and month: all fee items (`feeCode` null) or one. */
export interface CollectionLine {
  siteId: string;
  /** YYYY-MM. */
  month: string;
  feeCode: string | null;
  currency: string;
  /** Bills due in the month: their amount less waivers (应收). */
  billedMinor: bigint;
  /** Money allocated to those bills to date (实收). */
  collectedMinor: bigint;
  /** collected / billed. */
  rateBp: number;
  /** Of that money, what was received by the end of the month (当期实收). */
  collectedInMonthMinor: bigint;
  currentRateBp: number;
  /** What was owed at the start of the month on bills due before it (期初欠费). */
  arrearsOpeningMinor: bigint;
  /** Money received in the month against those bills (清欠). */
  arrearsCollectedMinor: bigint;
  arrearsRateBp: number;
}

interface LineKey {
  site_id: string;
  month: string;
  fee_code: string;
  currency: string;
}
type DueRow = LineKey & { billed: bigint; collected: bigint; in_month: bigint };
type ArrearsRow = LineKey & { opening: bigint; arrears: bigint };

interface Figures {
  siteId: string;
  month: string;
  feeCode: string;
  currency: string;
  billed: bigint;
  collected: bigint;
  inMonth: bigint;
  opening: bigint;
  arrears: bigint;
}

/** The site's civil date of a movement. */
const LOCAL_DAY = `(m.at AT TIME ZONE coalesce(s.time_zone, 'UTC'))::date`;
const SCOPE = `b.org_id = $1 AND ($2::text[] IS NULL OR b.site_id = ANY ($2::text[]))`;

/**
 * The collection rate (收缴率) per site and month from `fromMonth` to `toMonth` (at most 24), in
 * total and per fee item, as property companies report it: bills due in the month against the
 * money collected on them — to date, and by the month's end (current-period collection) — and
 * separately the arrears brought into the month and what of them was collected during it. Days
 * are each site's civil dates.
 */
export async function getCollectionRate(
  deps: ReportingDeps,
  caller: Caller,
  siteId: string | undefined,
  request: z.input<typeof input>,
): Promise<CollectionLine[]> {
  const { fromMonth, toMonth } = parseInput(input, request, "request");
  const scope = await reportScope(deps.db, caller, siteId);
  const from = `${fromMonth}-01`;
  const args = [scope.orgId, scope.siteIds, from, `${toMonth}-01`] as const;
  const due = await deps.db.$queryRawUnsafe<DueRow[]>(
    `SELECT b.site_id, to_char(b.due_date, 'YYYY-MM') AS month, b.fee_code, b.currency,
            sum(b.amount_minor - b.waived_minor)::bigint AS billed,
            sum(b.allocated_minor)::bigint AS collected,
            coalesce(sum(x.in_month), 0)::bigint AS in_month
       FROM bill_facts b
       LEFT JOIN site_facts s ON s.site_id = b.site_id
       LEFT JOIN LATERAL (
         SELECT sum(m.allocated_delta_minor) AS in_month FROM bill_movements m
          WHERE m.bill_id = b.bill_id
            AND ${LOCAL_DAY} < (date_trunc('month', b.due_date::timestamp) + interval '1 month')::date
       ) x ON true
      WHERE ${SCOPE} AND b.due_date >= $3::date AND b.due_date < ($4::date + interval '1 month')::date
      GROUP BY b.site_id, to_char(b.due_date, 'YYYY-MM'), b.fee_code, b.currency`,
    ...args,
  );
  const arrears = await deps.db.$queryRawUnsafe<ArrearsRow[]>(
    `WITH months AS (
       SELECT m::date AS first, (m + interval '1 month')::date AS next
         FROM generate_series($3::date, $4::date, interval '1 month') m)
     SELECT b.site_id, to_char(mo.first, 'YYYY-MM') AS month, b.fee_code, b.currency,
            coalesce(sum(m.amount_delta_minor - m.allocated_delta_minor - m.waived_delta_minor)
                     FILTER (WHERE ${LOCAL_DAY} < mo.first), 0)::bigint AS opening,
            coalesce(sum(m.allocated_delta_minor)
                     FILTER (WHERE ${LOCAL_DAY} >= mo.first AND ${LOCAL_DAY} < mo.next), 0)::bigint AS arrears
       FROM months mo
       JOIN bill_facts b ON b.due_date < mo.first
       JOIN bill_movements m ON m.bill_id = b.bill_id
       LEFT JOIN site_facts s ON s.site_id = b.site_id
      WHERE ${SCOPE}
      GROUP BY b.site_id, mo.first, b.fee_code, b.currency`,
    ...args,
  );
  const lines = new Map<string, Figures>();
  const line = (r: LineKey) => {
    const key = `${r.site_id}\u0000${r.month}\u0000${r.fee_code}\u0000${r.currency}`;
    let figures = lines.get(key);
    if (!figures) {
      figures = {
        siteId: r.site_id,
        month: r.month,
        feeCode: r.fee_code,
        currency: r.currency,
        ...{ billed: 0n, collected: 0n, inMonth: 0n, opening: 0n, arrears: 0n },
      };
      lines.set(key, figures);
    }
    return figures;
  };
  for (const r of due) {
    const f = line(r);
    f.billed += BigInt(r.billed);
    f.collected += BigInt(r.collected);
    f.inMonth += BigInt(r.in_month);
  }
  for (const r of arrears) {
    if (BigInt(r.opening) === 0n && BigInt(r.arrears) === 0n) continue;
    const f = line(r);
    f.opening += BigInt(r.opening);
    f.arrears += BigInt(r.arrears);
  }
  return withSiteTotals([...lines.values()]).map(toLine);
}

/** Each site and month's fee items, preceded by their total (fee code null). */
function withSiteTotals(figures: Figures[]): (Figures & { total: boolean })[] {
  const order = (f: Figures) => [f.siteId, f.month, f.currency, f.feeCode].join("\u0000");
  figures.sort((a, b) => (order(a) < order(b) ? -1 : 1));
  const out: (Figures & { total: boolean })[] = [];
  let total: (Figures & { total: boolean }) | undefined;
  for (const f of figures) {
    if (
      !total ||
      total.siteId !== f.siteId ||
      total.month !== f.month ||
      total.currency !== f.currency
    ) {
      total = { ...f, feeCode: "", total: true };
      out.push(total);
    } else {
      total.billed += f.billed;
      total.collected += f.collected;
      total.inMonth += f.inMonth;
      total.opening += f.opening;
      total.arrears += f.arrears;
    }
    out.push({ ...f, total: false });
  }
  return out;
}

function toLine(f: Figures & { total: boolean }): CollectionLine {
  return {
    siteId: f.siteId,
    month: f.month,
    feeCode: f.total ? null : f.feeCode,
    currency: f.currency,
    billedMinor: f.billed,
    collectedMinor: f.collected,
    rateBp: basisPoints(f.collected, f.billed),
    collectedInMonthMinor: f.inMonth,
    currentRateBp: basisPoints(f.inMonth, f.billed),
    arrearsOpeningMinor: f.opening,
    arrearsCollectedMinor: f.arrears,
    arrearsRateBp: basisPoints(f.arrears, f.opening),
  };
}
