import type { z } from "zod";
import type { Column, Table } from "../http/export.ts";
import type {
  ageingReportSchema,
  auditSchema,
  collectionSchema,
  dashboardSchema,
  expirySchema,
  freshnessSchema,
  journalSchema,
  occupancyHistorySchema,
  occupancyReportSchema,
  occupancySchema,
  rentRollSchema,
  rentYieldSchema,
  revenueSchema,
} from "./reports.ts";

// Each report's JSON answer as the rows and columns of its file (http/export.ts): one row per
// line of the report, nested parts flattened with a column saying which part a row is.

type Out<S extends z.ZodType> = z.output<S>;
type Occupancy = Out<typeof occupancySchema>;

const text = <R>(zh: string, en: string, value: (row: R) => string | null): Column<R> => ({
  zh,
  en,
  kind: "text",
  value,
});
const int = <R>(zh: string, en: string, value: (row: R) => number): Column<R> => ({
  zh,
  en,
  kind: "int",
  value,
});
const money = <R>(zh: string, en: string, value: (row: R) => number | null): Column<R> => ({
  zh,
  en,
  kind: "money",
  value,
});
const rate = <R>(zh: string, en: string, value: (row: R) => number | null): Column<R> => ({
  zh,
  en,
  kind: "bp",
  value,
});
const area = <R>(zh: string, en: string, value: (row: R) => string): Column<R> => ({
  zh,
  en,
  kind: "area",
  value,
});
const site = <R extends { siteId: string | null }>(): Column<R> =>
  text("站点", "Site", (r) => r.siteId ?? "合计 / total");
const currencyColumn = <R extends { currency: string }>(): Column<R> =>
  text("币种", "Currency", (r) => r.currency);
/** Rows whose money has no currency in the report (added across sites): plain numbers. */
const noCurrency = () => null;

const occupancyColumns = <R>(of: (row: R) => Occupancy): Column<R>[] => [
  int("单元数", "Units", (r) => of(r).units),
  int("已租", "Leased", (r) => of(r).leasedUnits),
  int("空置", "Vacant", (r) => of(r).vacantUnits),
  int("预留", "Reserved", (r) => of(r).reservedUnits),
  int("维修", "Maintenance", (r) => of(r).maintenanceUnits),
  int("停用", "Inactive", (r) => of(r).inactiveUnits),
  area("面积(m²)", "Area (m²)", (r) => of(r).areaM2),
  area("已租面积(m²)", "Leased area (m²)", (r) => of(r).leasedAreaM2),
  area("空置面积(m²)", "Vacant area (m²)", (r) => of(r).vacantAreaM2),
  rate("空置率(按单元)", "Vacancy rate (units)", (r) => of(r).vacancyRateUnits),
  rate("空置率(按面积)", "Vacancy rate (area)", (r) => of(r).vacancyRateArea),
];

interface OccupancyRow {
  siteId: string | null;
  part: string;
  key: string;
  occupancy: Occupancy;
}

export function occupancyTable(report: Out<typeof occupancyReportSchema>): Table<OccupancyRow> {
  const rows: OccupancyRow[] = [];
  for (const s of report.sites) {
    rows.push({ siteId: s.siteId, part: "total", key: "", occupancy: s.total });
    for (const k of s.byKind)
      rows.push({ siteId: s.siteId, part: "kind", key: k.kind, occupancy: k.occupancy });
    for (const b of s.byBuilding)
      rows.push({
        siteId: s.siteId,
        part: "building",
        key: b.buildingId ?? "",
        occupancy: b.occupancy,
      });
  }
  rows.push({ siteId: null, part: "total", key: "", occupancy: report.total });
  return {
    name: "occupancy",
    title: { zh: "出租率", en: "Occupancy" },
    currency: noCurrency,
    rows,
    columns: [
      site(),
      text("维度", "Part", (r) => r.part),
      text("类型/楼栋", "Kind / building", (r) => r.key),
      ...occupancyColumns((r: OccupancyRow) => r.occupancy),
    ],
  };
}

type OccupancyDayRow = Out<typeof occupancyHistorySchema>["sites"][number];

export function occupancyHistoryTable(
  report: Out<typeof occupancyHistorySchema>,
): Table<OccupancyDayRow> {
  return {
    name: "occupancy-history",
    title: { zh: "出租率走势", en: "Occupancy history" },
    currency: noCurrency,
    rows: [...report.sites, ...report.total],
    columns: [
      site(),
      text("日期", "Date", (r) => r.date),
      ...occupancyColumns((r: OccupancyDayRow) => r.occupancy),
    ],
  };
}

type FreshnessRow = {
  siteId: string;
  quiet: boolean;
  type: string;
  lastOccurredAt: string;
  events: number;
};

export function freshnessTable(report: Out<typeof freshnessSchema>): Table<FreshnessRow> {
  return {
    name: "data-freshness",
    title: { zh: "数据同步检查", en: "Data freshness" },
    currency: noCurrency,
    rows: report.sites.flatMap((s) =>
      s.activity.map((a) => ({ siteId: s.siteId, quiet: s.quiet, ...a })),
    ),
    columns: [
      site(),
      text("事件类型", "Event type", (r) => r.type),
      text("最近发生时间", "Last occurred at", (r) => r.lastOccurredAt),
      int("事件数", "Events", (r) => r.events),
      text("已静默", "Quiet", (r) => (r.quiet ? "yes" : "no")),
    ],
  };
}

type JournalRow = Out<typeof journalSchema>["lines"][number];

export function journalTable(report: Out<typeof journalSchema>): Table<JournalRow> {
  return {
    name: "payment-journal",
    title: { zh: "财务流水", en: "Payment journal" },
    currency: (r) => r.currency,
    rows: report.lines,
    columns: [
      site(),
      text("日期", "Date", (r) => r.date),
      text("付款方式", "Method", (r) => r.method),
      text("收银员", "Cashier", (r) => r.cashierName ?? r.cashierId),
      currencyColumn(),
      int("笔数", "Payments", (r) => r.payments),
      money("收款金额", "Received", (r) => r.receivedMinor),
      int("冲销笔数", "Reversed", (r) => r.reversed),
      money("冲销金额", "Reversed amount", (r) => r.reversedMinor),
      money("净额", "Net", (r) => r.netMinor),
    ],
  };
}

type Expiry = Out<typeof expirySchema>;
type ExpiryRow = { siteId: string | null; month: Expiry["months"][number] };

export function expiryTable(report: { sites: Expiry[]; total: Expiry }): Table<ExpiryRow> {
  return {
    name: "lease-expiry",
    title: { zh: "租约到期分布", en: "Lease expiry" },
    currency: noCurrency,
    rows: [...report.sites, report.total].flatMap((s) =>
      s.months.map((month) => ({ siteId: s.siteId, month })),
    ),
    columns: [
      site(),
      text("月份", "Month", (r) => r.month.month),
      int("到期租约", "Leases", (r) => r.month.leases),
      area("面积(m²)", "Area (m²)", (r) => r.month.areaM2),
      money("月租金", "Monthly rent", (r) => r.month.monthlyRentMinor),
    ],
  };
}

type RentRollRow = Out<typeof rentRollSchema>["items"][number];

export function rentRollTable(rows: AsyncIterable<RentRollRow>): Table<RentRollRow> {
  return {
    name: "rent-roll",
    title: { zh: "租金清单", en: "Rent roll" },
    currency: (r) => r.currency,
    rows,
    columns: [
      site(),
      text("租约", "Lease", (r) => r.leaseId),
      text("合同编号", "Reference", (r) => r.reference),
      text("客户", "Customer", (r) => r.customerName ?? r.customerId),
      text("单元", "Units", (r) => r.unitCodes.join(" ")),
      area("面积(m²)", "Area (m²)", (r) => r.areaM2),
      currencyColumn(),
      money("月租金", "Monthly rent", (r) => r.monthlyRentMinor),
      money("每平米月租金", "Rent per m² per month", (r) => r.rentPerM2MonthMinor),
      text("起租日", "Start", (r) => r.startDate),
      text("到期日", "End", (r) => r.endDate),
      money("押金", "Deposit held", (r) => r.depositHeldMinor),
      money("欠款", "Balance", (r) => r.balanceMinor),
      money("逾期欠款", "Overdue", (r) => r.overdueMinor),
      text("下次调租日", "Next escalation", (r) => r.nextEscalation?.date ?? null),
      rate("调租幅度", "Escalation rise", (r) => r.nextEscalation?.basisPoints ?? null),
      money("调租后租金", "Stepped rent", (r) => r.nextEscalation?.valueMinor ?? null),
    ],
  };
}

type Dashboard = Out<typeof dashboardSchema>;

export function dashboardTable(report: { sites: Dashboard[]; total: Dashboard }): Table<Dashboard> {
  return {
    name: "dashboard",
    title: { zh: "总部看板", en: "HQ dashboard" },
    currency: noCurrency,
    rows: [...report.sites, report.total],
    columns: [
      site(),
      ...occupancyColumns((r: Dashboard) => r.occupancy),
      int("在租租约", "Active leases", (r) => r.activeLeases),
      money("月租金合计", "Monthly rent", (r) => r.monthlyRentMinor),
      int("90天内到期", "Ending in 90 days", (r) => r.leasesEndingIn90Days),
      money("押金", "Deposits held", (r) => r.depositsHeldMinor),
      money("本月收款", "Collected this month", (r) => r.collectedThisMonthMinor),
      money("本月应收", "Billed this month", (r) => r.billedThisMonthMinor),
      money("本月应收已收", "Of it collected", (r) => r.billedThisMonthCollectedMinor),
      rate("收缴率", "Collection rate", (r) => r.collectionRate),
      money("欠款", "Arrears", (r) => r.arrearsMinor),
      text("最近事件", "Last event", (r) => r.lastEventAt),
      text("已静默", "Quiet", (r) => (r.quiet ? "yes" : "no")),
    ],
  };
}

type AgeingReport = Out<typeof ageingReportSchema>;
type Ageing = AgeingReport["sites"][number]["total"];
type AgeingRow = { siteId: string; part: string; key: string; currency: string; ageing: Ageing };

export function ageingTable(report: AgeingReport): Table<AgeingRow> {
  const rows: AgeingRow[] = [];
  for (const s of report.sites) {
    const base = { siteId: s.siteId, currency: s.currency };
    rows.push({ ...base, part: "total", key: "", ageing: s.total });
    for (const f of s.byFeeItem)
      rows.push({ ...base, part: "fee item", key: f.feeCode, ageing: f.ageing });
  }
  for (const d of report.topDebtors) {
    rows.push({
      siteId: d.siteId,
      currency: d.currency,
      part: "debtor",
      key: d.customerName ?? d.customerId,
      ageing: d.ageing,
    });
  }
  return {
    name: "receivables-ageing",
    title: { zh: "应收账龄", en: "Receivables ageing" },
    currency: (r) => r.currency,
    rows,
    columns: [
      site(),
      text("维度", "Part", (r) => r.part),
      text("收费项目/客户", "Fee item / customer", (r) => r.key),
      currencyColumn(),
      money("未到期", "Not due", (r) => r.ageing.notDueMinor),
      money("逾期1-30天", "1–30 days", (r) => r.ageing.overdue1to30Minor),
      money("逾期31-60天", "31–60 days", (r) => r.ageing.overdue31to60Minor),
      money("逾期61-90天", "61–90 days", (r) => r.ageing.overdue61to90Minor),
      money("逾期90天以上", "Over 90 days", (r) => r.ageing.overdueOver90Minor),
      money("合计", "Open", (r) => r.ageing.openMinor),
      int("账单数", "Open bills", (r) => r.ageing.openBills),
    ],
  };
}

type CollectionRow = Out<typeof collectionSchema>["lines"][number];

export function collectionTable(report: Out<typeof collectionSchema>): Table<CollectionRow> {
  return {
    name: "collection-rate",
    title: { zh: "收缴率", en: "Collection rate" },
    currency: (r) => r.currency,
    rows: report.lines,
    columns: [
      site(),
      text("月份", "Month", (r) => r.month),
      text("收费项目", "Fee item", (r) => r.feeCode ?? "合计 / total"),
      currencyColumn(),
      money("应收", "Billed", (r) => r.billedMinor),
      money("实收", "Collected", (r) => r.collectedMinor),
      rate("收缴率", "Collection rate", (r) => r.collectionRate),
      money("当期实收", "Collected in month", (r) => r.collectedInMonthMinor),
      rate("当期收缴率", "Current-period rate", (r) => r.currentCollectionRate),
      money("期初欠费", "Arrears at start", (r) => r.arrearsOpeningMinor),
      money("清欠金额", "Arrears collected", (r) => r.arrearsCollectedMinor),
      rate("清欠率", "Arrears rate", (r) => r.arrearsCollectionRate),
    ],
  };
}

type RevenueRow = Out<typeof revenueSchema>["lines"][number];

export function revenueTable(report: Out<typeof revenueSchema>): Table<RevenueRow> {
  return {
    name: "revenue",
    title: { zh: "按收费项目统计", en: "Revenue by fee item" },
    currency: (r) => r.currency,
    rows: report.lines,
    columns: [
      site(),
      text("月份", "Month", (r) => r.month),
      text("收费项目", "Fee item", (r) => r.feeCode),
      currencyColumn(),
      int("账单数", "Bills", (r) => r.bills),
      money("应收", "Billed", (r) => r.billedMinor),
      money("减免", "Waived", (r) => r.waivedMinor),
      money("应收净额", "Net billed", (r) => r.netBilledMinor),
      money("实收", "Collected", (r) => r.collectedMinor),
    ],
  };
}

type RentYieldRow = Out<typeof rentYieldSchema>["lines"][number];

export function rentYieldTable(report: Out<typeof rentYieldSchema>): Table<RentYieldRow> {
  return {
    name: "rent-yield",
    title: { zh: "租金收益率", en: "Rent yield" },
    currency: (r) => r.currency,
    rows: report.lines,
    columns: [
      site(),
      text("月份", "Month", (r) => r.month),
      text("维度", "Part", (r) => r.dimension),
      text("楼栋/类型", "Building / kind", (r) => r.key),
      currencyColumn(),
      int("单元数", "Units", (r) => r.units),
      area("面积(m²)", "Area (m²)", (r) => r.areaM2),
      money("计费租金", "Billed rent", (r) => r.billedRentMinor),
      money("每平米月租金", "Rent per m² per month", (r) => r.rentPerM2MonthMinor),
      money("挂牌租金", "List rent", (r) => r.listRentMinor),
      money("挂牌每平米月租金", "List rent per m²", (r) => r.listRentPerM2MonthMinor),
      rate("租金收益率", "Yield against list", (r) => r.yield),
    ],
  };
}

type AuditRow = Out<typeof auditSchema>["items"][number];

/** Each change as `field: before → after` (JSON values), one line per field. */
const changesText = (row: AuditRow) =>
  row.changes
    .map((c) =>
      "before" in c
        ? `${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`
        : `${c.field}: ${JSON.stringify(c.after)}`,
    )
    .join("\n");

export function auditTable(rows: AsyncIterable<AuditRow>): Table<AuditRow> {
  return {
    name: "audit-trail",
    title: { zh: "审计日志", en: "Audit trail" },
    currency: noCurrency,
    rows,
    columns: [
      text("时间", "Occurred at", (r) => r.occurredAt),
      text("站点", "Site", (r) => r.siteId),
      text("对象类型", "Object type", (r) => r.objectType),
      text("对象", "Object", (r) => r.objectId),
      text("操作", "Action", (r) => r.action),
      text("操作人", "User", (r) => r.actorName ?? r.actor),
      text("变更", "Changes", changesText),
      text("追踪号", "Trace id", (r) => r.traceId),
    ],
  };
}
