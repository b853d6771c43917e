import { ReloadOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { type ReactNode, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { useSite } from "../../auth/site";
import { useCan } from "../../auth/use-me";
import { formatInstant, todayAt } from "../../format/dates";
import { Chart } from "./Chart";
import { ageingColour, statusColour } from "./colours";
import type { ReportName } from "./download";
import {
  useAgeing,
  useAuditTrail,
  useCollectionRate,
  useFeeItemName,
  useFreshness,
  useLeaseExpiry,
  useOccupancy,
  usePaymentJournal,
  useRentRoll,
  useRentYield,
  useRevenue,
  useSiteLookup,
} from "./hooks";
import { cartesianOption } from "./options";
import { ChartCard, ExportButton, FreshnessPanel, useMoney } from "./parts";
import {
  type AgeingFigures,
  type AuditItem,
  ageingBuckets,
  ageingByFeeItem,
  type CollectionLine,
  collectionRatesOfSite,
  daysOf,
  expiryByMonth,
  formatBasisPoints,
  type JournalLine,
  journalByDay,
  type Occupancy,
  occupancyBasisPoints,
  occupancyStacks,
  type RentRollItem,
  type RevenueLine,
  recentMonths,
  revenueByMonth,
  type YieldLine,
} from "./shape";

const percent = (value: number) => `${value}%`;

/** The site's reports as charts and tables, each with its export. */
export default function SiteReports() {
  const { t } = useTranslation();
  const site = useSite();
  const can = useCan();
  const queryClient = useQueryClient();
  const sites = useSiteLookup();
  const [period, setPeriod] = useState(() => recentMonths(todayAt(site.timeZone), 6));
  const days = daysOf(period.from, period.to);
  const freshness = useFreshness(site.id);
  const canAudit = can("audit.read", site.id);
  const [tab, setTab] = useState("occupancy");

  const periodQuery = { siteId: site.id, from: period.from, to: period.to };
  const dayQuery = { siteId: site.id, ...days };
  const exports: Record<string, { report: ReportName; query: Record<string, string | number> }> = {
    occupancy: { report: "occupancy", query: { siteId: site.id } },
    rentRoll: { report: "rent-roll", query: { siteId: site.id, limit: 500 } },
    ageing: { report: "receivables-ageing", query: { siteId: site.id, top: 20 } },
    collection: { report: "collection-rate", query: periodQuery },
    revenue: { report: "revenue", query: dayQuery },
    yield: { report: "rent-yield", query: periodQuery },
    expiry: { report: "lease-expiry", query: { siteId: site.id, months: 24 } },
    journal: { report: "payment-journal", query: dayQuery },
    audit: { report: "audit-trail", query: { ...dayQuery, limit: 500 } },
  };
  const current = exports[tab];

  const tabs = [
    { key: "occupancy", label: t("hq.tabs.occupancy"), children: <OccupancyTab /> },
    { key: "rentRoll", label: t("hq.tabs.rentRoll"), children: <RentRollTab /> },
    { key: "ageing", label: t("hq.tabs.ageing"), children: <AgeingTab /> },
    {
      key: "collection",
      label: t("hq.tabs.collection"),
      children: <CollectionTab from={period.from} to={period.to} />,
    },
    {
      key: "revenue",
      label: t("hq.tabs.revenue"),
      children: <RevenueTab from={days.from} to={days.to} />,
    },
    {
      key: "yield",
      label: t("hq.tabs.yield"),
      children: <YieldTab from={period.from} to={period.to} />,
    },
    { key: "expiry", label: t("hq.tabs.expiry"), children: <ExpiryTab /> },
    {
      key: "journal",
      label: t("hq.tabs.journal"),
      children: <JournalTab from={days.from} to={days.to} />,
    },
    ...(canAudit
      ? [
          {
            key: "audit",
            label: t("hq.tabs.audit"),
            children: <AuditTab from={days.from} to={days.to} />,
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("hq.reports.title", { site: site.name })}
        </Typography.Title>
        <Space wrap>
          <DatePicker.RangePicker
            picker="month"
            aria-label={t("hq.period")}
            allowClear={false}
            value={[dayjs(`${period.from}-01`), dayjs(`${period.to}-01`)]}
            onChange={(range) => {
              if (range?.[0] && range[1])
                setPeriod({ from: range[0].format("YYYY-MM"), to: range[1].format("YYYY-MM") });
            }}
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void queryClient.invalidateQueries({ queryKey: ["reports"] })}
          >
            {t("actions.refresh")}
          </Button>
          {current && (
            <ExportButton report={current.report} query={current.query} testId="report-export" />
          )}
        </Space>
      </Space>
      {freshness.data && (
        <FreshnessPanel
          compact
          freshness={freshness.data}
          sites={sites}
          siteIds={[site.id]}
          loadedAt={freshness.dataUpdatedAt}
        />
      )}
      <Tabs activeKey={tab} onChange={setTab} items={tabs} destroyOnHidden />
    </Space>
  );
}

/** A report's loading state and error around its content. */
function Loaded({
  query,
  children,
}: {
  query: { isLoading: boolean; error: Error | null };
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isLoading) return <Spin />;
  if (query.error)
    return (
      <Alert type="error" showIcon title={t("hq.loadFailed")} description={query.error.message} />
    );
  return <>{children}</>;
}

function useBuildingName(siteId: string) {
  const { t } = useTranslation();
  const buildings = useQuery({
    queryKey: ["buildings", siteId],
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/sites/{siteId}/buildings", { params: { path: { siteId } } })))
        .items,
    staleTime: 5 * 60_000,
  });
  return (buildingId: string | null) => {
    if (!buildingId) return t("hq.outsideBuildings");
    const building = buildings.data?.find((b) => b.id === buildingId);
    return building ? `${building.code} · ${building.name}` : buildingId;
  };
}

function OccupancyTab() {
  const { t } = useTranslation();
  const site = useSite();
  const query = useOccupancy(site.id);
  const buildingName = useBuildingName(site.id);
  const report = query.data?.sites.find((s) => s.siteId === site.id);
  const rows = useMemo(
    () =>
      report
        ? [
            ...report.byKind.map((k) => ({
              key: `kind:${k.kind}`,
              name: t(`unitKind.${k.kind}`),
              occupancy: k.occupancy,
            })),
          ]
        : [],
    [report, t],
  );
  const buildingRows = (report?.byBuilding ?? []).map((b) => ({
    key: `building:${b.buildingId ?? "none"}`,
    name: buildingName(b.buildingId),
    occupancy: b.occupancy,
  }));
  const chart = useMemo(
    () => occupancyStacks(rows.map((r) => ({ label: r.name, occupancy: r.occupancy }))),
    [rows],
  );
  const columns = (title: string) => [
    { title, dataIndex: "name", key: "name" },
    {
      title: t("hq.col.units"),
      key: "units",
      render: (_: unknown, r: OccRow) => r.occupancy.units,
    },
    {
      title: t("status.leased"),
      key: "leased",
      render: (_: unknown, r: OccRow) => r.occupancy.leasedUnits,
    },
    {
      title: t("status.vacant"),
      key: "vacant",
      render: (_: unknown, r: OccRow) => r.occupancy.vacantUnits,
    },
    {
      title: t("hq.col.areaM2"),
      key: "area",
      render: (_: unknown, r: OccRow) => `${r.occupancy.leasedAreaM2} / ${r.occupancy.areaM2}`,
    },
    {
      title: t("hq.kpi.occupancyUnits"),
      key: "occUnits",
      render: (_: unknown, r: OccRow) =>
        formatBasisPoints(occupancyBasisPoints(r.occupancy, "units")),
    },
    {
      title: t("hq.kpi.occupancyArea"),
      key: "occArea",
      render: (_: unknown, r: OccRow) =>
        formatBasisPoints(occupancyBasisPoints(r.occupancy, "area")),
    },
  ];
  return (
    <Loaded query={query}>
      {report && (
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t("hq.col.units")}>{report.total.units}</Descriptions.Item>
            <Descriptions.Item label={t("hq.kpi.occupancyUnits")}>
              {formatBasisPoints(occupancyBasisPoints(report.total, "units"))}
            </Descriptions.Item>
            <Descriptions.Item label={t("hq.kpi.occupancyArea")}>
              {formatBasisPoints(occupancyBasisPoints(report.total, "area"))}
            </Descriptions.Item>
          </Descriptions>
          <ChartCard title={t("hq.charts.occupancyByKind")} empty={rows.length === 0}>
            <Chart
              label={t("hq.charts.occupancyByKind")}
              option={cartesianOption(chart, {
                label: (key) => t(`status.${key}`),
                format: String,
                kind: () => ({ stack: "units" }),
                colour: (key) => statusColour[key as keyof typeof statusColour],
                horizontal: true,
              })}
            />
          </ChartCard>
          <Table<OccRow>
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={rows}
            columns={columns(t("hq.col.kind"))}
          />
          <Table<OccRow>
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={buildingRows}
            columns={columns(t("hq.col.building"))}
          />
        </Space>
      )}
    </Loaded>
  );
}

interface OccRow {
  key: string;
  name: string;
  occupancy: Occupancy;
}

function RentRollTab() {
  const { t } = useTranslation();
  const site = useSite();
  const money = useMoney(site.currency);
  const query = useRentRoll(site.id);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Loaded query={query}>
      <Table<RentRollItem>
        size="small"
        rowKey="leaseId"
        scroll={{ x: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        dataSource={items}
        columns={[
          { title: t("hq.col.reference"), dataIndex: "reference", key: "reference" },
          {
            title: t("hq.col.customer"),
            key: "customer",
            render: (_, r) => r.customerName ?? r.customerId,
          },
          { title: t("hq.col.units"), key: "units", render: (_, r) => r.unitCodes.join(", ") },
          { title: t("hq.col.areaM2"), dataIndex: "areaM2", key: "area", align: "right" },
          {
            title: t("hq.col.monthlyRent"),
            key: "rent",
            align: "right",
            render: (_, r) => money(r.monthlyRentMinor),
          },
          {
            title: t("hq.col.rentPerM2"),
            key: "perM2",
            align: "right",
            render: (_, r) => money(r.rentPerM2MonthMinor),
          },
          { title: t("hq.col.start"), dataIndex: "startDate", key: "start" },
          { title: t("hq.col.end"), dataIndex: "endDate", key: "end" },
          {
            title: t("hq.col.deposit"),
            key: "deposit",
            align: "right",
            render: (_, r) => money(r.depositHeldMinor),
          },
          {
            title: t("hq.col.balance"),
            key: "balance",
            align: "right",
            render: (_, r) => money(r.balanceMinor),
          },
          {
            title: t("hq.col.overdue"),
            key: "overdue",
            align: "right",
            render: (_, r) =>
              r.overdueMinor > 0 ? (
                <Typography.Text type="danger">{money(r.overdueMinor)}</Typography.Text>
              ) : (
                money(r.overdueMinor)
              ),
          },
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        <span data-testid="rent-roll-count">{t("hq.rows", { count: items.length })}</span>
        {query.hasNextPage && (
          <Button loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t("actions.more")}
          </Button>
        )}
      </Space>
    </Loaded>
  );
}

function AgeingTab() {
  const { t } = useTranslation();
  const site = useSite();
  const money = useMoney(site.currency);
  const feeName = useFeeItemName();
  const query = useAgeing(site.id, 20);
  const report = query.data?.sites.find((s) => s.siteId === site.id);
  const bucketColumns = ageingBuckets.map((bucket) => ({
    title: t(`hq.series.${bucket}`),
    key: bucket,
    align: "right" as const,
    render: (_: unknown, r: { ageing: AgeingFigures }) => money(r.ageing[bucket]),
  }));
  const totalColumns = [
    ...bucketColumns,
    {
      title: t("hq.col.open"),
      key: "open",
      align: "right" as const,
      render: (_: unknown, r: { ageing: AgeingFigures }) => <b>{money(r.ageing.openMinor)}</b>,
    },
    {
      title: t("hq.col.openBills"),
      key: "bills",
      align: "right" as const,
      render: (_: unknown, r: { ageing: AgeingFigures }) => r.ageing.openBills,
    },
  ];
  return (
    <Loaded query={query}>
      {!report ? (
        <Alert type="info" showIcon title={t("hq.noReceivables")} />
      ) : (
        <Space orientation="vertical" style={{ width: "100%" }}>
          <ChartCard title={t("hq.charts.ageingByFee")} empty={report.byFeeItem.length === 0}>
            <Chart
              label={t("hq.charts.ageingByFee")}
              option={cartesianOption(ageingByFeeItem(report), {
                label: (key) => t(`hq.series.${key}`),
                category: feeName,
                format: money,
                kind: () => ({ stack: "ageing" }),
                colour: (key) => ageingColour[key as keyof typeof ageingColour],
              })}
            />
          </ChartCard>
          <Table
            size="small"
            pagination={false}
            scroll={{ x: true }}
            rowKey="key"
            dataSource={[
              ...report.byFeeItem.map((f) => ({
                key: f.feeCode,
                name: feeName(f.feeCode),
                ageing: f.ageing,
              })),
              { key: "__total", name: t("hq.total"), ageing: report.total },
            ]}
            columns={[
              { title: t("hq.col.feeItem"), dataIndex: "name", key: "name" },
              ...totalColumns,
            ]}
          />
          <Typography.Title level={5}>{t("hq.topDebtors")}</Typography.Title>
          <Table
            size="small"
            pagination={false}
            scroll={{ x: true }}
            rowKey="customerId"
            dataSource={(query.data?.topDebtors ?? []).filter((d) => d.siteId === site.id)}
            columns={[
              {
                title: t("hq.col.customer"),
                key: "customer",
                render: (_, r) => r.customerName ?? r.customerId,
              },
              ...totalColumns,
            ]}
          />
        </Space>
      )}
    </Loaded>
  );
}

function CollectionTab({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const site = useSite();
  const money = useMoney(site.currency);
  const feeName = useFeeItemName();
  const query = useCollectionRate(site.id, from, to);
  const lines = query.data?.lines ?? [];
  const chart = useMemo(() => collectionRatesOfSite(lines, site.id), [lines, site.id]);
  return (
    <Loaded query={query}>
      <Space orientation="vertical" style={{ width: "100%" }}>
        <ChartCard title={t("hq.charts.collectionRate")} empty={chart.categories.length === 0}>
          <Chart
            label={t("hq.charts.collectionRate")}
            option={cartesianOption(chart, {
              label: (key) => t(`hq.series.${key}`),
              format: percent,
              kind: () => ({ type: "line" }),
            })}
          />
        </ChartCard>
        <Table<CollectionLine>
          size="small"
          pagination={false}
          scroll={{ x: true }}
          rowKey={(r) => `${r.month}:${r.feeCode ?? ""}`}
          dataSource={lines}
          columns={[
            { title: t("hq.col.month"), dataIndex: "month", key: "month" },
            {
              title: t("hq.col.feeItem"),
              key: "fee",
              render: (_, r) => (r.feeCode ? feeName(r.feeCode) : <b>{t("hq.total")}</b>),
            },
            {
              title: t("hq.col.billed"),
              key: "billed",
              align: "right",
              render: (_, r) => money(r.billedMinor),
            },
            {
              title: t("hq.col.collected"),
              key: "collected",
              align: "right",
              render: (_, r) => money(r.collectedMinor),
            },
            {
              title: t("hq.series.collectionRate"),
              key: "rate",
              align: "right",
              render: (_, r) => formatBasisPoints(r.collectionRate),
            },
            {
              title: t("hq.series.currentCollectionRate"),
              key: "current",
              align: "right",
              render: (_, r) => formatBasisPoints(r.currentCollectionRate),
            },
            {
              title: t("hq.col.arrearsOpening"),
              key: "arrears",
              align: "right",
              render: (_, r) => money(r.arrearsOpeningMinor),
            },
            {
              title: t("hq.series.arrearsCollectionRate"),
              key: "arrearsRate",
              align: "right",
              render: (_, r) => formatBasisPoints(r.arrearsCollectionRate),
            },
          ]}
        />
      </Space>
    </Loaded>
  );
}

function RevenueTab({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const site = useSite();
  const money = useMoney(site.currency);
  const feeName = useFeeItemName();
  const query = useRevenue(site.id, from, to);
  const lines = query.data?.lines ?? [];
  const chart = useMemo(() => revenueByMonth(lines), [lines]);
  return (
    <Loaded query={query}>
      <Space orientation="vertical" style={{ width: "100%" }}>
        <ChartCard title={t("hq.charts.revenueByMonth")} empty={chart.categories.length === 0}>
          <Chart
            label={t("hq.charts.revenueByMonth")}
            option={cartesianOption(chart, {
              label: feeName,
              format: money,
              kind: () => ({ stack: "revenue" }),
            })}
          />
        </ChartCard>
        <Table<RevenueLine>
          size="small"
          pagination={false}
          scroll={{ x: true }}
          rowKey={(r) => `${r.month}:${r.feeCode}`}
          dataSource={lines}
          columns={[
            { title: t("hq.col.month"), dataIndex: "month", key: "month" },
            { title: t("hq.col.feeItem"), key: "fee", render: (_, r) => feeName(r.feeCode) },
            { title: t("hq.col.bills"), dataIndex: "bills", key: "bills", align: "right" },
            {
              title: t("hq.col.billed"),
              key: "billed",
              align: "right",
              render: (_, r) => money(r.billedMinor),
            },
            {
              title: t("hq.col.waived"),
              key: "waived",
              align: "right",
              render: (_, r) => money(r.waivedMinor),
            },
            {
              title: t("hq.series.netBilledMinor"),
              key: "net",
              align: "right",
              render: (_, r) => money(r.netBilledMinor),
            },
            {
              title: t("hq.series.collectedMinor"),
              key: "collected",
              align: "right",
              render: (_, r) => money(r.collectedMinor),
            },
          ]}
        />
      </Space>
    </Loaded>
  );
}

function YieldTab({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const site = useSite();
  const money = useMoney(site.currency);
  const buildingName = useBuildingName(site.id);
  const query = useRentYield(site.id, from, to);
  const lines = query.data?.lines ?? [];
  const chart = useMemo(() => {
    const totals = lines.filter((l) => l.dimension === "total");
    return {
      categories: totals.map((l) => l.month),
      series: [
        { key: "rentPerM2MonthMinor", values: totals.map((l) => l.rentPerM2MonthMinor) },
        { key: "listRentPerM2MonthMinor", values: totals.map((l) => l.listRentPerM2MonthMinor) },
      ],
    };
  }, [lines]);
  const keyName = (line: YieldLine) =>
    line.dimension === "total"
      ? t("hq.total")
      : line.dimension === "kind"
        ? t(`unitKind.${line.key}`)
        : buildingName(line.key);
  return (
    <Loaded query={query}>
      <Space orientation="vertical" style={{ width: "100%" }}>
        <ChartCard title={t("hq.charts.yield")} empty={chart.categories.length === 0}>
          <Chart
            label={t("hq.charts.yield")}
            option={cartesianOption(chart, {
              label: (key) => t(`hq.series.${key}`),
              format: money,
              kind: () => ({ type: "line" }),
            })}
          />
        </ChartCard>
        <Table<YieldLine>
          size="small"
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: true }}
          rowKey={(r) => `${r.month}:${r.dimension}:${r.key ?? ""}`}
          dataSource={lines}
          columns={[
            { title: t("hq.col.month"), dataIndex: "month", key: "month" },
            {
              title: t("hq.col.dimension"),
              key: "dimension",
              render: (_, r) => t(`hq.dimension.${r.dimension}`),
            },
            { title: t("hq.col.group"), key: "group", render: (_, r) => keyName(r) },
            { title: t("hq.col.units"), dataIndex: "units", key: "units", align: "right" },
            { title: t("hq.col.areaM2"), dataIndex: "areaM2", key: "area", align: "right" },
            {
              title: t("hq.col.billedRent"),
              key: "billed",
              align: "right",
              render: (_, r) => money(r.billedRentMinor),
            },
            {
              title: t("hq.series.rentPerM2MonthMinor"),
              key: "perM2",
              align: "right",
              render: (_, r) => money(r.rentPerM2MonthMinor),
            },
            {
              title: t("hq.series.listRentPerM2MonthMinor"),
              key: "listPerM2",
              align: "right",
              render: (_, r) => money(r.listRentPerM2MonthMinor),
            },
            {
              title: t("hq.col.yield"),
              key: "yield",
              align: "right",
              render: (_, r) => formatBasisPoints(r.yield),
            },
          ]}
        />
      </Space>
    </Loaded>
  );
}

function ExpiryTab() {
  const { t } = useTranslation();
  const site = useSite();
  const money = useMoney(site.currency);
  const query = useLeaseExpiry(site.id, 24);
  const profile = query.data?.sites.find((s) => s.siteId === site.id) ?? query.data?.total;
  return (
    <Loaded query={query}>
      {profile && (
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t("hq.kpi.activeLeases")}>
              {profile.activeLeases}
            </Descriptions.Item>
            <Descriptions.Item label={t("hq.kpi.wale")}>
              {profile.waleYearsByRent ? t("hq.years", { years: profile.waleYearsByRent }) : "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("hq.kpi.waleArea")}>
              {profile.waleYearsByArea ? t("hq.years", { years: profile.waleYearsByArea }) : "—"}
            </Descriptions.Item>
          </Descriptions>
          <ChartCard title={t("hq.charts.leaseExpiry")} empty={profile.activeLeases === 0}>
            <Chart
              label={t("hq.charts.leaseExpiry")}
              option={cartesianOption(expiryByMonth(profile), {
                label: (key) => t(`hq.series.${key}`),
                category: (month) => (month === "later" ? t("hq.later") : month),
                format: String,
                formatRight: money,
                kind: (key) =>
                  key === "monthlyRentMinor" ? { type: "line", right: true } : { type: "bar" },
              })}
            />
          </ChartCard>
          <Table
            size="small"
            pagination={false}
            scroll={{ x: true }}
            rowKey="month"
            dataSource={profile.months.filter((m) => m.leases > 0)}
            columns={[
              {
                title: t("hq.col.month"),
                key: "month",
                render: (_, r) => (r.month === "later" ? t("hq.later") : r.month),
              },
              { title: t("hq.series.leases"), dataIndex: "leases", key: "leases", align: "right" },
              { title: t("hq.col.areaM2"), dataIndex: "areaM2", key: "area", align: "right" },
              {
                title: t("hq.series.monthlyRentMinor"),
                key: "rent",
                align: "right",
                render: (_, r) => money(r.monthlyRentMinor),
              },
            ]}
          />
        </Space>
      )}
    </Loaded>
  );
}

function JournalTab({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const site = useSite();
  const money = useMoney(site.currency);
  const query = usePaymentJournal(site.id, from, to);
  const lines = query.data?.lines ?? [];
  const chart = useMemo(() => journalByDay(lines), [lines]);
  return (
    <Loaded query={query}>
      <Space orientation="vertical" style={{ width: "100%" }}>
        <ChartCard title={t("hq.charts.journal")} empty={chart.categories.length === 0}>
          <Chart
            label={t("hq.charts.journal")}
            option={cartesianOption(chart, {
              label: (key) => t(`hq.method.${key}`),
              format: money,
              kind: () => ({ stack: "method" }),
            })}
          />
        </ChartCard>
        <Table<JournalLine>
          size="small"
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: true }}
          rowKey={(r) => `${r.date}:${r.method}:${r.cashierId}`}
          dataSource={lines}
          columns={[
            { title: t("hq.col.date"), dataIndex: "date", key: "date" },
            {
              title: t("hq.col.method"),
              key: "method",
              render: (_, r) => t(`hq.method.${r.method}`),
            },
            {
              title: t("hq.col.cashier"),
              key: "cashier",
              render: (_, r) => r.cashierName ?? r.cashierId,
            },
            { title: t("hq.col.payments"), dataIndex: "payments", key: "payments", align: "right" },
            {
              title: t("hq.col.received"),
              key: "received",
              align: "right",
              render: (_, r) => money(r.receivedMinor),
            },
            {
              title: t("hq.col.reversed"),
              key: "reversed",
              align: "right",
              render: (_, r) =>
                r.reversed > 0 ? `${money(r.reversedMinor)} (${r.reversed})` : "—",
            },
            {
              title: t("hq.col.net"),
              key: "net",
              align: "right",
              render: (_, r) => money(r.netMinor),
            },
          ]}
        />
      </Space>
    </Loaded>
  );
}

/** A changed value as short text (objects and lists as JSON, cut). */
function valueText(value: unknown): string {
  if (value === undefined) return "";
  if (value === null) return "∅";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function AuditTab({ from, to }: { from: string; to: string }) {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const query = useAuditTrail(site.id, from, to, true);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Loaded query={query}>
      <Table<AuditItem>
        size="small"
        rowKey="eventId"
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: true }}
        dataSource={items}
        expandable={{
          expandedRowRender: (r) => (
            <Table
              size="small"
              pagination={false}
              rowKey="field"
              dataSource={r.changes}
              columns={[
                { title: t("hq.col.field"), dataIndex: "field", key: "field" },
                {
                  title: t("hq.col.before"),
                  key: "before",
                  render: (_, c) => (
                    <Typography.Text type="secondary">{valueText(c.before)}</Typography.Text>
                  ),
                },
                { title: t("hq.col.after"), key: "after", render: (_, c) => valueText(c.after) },
              ]}
            />
          ),
        }}
        columns={[
          {
            title: t("hq.col.time"),
            key: "time",
            render: (_, r) => formatInstant(r.occurredAt, site.timeZone, i18n.language),
          },
          { title: t("hq.col.action"), key: "action", render: (_, r) => <Tag>{r.action}</Tag> },
          {
            title: t("hq.col.object"),
            key: "object",
            render: (_, r) => `${r.objectType} ${r.objectId}`,
          },
          { title: t("hq.col.actor"), key: "actor", render: (_, r) => r.actorName ?? r.actor },
          { title: t("hq.col.changes"), key: "changes", render: (_, r) => r.changes.length },
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        <span>{t("hq.rows", { count: items.length })}</span>
        {query.hasNextPage && (
          <Button loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t("actions.more")}
          </Button>
        )}
      </Space>
    </Loaded>
  );
}
