import { Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { formatMoney } from "../../format/money";
import { type ScheduleLine, useFeeItems } from "./data";

/** Schedule lines (what a lease bills, period by period), with their total. */
export function ScheduleTable({
  lines,
  currency,
  loading,
  testId,
}: {
  lines: ScheduleLine[];
  currency: string;
  loading?: boolean;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const { nameOf } = useFeeItems();
  const money = (minor: number) => formatMoney(minor, currency, i18n.language);
  const total = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  return (
    <Table<ScheduleLine & { key: number }>
      data-testid={testId}
      size="small"
      loading={loading}
      rowKey="key"
      dataSource={lines.map((line, index) => ({ ...line, key: index }))}
      pagination={{ pageSize: 24, hideOnSinglePage: true, showSizeChanger: false }}
      scroll={{ x: true }}
      locale={{ emptyText: t("common.empty") }}
      columns={[
        { title: t("leases.schedule.fee"), dataIndex: "feeCode", render: nameOf },
        { title: t("leases.schedule.periodStart"), dataIndex: "periodStart" },
        { title: t("leases.schedule.periodEnd"), dataIndex: "periodEnd" },
        {
          title: t("leases.schedule.days"),
          key: "days",
          render: (_, line) =>
            t("leases.schedule.daysValue", {
              charged: line.chargedDays,
              full: line.fullPeriodDays,
            }),
        },
        {
          title: t("leases.schedule.amount"),
          dataIndex: "amountMinor",
          align: "right",
          render: money,
        },
        { title: t("leases.schedule.issueDate"), dataIndex: "issueDate" },
        { title: t("leases.schedule.dueDate"), dataIndex: "dueDate" },
      ]}
      footer={() => (
        <Typography.Text strong>
          {t("leases.schedule.total", { amount: money(total) })}
        </Typography.Text>
      )}
    />
  );
}
