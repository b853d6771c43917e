import type { Tx } from "../deps.ts";
import type {
  BillRow,
  LeaseRow,
  MovementRow,
  PaymentRow,
  UnitRow,
} from "../domain/source-facts.ts";

// A rebuild's writes: one statement per page and read model, each row under the same rules an
// event's is (what is shown already and newer stays), so that a rebuild running while events
// are applied never takes a model back in time — and, read before an import's rollback removed
// it, never brings an object back (`removed_objects`; the page's writer holds the site's removal
// lock shared: db/removed.ts).

const notRemoved = (kind: string, id: string) =>
  `NOT EXISTS (SELECT 1 FROM removed_objects r WHERE r.kind = '${kind}' AND r.object_id = ${id})`;

const rows = (list: readonly object[]) => JSON.stringify(list);

export async function putSite(
  tx: Tx,
  orgId: string,
  site: {
    siteId: string;
    code: string;
    name: string;
    kind: string;
    timeZone: string;
    currency: string;
    asOf: string;
  },
): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO site_facts (site_id, org_id, code, name, kind, time_zone, currency, as_of)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz)
     ON CONFLICT (site_id) DO UPDATE
       SET code = EXCLUDED.code, name = EXCLUDED.name, kind = EXCLUDED.kind,
           time_zone = EXCLUDED.time_zone, currency = EXCLUDED.currency, as_of = EXCLUDED.as_of
       WHERE site_facts.as_of <= EXCLUDED.as_of`,
    ...[site.siteId, orgId, site.code, site.name, site.kind, site.timeZone, site.currency],
    site.asOf,
  );
}

const unitRecord = `jsonb_to_recordset($2::jsonb) AS u(unit_id text, site_id text,
  building_id text, code text, kind text, gross_area_m2 text, list_rent_monthly_minor bigint,
  currency text, status text, status_changed_at timestamptz, facts_as_of timestamptz)`;

/** Units: their facts if not older than those shown, their status if it changed later. */
export async function putUnits(tx: Tx, orgId: string, units: readonly UnitRow[]): Promise<void> {
  if (units.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO unit_facts (unit_id, org_id, site_id, building_id, code, kind, gross_area_m2,
                             list_rent_monthly_minor, currency, status, status_changed_at,
                             facts_as_of)
     SELECT unit_id, $1, site_id, building_id, code, kind, gross_area_m2::numeric,
            list_rent_monthly_minor, currency, status, status_changed_at, facts_as_of
       FROM ${unitRecord}
      WHERE ${notRemoved("unit", "u.unit_id")}
     ON CONFLICT (unit_id) DO UPDATE
       SET building_id = EXCLUDED.building_id, code = EXCLUDED.code, kind = EXCLUDED.kind,
           gross_area_m2 = EXCLUDED.gross_area_m2,
           list_rent_monthly_minor = EXCLUDED.list_rent_monthly_minor,
           currency = EXCLUDED.currency, facts_as_of = EXCLUDED.facts_as_of
       WHERE unit_facts.facts_as_of IS NULL OR unit_facts.facts_as_of <= EXCLUDED.facts_as_of`,
    orgId,
    rows(units),
  );
  await tx.$executeRawUnsafe(
    `UPDATE unit_facts f SET status = u.status, status_changed_at = u.status_changed_at
       FROM ${unitRecord}
      WHERE f.unit_id = u.unit_id AND f.org_id = $1 AND f.status_changed_at < u.status_changed_at`,
    orgId,
    rows(units),
  );
}

export async function putCustomers(
  tx: Tx,
  orgId: string,
  customers: readonly {
    customer_id: string;
    site_id: string;
    kind: string;
    name: string;
    as_of: string;
  }[],
): Promise<void> {
  if (customers.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO customer_facts (customer_id, org_id, site_id, kind, name, as_of)
     SELECT customer_id, $1, site_id, kind, name, as_of
       FROM jsonb_to_recordset($2::jsonb)
         AS c(customer_id text, site_id text, kind text, name text, as_of timestamptz)
      WHERE ${notRemoved("customer", "c.customer_id")}
     ON CONFLICT (customer_id) DO UPDATE
       SET kind = EXCLUDED.kind, name = EXCLUDED.name, as_of = EXCLUDED.as_of
       WHERE customer_facts.as_of <= EXCLUDED.as_of`,
    orgId,
    rows(customers),
  );
}

const leaseRecord = `jsonb_to_recordset($2::jsonb) AS l(lease_id text, site_id text,
  customer_id text, reference text, unit_ids jsonb, start_date date, end_date date, status text,
  ended_on date, monthly_rent_minor bigint, currency text, terms_version int, escalation jsonb,
  deposit_held_minor bigint, deposit_as_of timestamptz)`;

/**
 * Leases with the deposit held for each: terms where not older than those shown (terms version);
 * an end where the lease is shown draft or active (an ended lease stays ended, as with events);
 * the deposit where its newest entry is not older than the one shown.
 */
export async function putLeases(
  tx: Tx,
  orgId: string,
  leases: readonly (LeaseRow & { deposit_held_minor: number; deposit_as_of: string | null })[],
): Promise<void> {
  if (leases.length === 0) return;
  const json = rows(leases);
  await tx.$executeRawUnsafe(
    `INSERT INTO lease_facts (lease_id, org_id, site_id, customer_id, reference, unit_ids,
                              start_date, end_date, status, ended_on, monthly_rent_minor, currency,
                              terms_version, escalation, deposit_held_minor, deposit_as_of)
     SELECT lease_id, $1, site_id, customer_id, reference,
            ARRAY(SELECT jsonb_array_elements_text(unit_ids)), start_date, end_date, status,
            ended_on, monthly_rent_minor, currency, terms_version, escalation,
            deposit_held_minor, deposit_as_of
       FROM ${leaseRecord}
      WHERE ${notRemoved("lease", "l.lease_id")}
     ON CONFLICT (lease_id) DO UPDATE
       SET customer_id = EXCLUDED.customer_id, reference = EXCLUDED.reference,
           unit_ids = EXCLUDED.unit_ids, start_date = EXCLUDED.start_date,
           end_date = EXCLUDED.end_date, monthly_rent_minor = EXCLUDED.monthly_rent_minor,
           currency = EXCLUDED.currency, terms_version = EXCLUDED.terms_version,
           escalation = EXCLUDED.escalation
       WHERE lease_facts.terms_version <= EXCLUDED.terms_version`,
    orgId,
    json,
  );
  await tx.$executeRawUnsafe(
    `UPDATE lease_facts f SET status = l.status, ended_on = l.ended_on
       FROM ${leaseRecord}
      WHERE f.lease_id = l.lease_id AND f.org_id = $1 AND f.status IN ('draft', 'active')`,
    orgId,
    json,
  );
  await tx.$executeRawUnsafe(
    `UPDATE lease_facts f SET deposit_held_minor = l.deposit_held_minor,
                              deposit_as_of = l.deposit_as_of
       FROM ${leaseRecord}
      WHERE f.lease_id = l.lease_id AND f.org_id = $1 AND l.deposit_as_of IS NOT NULL
        AND (f.deposit_as_of IS NULL OR f.deposit_as_of <= l.deposit_as_of)`,
    orgId,
    json,
  );
}

/**
 * Bills and their movements: a bill's state where it is at least as new as the one shown, and its
 * movements up to its version replaced by the history's (the totals per due date are recomputed
 * once the site's bills are all in: `refreshBillDueTotals`).
 */
export async function putBills(
  tx: Tx,
  orgId: string,
  bills: readonly BillRow[],
  movements: readonly MovementRow[],
): Promise<void> {
  if (bills.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO bill_facts (bill_id, org_id, site_id, lease_id, customer_id, fee_code, kind,
                             period_start, period_end, issue_date, due_date, currency,
                             amount_minor, allocated_minor, waived_minor, version)
     SELECT bill_id, $1, site_id, lease_id, customer_id, fee_code, kind, period_start,
            period_end, issue_date, due_date, currency, amount_minor, allocated_minor,
            waived_minor, version
       FROM jsonb_to_recordset($2::jsonb) AS b(bill_id text, site_id text, lease_id text,
            customer_id text, fee_code text, kind text, period_start date, period_end date,
            issue_date date, due_date date, currency text, amount_minor bigint,
            allocated_minor bigint, waived_minor bigint, version int)
      WHERE ${notRemoved("bill", "b.bill_id")}
     ON CONFLICT (bill_id) DO UPDATE
       SET amount_minor = EXCLUDED.amount_minor, allocated_minor = EXCLUDED.allocated_minor,
           waived_minor = EXCLUDED.waived_minor, period_end = EXCLUDED.period_end,
           version = EXCLUDED.version
       WHERE bill_facts.version <= EXCLUDED.version`,
    orgId,
    rows(bills),
  );
  await tx.$executeRawUnsafe(
    `DELETE FROM bill_movements m
      USING jsonb_to_recordset($1::jsonb) AS b(bill_id text, version int)
      WHERE m.bill_id = b.bill_id AND m.version <= b.version`,
    rows(bills.map((b) => ({ bill_id: b.bill_id, version: b.version }))),
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO bill_movements (bill_id, version, org_id, site_id, at, amount_delta_minor,
                                 allocated_delta_minor, waived_delta_minor)
     SELECT m.bill_id, m.version, $1, m.site_id,
            coalesce(m.at, f.issue_date::timestamp AT TIME ZONE
              coalesce((SELECT time_zone FROM site_facts WHERE site_id = m.site_id), 'UTC')),
            m.amount_delta_minor, m.allocated_delta_minor, m.waived_delta_minor
       FROM jsonb_to_recordset($2::jsonb) AS m(bill_id text, site_id text, version int,
            at timestamptz, amount_delta_minor bigint, allocated_delta_minor bigint,
            waived_delta_minor bigint)
       JOIN bill_facts f ON f.bill_id = m.bill_id`,
    orgId,
    rows(movements),
  );
}

/**
 * The site's bill totals per due date, from its bills. Bill events wait meanwhile (they add to
 * these totals in the same statement that moves a bill), so none is counted twice or missed.
 */
export async function refreshBillDueTotals(tx: Tx, orgId: string, siteId: string): Promise<void> {
  await tx.$executeRawUnsafe(`LOCK TABLE bill_facts, bill_due_totals IN SHARE ROW EXCLUSIVE MODE`);
  await tx.$executeRawUnsafe(`DELETE FROM bill_due_totals WHERE site_id = $1`, siteId);
  await tx.$executeRawUnsafe(
    `INSERT INTO bill_due_totals (org_id, site_id, due_date, amount_minor, allocated_minor, waived_minor)
     SELECT org_id, site_id, due_date, sum(amount_minor), sum(allocated_minor), sum(waived_minor)
       FROM bill_facts WHERE org_id = $1 AND site_id = $2
      GROUP BY org_id, site_id, due_date`,
    orgId,
    siteId,
  );
}

export async function putPayments(
  tx: Tx,
  orgId: string,
  payments: readonly PaymentRow[],
): Promise<void> {
  if (payments.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO payment_entries (payment_id, org_id, site_id, customer_id, lease_id, method,
                                  amount_minor, currency, received_at, receipt_number, cashier,
                                  reversed_at, reversed_by)
     SELECT payment_id, $1, site_id, customer_id, lease_id, method, amount_minor, currency,
            received_at, receipt_number, cashier, reversed_at, reversed_by
       FROM jsonb_to_recordset($2::jsonb) AS p(payment_id text, site_id text, customer_id text,
            lease_id text, method text, amount_minor bigint, currency text,
            received_at timestamptz, receipt_number text, cashier text, reversed_at timestamptz,
            reversed_by text)
     ON CONFLICT (payment_id) DO UPDATE
       SET cashier = EXCLUDED.cashier,
           reversed_at = coalesce(payment_entries.reversed_at, EXCLUDED.reversed_at),
           reversed_by = coalesce(payment_entries.reversed_by, EXCLUDED.reversed_by)`,
    orgId,
    rows(payments),
  );
}
