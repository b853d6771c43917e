import type { Caller } from "@slms/grpc";
import type { Harness } from "./harness.ts";
import { fillTemplate, ids, type RowValues } from "./support.ts";

// A small site's go-live, as the commit and rollback tests import it, and what the owning
// services then hold at the site.

export const date = (text: string) => new Date(`${text}T00:00:00Z`);
export const goLive = "2026-01-01";

/**
 * A small site: 3 units (one under maintenance), 2 customers (one with an emergency contact),
 * 2 leases, 2 opening arrears, a deposit, a prepayment.
 */
export const rows = (prefix: string): Record<string, RowValues[]> => ({
  units: [
    {
      code: `${prefix}-101`,
      name: "A栋101",
      building: "A栋",
      kind: "住宅",
      grossArea: 85.5,
      listRent: 6500,
    },
    {
      code: `${prefix}-102`,
      kind: "住宅",
      grossArea: "90.25",
      usableArea: 80,
      listRent: "¥7,000",
      status: "维修中",
    },
    { code: `${prefix}-S1`, kind: "商铺", grossArea: 120, listRent: 12000 },
  ],
  customers: [
    {
      name: "张三",
      kind: "个人",
      idType: "居民身份证",
      idNumber: ids.zhang,
      phones: "13800138000",
      emergencyName: "李四",
      emergencyPhone: "139 0013 9000",
      emergencyRelation: "配偶",
    },
    { name: "某某科技有限公司", kind: "企业", idType: "统一社会信用代码", idNumber: ids.acme },
  ],
  leases: [
    {
      reference: `${prefix}-HT-1`,
      customerIdNumber: ids.zhang,
      unitCodes: `${prefix}-101`,
      startDate: date("2025-07-01"),
      endDate: date("2027-06-30"),
      frequency: "月付",
      rentBasis: "每期固定金额",
      rent: 6500,
      dueDay: 5,
      deposit: 13000,
    },
    {
      reference: `${prefix}-HT-2`,
      customerIdNumber: ids.acme,
      unitCodes: `${prefix}-S1`,
      startDate: date("2025-10-01"),
      endDate: date("2028-09-30"),
      frequency: "季付",
      rentBasis: "每期固定金额",
      rent: "36,000.01",
      dueDay: 1,
    },
  ],
  arrears: [
    {
      leaseReference: `${prefix}-HT-1`,
      feeCode: "租金",
      periodStart: date("2025-12-01"),
      periodEnd: date("2025-12-31"),
      dueDate: date("2025-12-05"),
      amount: 6500,
    },
    {
      leaseReference: `${prefix}-HT-2`,
      feeCode: "rent",
      periodStart: "2025-10-01",
      periodEnd: "2025-12-31",
      dueDate: "2025-10-01",
      amount: "12,000.99",
    },
  ],
  deposits: [{ leaseReference: `${prefix}-HT-1`, amount: 13000, receivedDate: date("2025-07-01") }],
  prepayments: [{ customerIdNumber: ids.acme, amount: "500.50", receivedDate: "2025-12-20" }],
});

export async function validated(h: Harness, siteId: string, prefix: string, caller: Caller) {
  const { import: job } = await h.onboarding.ValidateImport(
    {
      siteId,
      workbook: await fillTemplate(rows(prefix)),
      fileName: `${prefix}.xlsx`,
      goLiveDate: goLive,
    },
    { caller },
  );
  return job!;
}

/** What the owning services hold at a site (to show a failed import left nothing). */
export async function holdings(h: Harness, siteId: string) {
  const caller = { ...h.hq, siteIds: [siteId] };
  const owners = h.owners();
  // Deposits are checked by payments' own discard test (a ledger is read per lease).
  const [units, customers, leases, bills, payments] = await Promise.all([
    owners.assets.ListUnits({ siteId, pageSize: 500, pageToken: "" }, { caller }),
    owners.customers.ListCustomers({ siteId, pageSize: 500, pageToken: "" }, { caller }),
    owners.contracts.ListLeases({ siteId, pageSize: 500, pageToken: "" }, { caller }),
    owners.billing.ListBills({ siteId, pageSize: 500, pageToken: "" }, { caller }),
    owners.payments.ListPayments({ siteId, pageSize: 500, pageToken: "" }, { caller }),
  ]);
  return {
    units: units.units.length,
    customers: customers.customers.length,
    leases: leases.leases.length,
    bills: bills.bills.length,
    payments: payments.payments.length,
  };
}

/** The events about a site's objects (not the site's own, nor the import's). */
export const eventsOfSite = (h: Harness, siteId: string) =>
  h.events.filter(
    (e) =>
      e.siteId === siteId &&
      !e.type.startsWith("onboarding.") &&
      !e.type.startsWith("assets.site."),
  );

/** A new site of the harness's organisation, and a site manager of it. */
export async function newSite(h: Harness, code: string) {
  const { site } = await h.assets.CreateSite(
    {
      code,
      name: code,
      kind: "SITE_KIND_RESIDENTIAL",
      timeZone: "Asia/Shanghai",
      currencyCode: "CNY",
    },
    { caller: h.hq },
  );
  const siteId = site!.id;
  return { siteId, manager: { ...h.manager, siteIds: [siteId] } };
}
