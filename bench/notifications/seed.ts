// The notifications benchmark's world: sites, customers and bills in the service's read models
// (set-based SQL, as its consumer would have left them), and the slice's bills as the
// `billing.bill.issued` events billing publishes. Bill i belongs to customer i, whose address is
// t<i>@bench.example (smtp-sink.ts), so each message tells which bill it was about; every
// customer gets one message (under the daily limit).
import { randomUUID } from "node:crypto";
import type { EventEnvelope } from "@slms/contracts";
import type pg from "pg";

export const orgId = "org_bench";
export const timeZone = "Asia/Shanghai";
const siteOf = (i: number, sites: number) => `sit_bench_${i % sites}`;

/**
 * Writes `sites` sites, `customers` customers and bills 0…bills−1 due in two days in the sites'
 * time zone (inside the default three days of the reminder, even if the run crosses midnight
 * there). Answers the due date and today there.
 */
export async function seedReadModels(
  sql: pg.Client,
  counts: { sites: number; customers: number; bills: number },
): Promise<{ due: string; today: string }> {
  const { due, today } = (
    await sql.query(
      `SELECT to_char(d + 2, 'YYYY-MM-DD') AS due, to_char(d, 'YYYY-MM-DD') AS today
         FROM (SELECT (now() AT TIME ZONE $1)::date AS d) x`,
      [timeZone],
    )
  ).rows[0];
  await sql.query(
    `INSERT INTO site_facts (site_id, org_id, name, time_zone, currency, as_of)
     SELECT 'sit_bench_' || s, $1, '基准园区 ' || s, $2, 'CNY', now()
       FROM generate_series(0, $3::int - 1) s`,
    [orgId, timeZone, counts.sites],
  );
  await sql.query(
    `INSERT INTO customer_facts (customer_id, org_id, site_id, name, email, phones, consent_sms,
                                 consent_email, as_of)
     SELECT 'cus_bench_' || c, $1, 'sit_bench_' || (c % $2), '租户 ' || c, 't' || c || '@bench.example',
            ARRAY['+86 138 0000 ' || lpad((c % 10000)::text, 4, '0')], true, true, now()
       FROM generate_series(0, $3::int - 1) c`,
    [orgId, counts.sites, counts.customers],
  );
  await sql.query(
    `INSERT INTO bill_facts (bill_id, org_id, site_id, customer_id, lease_id, fee_code, kind,
                             period_start, period_end, due_date, currency, amount_minor,
                             allocated_minor, waived_minor, version)
     SELECT 'bil_bench_' || b, $1, 'sit_bench_' || (b % $2), 'cus_bench_' || b, 'lea_bench_' || b,
            'rent', 'charge', date_trunc('month', $4::date),
            date_trunc('month', $4::date) + interval '1 month - 1 day', $4::date, 'CNY',
            500000 + b % 1000, 0, 0, 0
       FROM generate_series(0, $3::int - 1) b`,
    [orgId, counts.sites, counts.bills, due],
  );
  await sql.query("ANALYZE");
  return { due, today };
}

/** `billing.bill.issued` of bills first…first+n−1, stamped now, due on `due`. */
export function billIssuedEvents(
  first: number,
  n: number,
  options: { sites: number; due: string; today: string },
): EventEnvelope[] {
  const periodStart = `${options.due.slice(0, 8)}01`;
  return Array.from({ length: n }, (_, k) => {
    const i = first + k;
    const siteId = siteOf(i, options.sites);
    return {
      id: randomUUID(),
      type: "billing.bill.issued",
      version: 1,
      occurredAt: new Date().toISOString(),
      orgId,
      siteId,
      actor: "usr_bench",
      traceparent: null,
      data: {
        billId: `bil_bench_${i}`,
        siteId,
        leaseId: `lea_bench_${i}`,
        customerId: `cus_bench_${i}`,
        feeCode: "rent",
        kind: "charge",
        periodStart,
        periodEnd: periodStart, // not in a reminder's text
        issueDate: options.today,
        dueDate: options.due,
        currency: "CNY",
        amountMinor: 500_000 + (i % 1000),
      },
    };
  });
}
