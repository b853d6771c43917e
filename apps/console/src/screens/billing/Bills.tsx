import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, Checkbox, DatePicker, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { useSite } from "../../auth/site";
import { useCan } from "../../auth/use-me";
import { formatMoney } from "../../format/money";
import {
  type Bill,
  feeName,
  useCustomerNames,
  useCustomerSearch,
  useFeeItems,
} from "../cashier/data";
import { BillingRunModal } from "./BillingRunModal";
import { type BillStatus, billQuery } from "./logic";
import { WaiverQueue } from "./WaiverQueue";

const billStatuses: BillStatus[] = ["open", "paid", "waived"];

export function BillStatusTag({ bill }: { bill: Pick<Bill, "status" | "overdue"> }) {
  const { t } = useTranslation();
  return (
    <Space size={4}>
      <Tag color={bill.status === "paid" ? "green" : bill.status === "waived" ? "default" : "blue"}>
        {t(`billing.statuses.${bill.status}`)}
      </Tag>
      {bill.overdue && <Tag color="red">{t("billing.overdue")}</Tag>}
    </Space>
  );
}

/** The site's bills with filters, the billing run, and waivers awaiting approval. */
export default function Bills() {
  const { t } = useTranslation();
  const site = useSite();
  const can = useCan();
  const [running, setRunning] = useState(false);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("billing.title")}
        </Typography.Title>
        {can("billing.run", site.id) && (
          <Button type="primary" onClick={() => setRunning(true)}>
            {t("billing.startRun")}
          </Button>
        )}
      </Space>
      {can("billing.approve", site.id) ? (
        <Tabs
          items={[
            { key: "bills", label: t("billing.billsTab"), children: <BillsTable /> },
            { key: "waivers", label: t("billing.waiversTab"), children: <WaiverQueue /> },
          ]}
        />
      ) : (
        <BillsTable />
      )}
      {running && <BillingRunModal onClose={() => setRunning(false)} />}
    </Space>
  );
}

function BillsTable() {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const names = useCustomerNames(site.id);
  const feeItems = useFeeItems();
  const [typed, setTyped] = useState("");
  const search = useCustomerSearch(site.id, typed);
  const [status, setStatus] = useState<BillStatus | null>(null);
  const [overdue, setOverdue] = useState(false);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [fee, setFee] = useState<string | null>(null);
  const [period, setPeriod] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const query = billQuery({
    status,
    overdue,
    customerId,
    periodFrom: period?.[0]?.format("YYYY-MM-DD") ?? null,
    periodTo: period?.[1]?.format("YYYY-MM-DD") ?? null,
  });
  const pages = useInfiniteQuery({
    queryKey: ["bills", site.id, query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/bills", {
          params: { path: { siteId: site.id }, query: { ...query, limit: 100, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  // The API does not filter by fee item: the loaded pages are filtered here.
  const rows = useMemo(
    () =>
      (pages.data?.pages.flatMap((p) => p.items) ?? []).filter((b) => !fee || b.feeCode === fee),
    [pages.data, fee],
  );
  const money = (minor: number, currency: string) => formatMoney(minor, currency, i18n.language);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space wrap>
        <Select
          aria-label={t("billing.status")}
          placeholder={t("billing.status")}
          allowClear
          style={{ width: 140 }}
          value={status}
          onChange={(value) => setStatus(value ?? null)}
          options={billStatuses.map((s) => ({ value: s, label: t(`billing.statuses.${s}`) }))}
        />
        <Select
          aria-label={t("billing.fee")}
          placeholder={t("billing.fee")}
          allowClear
          style={{ width: 160 }}
          value={fee}
          onChange={(value) => setFee(value ?? null)}
          options={(feeItems.data ?? []).map((f) => ({
            value: f.code,
            label: feeName(feeItems.data, f.code, i18n.language),
          }))}
        />
        <Select
          aria-label={t("billing.customer")}
          placeholder={t("billing.customer")}
          allowClear
          style={{ width: 240 }}
          showSearch={{ filterOption: false, onSearch: setTyped }}
          value={customerId}
          onChange={(value) => setCustomerId(value ?? null)}
          options={(search.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        <DatePicker.RangePicker
          aria-label={t("billing.period")}
          placeholder={[t("billing.periodFrom"), t("billing.periodTo")]}
          value={period}
          onChange={(value) => setPeriod(value)}
          allowEmpty={[true, true]}
        />
        <Checkbox checked={overdue} onChange={(event) => setOverdue(event.target.checked)}>
          {t("billing.overdueOnly")}
        </Checkbox>
        <Button onClick={() => void pages.refetch()}>{t("actions.refresh")}</Button>
      </Space>
      <Table<Bill>
        size="small"
        rowKey="id"
        loading={pages.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            title: t("billing.customer"),
            dataIndex: "customerId",
            render: (id: string, b) => (
              <Link to={`/sites/${site.id}/bills/${b.id}`}>{names.data?.get(id) ?? id}</Link>
            ),
          },
          {
            title: t("billing.fee"),
            dataIndex: "feeCode",
            render: (code: string) => feeName(feeItems.data, code, i18n.language),
          },
          {
            title: t("billing.period"),
            key: "period",
            render: (_, b) => `${b.periodStart} – ${b.periodEnd}`,
          },
          { title: t("billing.dueDate"), dataIndex: "dueDate" },
          {
            title: t("billing.amount"),
            dataIndex: "amountMinor",
            align: "right",
            render: (minor: number, b) => money(minor, b.currency),
          },
          {
            title: t("billing.balance"),
            dataIndex: "balanceMinor",
            align: "right",
            render: (minor: number, b) => money(minor, b.currency),
          },
          {
            title: t("billing.status"),
            key: "status",
            render: (_, b) => <BillStatusTag bill={b} />,
          },
          {
            title: "",
            key: "open",
            render: (_, b) => (
              <Link to={`/sites/${site.id}/bills/${b.id}`}>{t("billing.openBill")}</Link>
            ),
          },
        ]}
      />
      {pages.hasNextPage && (
        <Button loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
          {t("actions.more")}
        </Button>
      )}
    </Space>
  );
}
