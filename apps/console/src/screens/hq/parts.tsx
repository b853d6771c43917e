import { DownloadOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Dropdown,
  Empty,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from "antd";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client";
import { formatInstant } from "../../format/dates";
import { formatMoney } from "../../format/money";
import { downloadReport, type ExportFormat, type ReportName } from "./download";
import type { useSiteLookup } from "./hooks";
import {
  ageParts,
  type Freshness,
  type FreshnessLevel,
  type SiteFreshness,
  siteFreshness,
  worstFreshness,
} from "./shape";

/** Money from minor units in the language shown; a chart axis value is rounded to a unit. */
export function useMoney(currency: string | null) {
  const { i18n } = useTranslation();
  return (amountMinor: number | null | undefined) =>
    currency && amountMinor !== null && amountMinor !== undefined
      ? formatMoney(Math.round(amountMinor), currency, i18n.language)
      : "—";
}

/** "Export" with CSV and Excel, downloading the report with the session's token. */
export function ExportButton({
  report,
  query,
  testId,
}: {
  report: ReportName;
  query: Record<string, string | number | null | undefined>;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (format: ExportFormat) => {
    setBusy(true);
    try {
      await downloadReport(report, query, format, i18n.language);
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : t("errors.network"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dropdown
      menu={{
        items: [
          { key: "csv", label: t("hq.exportCsv") },
          { key: "xlsx", label: t("hq.exportXlsx") },
        ],
        onClick: ({ key }) => void run(key as ExportFormat),
      }}
    >
      <Button icon={<DownloadOutlined />} loading={busy} data-testid={testId}>
        {t("actions.export")}
      </Button>
    </Dropdown>
  );
}

const levelColour: Record<FreshnessLevel, string> = {
  fresh: "green",
  aging: "gold",
  quiet: "red",
  never: "default",
};

/** "5 minutes ago" for an age in milliseconds. */
export function useAgeText() {
  const { t } = useTranslation();
  return (ms: number | null) => {
    if (ms === null) return t("hq.freshness.neverHeard");
    const { unit, count } = ageParts(ms);
    return t(`hq.freshness.ago.${unit}`, { count });
  };
}

/**
 * How current the reports are: the server's clock they were measured at, when each site was
 * last heard of, and a warning when sites went quiet (their figures may be out of date).
 */
export function FreshnessPanel({
  freshness,
  sites,
  siteIds,
  loadedAt,
  compact = false,
}: {
  freshness: Freshness;
  sites: ReturnType<typeof useSiteLookup>;
  /** The sites the figures should cover (a site never heard of is shown as such). */
  siteIds: string[];
  /** When the console fetched the figures (ms). */
  loadedAt: number;
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const age = useAgeText();
  const rows = siteFreshness(freshness, siteIds);
  const worst = worstFreshness(rows);
  const stale = rows.filter((r) => r.level === "quiet" || r.level === "never");
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const timeZone = (siteId: string) => sites.byId.get(siteId)?.timeZone ?? browserZone;
  // The report's clock in the sites' zone when they share one (as their rows are shown).
  const zones = new Set(siteIds.map(timeZone));
  const shownZone = zones.size === 1 ? ([...zones][0] ?? browserZone) : browserZone;
  const summary = (
    <Space wrap size="large">
      <span data-testid="freshness-as-of">
        {t("hq.freshness.asOf", {
          time: formatInstant(freshness.asOf, shownZone, i18n.language),
        })}
      </span>
      <span>
        {t("hq.freshness.loadedAt", {
          time: formatInstant(new Date(loadedAt).toISOString(), shownZone, i18n.language),
        })}
      </span>
    </Space>
  );
  return (
    <Space orientation="vertical" style={{ width: "100%" }} data-testid="data-freshness">
      <Alert
        showIcon
        type={worst === "fresh" ? "success" : worst === "aging" ? "info" : "warning"}
        title={
          stale.length > 0
            ? t("hq.freshness.staleTitle", {
                count: stale.length,
                sites: stale.map((r) => sites.code(r.siteId)).join(", "),
              })
            : worst === "aging"
              ? t("hq.freshness.agingTitle")
              : t("hq.freshness.freshTitle")
        }
        description={
          <Space orientation="vertical" style={{ width: "100%" }}>
            {stale.length > 0 && <span>{t("hq.freshness.staleHint")}</span>}
            {summary}
          </Space>
        }
      />
      {!compact && (
        <Table<SiteFreshness>
          size="small"
          rowKey="siteId"
          pagination={false}
          scroll={{ x: true }}
          dataSource={rows}
          columns={[
            {
              title: t("hq.site"),
              key: "site",
              render: (_, row) => (
                <Typography.Text>
                  {sites.code(row.siteId)} · {sites.name(row.siteId)}
                </Typography.Text>
              ),
            },
            {
              title: t("hq.freshness.lastEvent"),
              key: "last",
              render: (_, row) =>
                row.lastEventAt
                  ? formatInstant(row.lastEventAt, timeZone(row.siteId), i18n.language)
                  : "—",
            },
            { title: t("hq.freshness.age"), key: "age", render: (_, row) => age(row.ageMs) },
            {
              title: t("hq.freshness.state"),
              key: "level",
              render: (_, row) => (
                <Tag color={levelColour[row.level]}>{t(`hq.freshness.level.${row.level}`)}</Tag>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}

/** A chart in a card, or "nothing here" when it has no data. */
export function ChartCard({
  title,
  empty,
  loading,
  children,
  extra,
}: {
  title: string;
  empty: boolean;
  loading?: boolean;
  children: ReactNode;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title} extra={extra}>
      {loading ? (
        <Spin />
      ) : empty ? (
        <Empty description={t("common.empty")} style={{ height: 260, paddingTop: 60 }} />
      ) : (
        children
      )}
    </Card>
  );
}
