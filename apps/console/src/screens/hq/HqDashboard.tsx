import { ReloadOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { todayAt } from "../../format/dates";
import { Chart } from "./Chart";
import { ageingColour, statusColour } from "./colours";
import {
  useAgeing,
  useCollectionRate,
  useDashboard,
  useFeeItemName,
  useFreshness,
  useLeaseExpiry,
  useRentYield,
  useRevenue,
  useSiteLookup,
} from "./hooks";
import { cartesianOption } from "./options";
import { ChartCard, ExportButton, FreshnessPanel, useMoney } from "./parts";
import {
  ageingBySite,
  collectionRateByMonth,
  daysOf,
  expiryByMonth,
  formatBasisPoints,
  latestYield,
  occupancyBasisPoints,
  occupancyBySite,
  recentMonths,
  revenueByFeeItem,
  singleCurrency,
  sumAgeing,
  yieldByMonth,
} from "./shape";

const percent = (value: number) => `${value}%`;

/** The HQ dashboard: every site's (or one site's) headline figures and charts. */
export default function HqDashboard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sites = useSiteLookup();
  const [siteId, setSiteId] = useState<string | undefined>(undefined);
  const zone = sites.sites[0]?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [period, setPeriod] = useState(() => recentMonths(todayAt(zone), 6));
  const days = daysOf(period.from, period.to);

  const dashboard = useDashboard(siteId);
  const freshness = useFreshness(siteId);
  const ageing = useAgeing(siteId);
  const collection = useCollectionRate(siteId, period.from, period.to);
  const revenue = useRevenue(siteId, days.from, days.to);
  const rentYield = useRentYield(siteId, period.from, period.to);
  const expiry = useLeaseExpiry(siteId, 24);
  const feeName = useFeeItemName();

  const shownSites = siteId ? sites.sites.filter((s) => s.id === siteId) : sites.sites;
  const currency = singleCurrency(shownSites.map((s) => s.currency));
  const money = useMoney(currency);

  const total = dashboard.data?.total;
  const ageingTotal = useMemo(
    () => (ageing.data ? sumAgeing(ageing.data.sites.map((s) => s.total)) : null),
    [ageing.data],
  );
  const yields = useMemo(() => latestYield(rentYield.data?.lines ?? []), [rentYield.data]);

  if (sites.isLoading || dashboard.isLoading) return <Spin />;
  if (dashboard.error)
    return (
      <Alert
        type="error"
        showIcon
        title={t("hq.loadFailed")}
        description={dashboard.error.message}
      />
    );

  const label = (key: string) => t(`hq.series.${key}`);
  const occupancy = occupancyBySite(dashboard.data?.sites ?? [], sites.code);
  const ageingData = ageing.data ? ageingBySite(ageing.data, sites.code) : null;
  const collectionData = collectionRateByMonth(collection.data?.lines ?? []);
  const revenueData = revenueByFeeItem(revenue.data?.lines ?? []);
  const yieldData = yieldByMonth(rentYield.data?.lines ?? []);
  const expiryProfile = expiry.data?.total;
  const loadedAt = Math.max(dashboard.dataUpdatedAt, freshness.dataUpdatedAt);

  const kpis: { key: string; title: string; value: string; hint?: string }[] = total
    ? [
        {
          key: "occupancyUnits",
          title: t("hq.kpi.occupancyUnits"),
          value: formatBasisPoints(occupancyBasisPoints(total.occupancy, "units")),
          hint: t("hq.kpi.unitsOf", {
            leased: total.occupancy.leasedUnits,
            units: total.occupancy.units,
          }),
        },
        {
          key: "occupancyArea",
          title: t("hq.kpi.occupancyArea"),
          value: formatBasisPoints(occupancyBasisPoints(total.occupancy, "area")),
          hint: t("hq.kpi.areaOf", {
            leased: total.occupancy.leasedAreaM2,
            area: total.occupancy.areaM2,
          }),
        },
        {
          key: "activeLeases",
          title: t("hq.kpi.activeLeases"),
          value: String(total.activeLeases),
          hint: t("hq.kpi.ending90", { count: total.leasesEndingIn90Days }),
        },
        {
          key: "monthlyRent",
          title: t("hq.kpi.monthlyRent"),
          value: money(total.monthlyRentMinor),
        },
        {
          key: "collectionRate",
          title: t("hq.kpi.collectionRate"),
          value: formatBasisPoints(total.collectionRate),
          hint: t("hq.kpi.collectedOf", {
            collected: money(total.billedThisMonthCollectedMinor),
            billed: money(total.billedThisMonthMinor),
          }),
        },
        {
          key: "collected",
          title: t("hq.kpi.collectedThisMonth"),
          value: money(total.collectedThisMonthMinor),
        },
        { key: "arrears", title: t("hq.kpi.arrears"), value: money(total.arrearsMinor) },
        {
          key: "open",
          title: t("hq.kpi.openReceivables"),
          value: money(ageingTotal?.openMinor),
          hint: ageingTotal ? t("hq.kpi.openBills", { count: ageingTotal.openBills }) : undefined,
        },
        { key: "deposits", title: t("hq.kpi.deposits"), value: money(total.depositsHeldMinor) },
        {
          key: "wale",
          title: t("hq.kpi.wale"),
          value: expiryProfile?.waleYearsByRent
            ? t("hq.years", { years: expiryProfile.waleYearsByRent })
            : "—",
          hint: expiryProfile?.waleYearsByArea
            ? t("hq.kpi.waleByArea", { years: expiryProfile.waleYearsByArea })
            : undefined,
        },
      ]
    : [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("hq.dashboard.title")}
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label={t("hq.site")}
            style={{ minWidth: 240 }}
            value={siteId ?? ""}
            onChange={(value) => setSiteId(value || undefined)}
            options={[
              { value: "", label: t("hq.allSites") },
              ...sites.sites.map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` })),
            ]}
            data-testid="dashboard-site"
          />
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
          <ExportButton report="dashboard" query={{ siteId }} testId="dashboard-export" />
        </Space>
      </Space>

      {freshness.data ? (
        <FreshnessPanel
          freshness={freshness.data}
          sites={sites}
          siteIds={shownSites.map((s) => s.id)}
          loadedAt={loadedAt}
        />
      ) : freshness.error ? (
        <Alert type="warning" showIcon title={t("hq.freshness.unknown")} />
      ) : null}

      {!currency && shownSites.length > 1 && (
        <Alert type="info" showIcon title={t("hq.mixedCurrencies")} />
      )}

      <Row gutter={[12, 12]}>
        {kpis.map((kpi) => (
          <Col key={kpi.key} xs={12} md={8} xl={6} xxl={4}>
            <Card size="small" data-testid={`kpi-${kpi.key}`}>
              <Statistic title={kpi.title} value={kpi.value} />
              {kpi.hint && <Typography.Text type="secondary">{kpi.hint}</Typography.Text>}
            </Card>
          </Col>
        ))}
      </Row>

      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t("hq.charts.occupancyBySite")}
            empty={occupancy.categories.length === 0}
          >
            <Chart
              label={t("hq.charts.occupancyBySite")}
              option={cartesianOption(occupancy, {
                label: (key) => t(`status.${key}`),
                format: String,
                kind: () => ({ stack: "units" }),
                colour: (key) => statusColour[key as keyof typeof statusColour],
                horizontal: true,
              })}
            />
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t("hq.charts.collectionRate")}
            loading={collection.isLoading}
            empty={collectionData.categories.length === 0}
          >
            <Chart
              label={t("hq.charts.collectionRate")}
              option={cartesianOption(collectionData, {
                label: sites.code,
                format: percent,
                kind: () => ({ type: "line" }),
              })}
            />
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t("hq.charts.ageing")}
            loading={ageing.isLoading}
            empty={!ageingData || ageingData.categories.length === 0}
          >
            {ageingData && (
              <Chart
                label={t("hq.charts.ageing")}
                option={cartesianOption(ageingData, {
                  label,
                  format: money,
                  kind: () => ({ stack: "ageing" }),
                  colour: (key) => ageingColour[key as keyof typeof ageingColour],
                })}
              />
            )}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t("hq.charts.revenueByFee")}
            loading={revenue.isLoading}
            empty={revenueData.categories.length === 0}
          >
            <Chart
              label={t("hq.charts.revenueByFee")}
              option={cartesianOption(revenueData, {
                label,
                category: feeName,
                format: money,
              })}
            />
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t("hq.charts.yield")}
            loading={rentYield.isLoading}
            empty={yieldData.categories.length === 0}
          >
            <Chart
              label={t("hq.charts.yield")}
              option={cartesianOption(yieldData, {
                label: sites.code,
                format: money,
                kind: () => ({ type: "line" }),
              })}
            />
            {yields.length > 0 && (
              <Typography.Text type="secondary" data-testid="yield-against-list">
                {t("hq.kpi.yieldAgainstList", {
                  rate: yields
                    .map((y) => `${sites.code(y.siteId)} ${formatBasisPoints(y.yield)}`)
                    .join(" · "),
                })}
              </Typography.Text>
            )}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t("hq.charts.leaseExpiry")}
            loading={expiry.isLoading}
            empty={!expiryProfile || expiryProfile.activeLeases === 0}
          >
            {expiryProfile && (
              <Chart
                label={t("hq.charts.leaseExpiry")}
                option={cartesianOption(expiryByMonth(expiryProfile), {
                  label,
                  category: (month) => (month === "later" ? t("hq.later") : month),
                  format: String,
                  formatRight: money,
                  kind: (key) =>
                    key === "monthlyRentMinor" ? { type: "line", right: true } : { type: "bar" },
                })}
              />
            )}
          </ChartCard>
        </Col>
      </Row>
    </Space>
  );
}
