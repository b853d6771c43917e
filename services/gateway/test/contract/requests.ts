import { calendar, leaseTerms, residentId, type SiteWorld, unique } from "./world.ts";

/**
 * One valid request per operation of the API (by operationId), against a site of the world:
 * the base the contract tests vary — one field made hostile, or one object id swapped for
 * another site's. Path parameters come from the site by name (`{leaseId}` → `site.leaseId`)
 * unless a request names them. An operation with a body lists the bodies that, together, use
 * every field of its schema (each branch of a union); the hostile-input test checks that.
 *
 * A new route fails the contract tests until it is listed here.
 */
export interface ValidRequest {
  path?: Record<string, string>;
  query?: Record<string, string>;
  bodies?: unknown[];
}

type Catalogue = Record<string, (site: SiteWorld) => ValidRequest>;

/** Path parameters by name, from a site of the world. */
export function pathParam(name: string, site: SiteWorld): string {
  const value = {
    siteId: site.siteId,
    unitId: site.unitId,
    customerId: site.customerId,
    leaseId: site.leaseId,
    billId: site.billId,
    waiverId: site.waiverId,
    paymentId: site.paymentId,
    runId: site.runId,
    meterCode: site.meterCode,
    code: "management",
  }[name];
  if (value === undefined) throw new Error(`no world value for path parameter {${name}}`);
  return value;
}

const fullTerms = () => ({
  ...leaseTerms(),
  rentFree: [{ from: calendar().monthStart(1), to: calendar().monthStart(1) }],
  fees: [
    {
      feeCode: "management",
      basis: "per_m2_month",
      amountMinor: 500,
      areaHundredths: 12_050,
      frequency: "monthly",
    },
  ],
});

const termsVariants = () => [
  fullTerms(),
  {
    ...leaseTerms(),
    rent: { kind: "per_m2_month", rateMinorPerM2: 4_000, areaHundredths: 12_050 },
    escalation: { kind: "fixed_percent", basisPoints: 500 },
    penalty: { kind: "fixed", amountMinor: 100_000 },
  },
  {
    ...leaseTerms(),
    escalation: { kind: "stepped", steps: [{ from: calendar().monthStart(6), value: 520_000 }] },
    penalty: { kind: "none" },
  },
];

export const validRequests: Catalogue = {
  login: () => ({ bodies: [{ email: "nobody@contract.test", password: "not-the-password" }] }),
  refreshSession: () => ({ bodies: [{ refreshToken: "rt_not-a-real-token" }] }),
  logout: () => ({ bodies: [{ refreshToken: "rt_not-a-real-token" }] }),
  me: () => ({}),
  listUsers: () => ({}),
  createUser: (site) => ({
    bodies: [
      {
        email: `${unique("user")}@contract.test`,
        name: "New User",
        password: "new-user-password",
        hqRole: null,
        memberships: [{ siteId: site.siteId, role: "clerk" }],
      },
    ],
  }),

  listSites: () => ({ query: { limit: "10" } }),
  createSite: () => ({
    bodies: [
      {
        code: unique("S"),
        name: "New Site",
        kind: "retail",
        timeZone: "Asia/Shanghai",
        currency: "CNY",
        address: "1 Road",
      },
    ],
  }),
  getSite: () => ({}),
  updateSite: () => ({
    bodies: [{ name: "Renamed", kind: "retail", timeZone: "Asia/Shanghai", address: "2 Road" }],
  }),
  listBuildings: () => ({}),
  createBuilding: () => ({ bodies: [{ code: unique("B"), name: "Block", floors: 5 }] }),
  listUnits: (site) => ({
    query: {
      limit: "10",
      kind: "office",
      status: "leased",
      buildingId: site.buildingId,
      q: "T1",
    },
  }),
  createUnit: (site) => ({
    bodies: [
      {
        code: unique("U"),
        name: "New Unit",
        kind: "shop",
        buildingId: site.buildingId,
        floor: "1",
        grossAreaM2: 50.25,
        usableAreaM2: "40.5",
        listRentMonthlyMinor: 300_000,
      },
    ],
  }),
  getUnit: () => ({}),
  updateUnit: (site) => ({
    path: { unitId: site.spareUnitId },
    bodies: [
      {
        name: "Renamed Unit",
        kind: "office",
        buildingId: site.buildingId,
        floor: "2",
        grossAreaM2: 121,
        usableAreaM2: 100,
        listRentMonthlyMinor: 510_000,
      },
    ],
  }),
  changeUnitStatus: (site) => ({
    path: { unitId: site.spareUnitId },
    bodies: [{ status: "maintenance", reason: "repainting" }],
  }),
  listUnitStatusHistory: () => ({}),

  listCustomers: () => ({ query: { limit: "10", q: "租户", kind: "person", tag: "vip" } }),
  createCustomer: () => ({
    bodies: [
      {
        kind: "person",
        name: "新客户",
        idDocumentType: "resident_id",
        idNumber: residentId(),
        phones: ["+86 138 0000 0000"],
        email: "new@contract.test",
        emergencyContact: { name: "家人", phone: "13900000000", relation: "spouse" },
        tags: ["vip"],
        consentSms: true,
        consentEmail: false,
      },
    ],
  }),
  getCustomer: () => ({}),
  updateCustomer: () => ({
    bodies: [
      {
        name: "改名",
        idDocumentType: "resident_id",
        idNumber: residentId(),
        phones: ["13800000000"],
        email: "x@contract.test",
        emergencyContact: { name: "家人", phone: "13900000000", relation: "parent" },
        tags: ["a"],
        consentSms: false,
        consentEmail: true,
      },
    ],
  }),

  listLeases: (site) => ({
    query: {
      limit: "10",
      status: "active",
      customerId: site.customerId,
      unitId: site.unitId,
      endingBy: "2099-12-31",
    },
  }),
  createLease: (site) => {
    const { monthStart, dayBefore } = calendar();
    return {
      bodies: termsVariants().map((terms) => ({
        reference: unique("L"),
        customerId: site.otherCustomerId,
        unitIds: [site.spareUnitId],
        startDate: monthStart(1),
        endDate: dayBefore(monthStart(13)),
        terms,
      })),
    };
  },
  getLease: () => ({}),
  activateLease: (site) => ({ path: { leaseId: site.draftLeaseId } }),
  amendLease: () => ({
    bodies: termsVariants().map((terms) => ({
      effectiveFrom: calendar().monthStart(3),
      reason: "rent review",
      terms,
    })),
  }),
  renewLease: () => ({
    bodies: termsVariants().map((terms) => ({
      endDate: calendar().dayBefore(calendar().monthStart(22)),
      reference: unique("R"),
      terms,
    })),
  }),
  terminateLease: () => ({
    bodies: [{ terminationDate: calendar().monthStart(4), reason: "moving out" }],
  }),
  previewTermination: () => ({ query: { date: calendar().monthStart(4) } }),
  getLeaseSchedule: () => ({}),

  listFeeItems: () => ({}),
  upsertFeeItem: () => ({
    path: { code: "contract_fee" },
    bodies: [{ name: "Contract fee", nameZh: "合同费", category: "other", active: true }],
  }),
  startBillingRun: () => ({ bodies: [{ targetDate: calendar().today, dryRun: true }] }),
  getBillingRun: () => ({}),
  listBills: (site) => ({
    query: {
      limit: "10",
      status: "open",
      leaseId: site.leaseId,
      customerId: site.customerId,
      periodFrom: calendar().monthStart(-2),
      periodTo: calendar().monthStart(2),
      overdue: "false",
    },
  }),
  getBill: () => ({}),
  requestWaiver: () => ({ bodies: [{ amountMinor: 100, reason: "rounding" }] }),
  decideWaiver: () => ({ bodies: [{ approve: false, note: "no" }] }),
  recordMeterReading: (site) => ({
    bodies: [
      {
        meterCode: "E-1",
        kind: "electricity",
        unitId: site.unitId,
        readingDate: calendar().today,
        valueMilli: 2_000_000,
      },
      {
        meterCode: "W-SHARED",
        kind: "water",
        sharedUnitIds: [site.unitId, site.spareUnitId],
        readingDate: calendar().today,
        valueMilli: 5_000,
      },
    ],
  }),
  billMeter: () => ({
    bodies: [
      { fromDate: calendar().monthStart(-2), toDate: calendar().today, unitPriceMinor: 100 },
      { fromDate: calendar().monthStart(-2), toDate: calendar().today, totalCostMinor: 10_000 },
    ],
  }),
  getStatement: (site) => ({
    query: { from: calendar().monthStart(-2), to: calendar().today, leaseId: site.leaseId },
  }),
  getLeaseBalance: () => ({}),

  recordPayment: (site) => ({
    bodies: [
      {
        customerId: site.customerId,
        leaseId: site.leaseId,
        method: "wechat_pay",
        amountMinor: 1_000,
        receivedAt: new Date().toISOString(),
        payer: "租户",
        reference: "WX123",
        billIds: [site.billId],
      },
    ],
  }),
  listPayments: (site) => ({
    query: {
      limit: "10",
      customerId: site.customerId,
      leaseId: site.leaseId,
      from: calendar().monthStart(-2),
      to: calendar().today,
    },
  }),
  getPayment: () => ({}),
  getOccupancyReport: (site) => ({ query: { siteId: site.siteId } }),
  getOccupancyHistory: (site) => ({
    query: { siteId: site.siteId, from: calendar().monthStart(-1), to: calendar().today },
  }),
  getDashboard: (site) => ({ query: { siteId: site.siteId } }),
  getRentRoll: (site) => ({ query: { siteId: site.siteId, limit: "10" } }),
  getLeaseExpiryReport: (site) => ({ query: { siteId: site.siteId, months: "12" } }),
  getPaymentJournal: (site) => ({
    query: { siteId: site.siteId, from: calendar().monthStart(-2), to: calendar().today },
  }),
  getDataFreshnessReport: (site) => ({ query: { siteId: site.siteId, quietAfterDays: "30" } }),
  getReceivablesAgeing: (site) => ({ query: { siteId: site.siteId, top: "5" } }),
  listAuditTrail: (site) => ({
    query: {
      siteId: site.siteId,
      objectType: "lease",
      objectId: site.leaseId,
      from: calendar().monthStart(-2),
      to: calendar().today,
      limit: "10",
    },
  }),
  getCollectionRate: (site) => ({
    query: {
      siteId: site.siteId,
      from: calendar().monthStart(-2).slice(0, 7),
      to: calendar().today.slice(0, 7),
    },
  }),
  getRentYield: (site) => ({
    query: {
      siteId: site.siteId,
      from: calendar().monthStart(-2).slice(0, 7),
      to: calendar().today.slice(0, 7),
    },
  }),
  getRevenueReport: (site) => ({
    query: { siteId: site.siteId, from: calendar().monthStart(-2), to: calendar().today },
  }),
  reversePayment: () => ({ bodies: [{ reason: "entered twice" }] }),
  getReceiptPdf: () => ({}),
  refundPrepayment: (site) => ({
    bodies: [
      {
        customerId: site.customerId,
        leaseId: site.leaseId,
        amountMinor: 1,
        method: "bank_transfer",
        reason: "overpaid",
      },
    ],
  }),
  recordDeposit: (site) => ({
    bodies: [
      {
        customerId: site.customerId,
        method: "bank_transfer",
        amountMinor: 1,
        receivedAt: new Date().toISOString(),
        reference: "DEP1",
      },
    ],
  }),
  getNotificationSettings: () => ({}),
  updateNotificationSettings: () => ({
    bodies: [
      {
        reminderDaysBefore: 5,
        ladder: [
          { afterDays: 3, audiences: ["tenant"] },
          { afterDays: 20, audiences: ["tenant", "site_manager", "finance", "leasing"] },
        ],
        quietHoursStart: "21:30",
        quietHoursEnd: "08:00",
        dailyLimit: 3,
        language: "en",
        tenantChannels: ["email", "sms"],
        leaseAlertTenant: true,
        webhookUrl: "https://hooks.contract.test/slms",
        webhookSecret: "contract-webhook-secret",
      },
    ],
  }),
  setNotificationStaff: () => ({
    path: { role: "finance" },
    bodies: [{ emails: ["finance@contract.test"] }],
  }),
  listSiteNotificationTemplates: () => ({}),
  putSiteNotificationTemplate: () => ({
    path: { kind: "dunning", channel: "email", language: "en" },
    bodies: [{ subject: "Overdue: {{siteName}}", body: "{{customerName}} owes {{amount}}" }],
  }),
  deleteSiteNotificationTemplate: () => ({
    path: { kind: "dunning", channel: "email", language: "en" },
  }),
  previewNotificationTemplate: (site) => ({
    bodies: [
      {
        billId: site.billId,
        kind: "dunning",
        channel: "email",
        language: "zh-CN",
        draftSubject: "{{siteName}}",
        draftBody: "{{customerName}}: {{amount}}, {{daysOverdue}}",
        afterDays: 7,
      },
    ],
  }),
  listNotifications: (site) => ({
    query: {
      limit: "10",
      billId: site.billId,
      leaseId: site.leaseId,
      paymentId: site.paymentId,
      customerId: site.customerId,
      status: "sent",
    },
  }),
  listNotificationOutbox: () => ({ query: { limit: "10" } }),
  listNotificationTemplates: () => ({}),
  putNotificationTemplate: () => ({
    path: { kind: "bill_reminder", channel: "sms", language: "zh-CN" },
    bodies: [{ subject: "", body: "{{customerName}}，{{amount}} 将于 {{dueDate}} 到期" }],
  }),
  deleteNotificationTemplate: () => ({
    path: { kind: "bill_reminder", channel: "sms", language: "zh-CN" },
  }),
  recordNotificationOptOut: () => ({
    bodies: [{ channel: "email", address: "opted.out@contract.test", reason: "asked" }],
  }),
  removeNotificationOptOut: () => ({
    path: { channel: "email", address: "opted.out@contract.test" },
  }),
  listInbox: (site) => ({ query: { siteId: site.siteId, unreadOnly: "true", limit: "20" } }),
  countUnreadInbox: (site) => ({ query: { siteId: site.siteId } }),
  markInboxRead: (site) => ({
    bodies: [{ all: true, siteId: site.siteId }, { ids: ["inb_contract_test"] }],
  }),
  getImportTemplate: () => ({ query: { lang: "en" } }),
  validateImport: () => ({ query: { goLiveDate: calendar().today, fileName: "go-live.xlsx" } }),
  listImports: () => ({ query: { limit: "5" } }),
  getImport: () => ({ path: { importId: "imp_contract_test" } }),
  getImportErrorWorkbook: () => ({
    path: { importId: "imp_contract_test" },
    query: { lang: "zh" },
  }),
  commitImport: () => ({ path: { importId: "imp_contract_test" } }),
  rollBackImport: () => ({ path: { importId: "imp_contract_test" } }),
  getImportFirstBills: () => ({ path: { importId: "imp_contract_test" } }),
  getDepositLedger: () => ({}),
  settleDeposit: () => ({
    bodies: [{ forfeitRemainder: false, refundMethod: "bank_transfer", note: "settled" }],
  }),
  listApiClients: () => ({}),
  createApiClient: (site) => ({
    bodies: [
      {
        name: "ERP read-only",
        siteIds: [site.siteId],
        allSites: false,
        canPost: false,
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        requestsPerMinute: 120,
      },
      { name: "ERP", allSites: true, canPost: true },
    ],
  }),
  revokeApiClient: () => ({ path: { clientId: "apc_contract_test" } }),
  listBankLines: () => ({ query: { status: "unmatched", limit: "10" } }),
  resolveBankLine: (site) => ({
    path: { bankLineId: "bnk_contract_test" },
    bodies: [{ customerId: site.customerId, leaseId: site.leaseId, billIds: [site.billId] }],
  }),
  dismissBankLine: () => ({
    path: { bankLineId: "bnk_contract_test" },
    bodies: [{ note: "not the site's money" }],
  }),
  getAccountMapping: () => ({}),
  setAccountMapping: () => ({
    bodies: [
      {
        receivables: { code: "1122", name: "应收账款" },
        prepayments: { code: "2203", name: "预收账款" },
        deposits: { code: "2241.01", name: "其他应付款—押金" },
        revenue: { code: "6001", name: "主营业务收入" },
        revenueByFee: [{ feeCode: "late_fee", code: "6301.01", name: "营业外收入—滞纳金" }],
        waivers: { code: "6711", name: "营业外支出—减免" },
        forfeitedDeposits: { code: "6301.03", name: "营业外收入—没收押金" },
        openingBalances: { code: "4104", name: "利润分配—未分配利润" },
        cash: { code: "1002", name: "银行存款" },
        cashByMethod: [{ method: "cash", code: "1001", name: "库存现金" }],
      },
    ],
  }),
};

/** Body and query fields that name an object of a site, and where a site keeps that object. */
export const referenceFields: Record<string, keyof SiteWorld> = {
  customerId: "customerId",
  leaseId: "leaseId",
  unitId: "unitId",
  buildingId: "buildingId",
  billIds: "billId",
  billId: "billId",
  paymentId: "paymentId",
  unitIds: "unitId",
  sharedUnitIds: "unitId",
  siteId: "siteId",
};
