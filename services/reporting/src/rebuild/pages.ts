import { lockRemovalsShared } from "@slms/db";
import type { Caller } from "@slms/grpc";
import {
  putBills,
  putCustomers,
  putLeases,
  putPayments,
  putSite,
  putUnits,
  refreshBillDueTotals,
} from "../db/rebuild.ts";

import { refreshPaymentDays, refreshUnitTotals } from "../db/totals.ts";
import type { Tx } from "../deps.ts";
import { billRows, enumName, leaseRow, paymentRow, unitRow } from "../domain/source-facts.ts";
import type { Sources } from "../sources.ts";

/** A site's read models are rebuilt in this order, each a page at a time. */
export const phases = ["site", "units", "customers", "leases", "bills", "payments"] as const;
export type Phase = (typeof phases)[number];

/** What one page read from an owning service comes to. */
export interface Page {
  /** Rows it holds. */
  rows: number;
  /** Empty on the phase's last page. */
  nextPageToken: string;
  /** Writes the rows (and, on the phase's last page, what the phase recomputes from them). */
  write(tx: Tx): Promise<void>;
}

const pageSize = 500;
/** Leases are read with their deposit ledgers, one call each: smaller pages. */
const leasePageSize = 50;

/** Reads the page of `phase` at `pageToken` for one site, from the service that owns it. */
export async function readPage(
  sources: Sources,
  caller: Caller,
  siteId: string,
  phase: Phase,
  pageToken: string,
  now: Date,
): Promise<Page> {
  const call = { caller };
  const { orgId } = caller;
  switch (phase) {
    case "site": {
      const { site } = await sources.assets.GetSite({ id: siteId }, call);
      if (!site) throw new Error(`site ${siteId}: the assets service answered no site`);
      return {
        rows: 1,
        nextPageToken: "",
        write: (tx) =>
          putSite(tx, orgId, {
            siteId,
            code: site.code,
            name: site.name,
            kind: enumName("SITE_KIND", site.kind),
            timeZone: site.timeZone,
            currency: site.currencyCode,
            asOf: site.updatedAt,
          }),
      };
    }
    case "units": {
      const page = await sources.assets.ListUnits({ siteId, pageSize, pageToken }, call);
      const units = page.units.map(unitRow);
      return {
        rows: units.length,
        nextPageToken: page.nextPageToken,
        write: async (tx) => {
          await lockRemovalsShared(tx, siteId);
          await putUnits(tx, orgId, units);
          if (!page.nextPageToken) await refreshUnitTotals(tx, orgId, siteId, now);
        },
      };
    }
    case "customers": {
      const page = await sources.customers.ListCustomers({ siteId, pageSize, pageToken }, call);
      const customers = page.customers.map((c) => ({
        customer_id: c.id,
        site_id: c.siteId,
        kind: enumName("CUSTOMER_KIND", c.kind),
        name: c.name,
        as_of: c.updatedAt,
      }));
      return {
        rows: customers.length,
        nextPageToken: page.nextPageToken,
        write: async (tx) => {
          await lockRemovalsShared(tx, siteId);
          await putCustomers(tx, orgId, customers);
        },
      };
    }
    case "leases": {
      const page = await sources.contracts.ListLeases(
        { siteId, pageSize: leasePageSize, pageToken },
        call,
      );
      const leases: Parameters<typeof putLeases>[2][number][] = [];
      for (const lease of page.leases) {
        const row = leaseRow(lease);
        if (!row) continue;
        const ledger = await sources.payments.GetDepositLedger({ siteId, leaseId: lease.id }, call);
        const newest = ledger.entries.reduce<string | null>(
          (at, e) => (at === null || e.createdAt > at ? e.createdAt : at),
          null,
        );
        leases.push({ ...row, deposit_held_minor: ledger.heldMinor, deposit_as_of: newest });
      }
      return {
        rows: leases.length,
        nextPageToken: page.nextPageToken,
        write: async (tx) => {
          await lockRemovalsShared(tx, siteId);
          await putLeases(tx, orgId, leases);
        },
      };
    }
    case "bills": {
      const page = await sources.billing.ListBillHistory({ siteId, pageSize, pageToken }, call);
      const rows = page.bills.map(billRows);
      return {
        rows: rows.length,
        nextPageToken: page.nextPageToken,
        write: async (tx) => {
          await lockRemovalsShared(tx, siteId);
          await putBills(
            tx,
            orgId,
            rows.map((r) => r.bill),
            rows.flatMap((r) => r.movements),
          );
          if (!page.nextPageToken) await refreshBillDueTotals(tx, orgId, siteId);
        },
      };
    }
    case "payments": {
      const page = await sources.payments.ListPayments({ siteId, pageSize, pageToken }, call);
      const payments = page.payments.map(paymentRow);
      return {
        rows: payments.length,
        nextPageToken: page.nextPageToken,
        write: async (tx) => {
          await putPayments(tx, orgId, payments);
          if (!page.nextPageToken) await refreshPaymentDays(tx, orgId, siteId, null);
        },
      };
    }
  }
}
