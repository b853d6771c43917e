import { PlusOutlined } from "@ant-design/icons";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Alert, Button, Select, Space, Table, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { useCan } from "../../auth/use-me";
import { todayAt } from "../../format/dates";
import { useCustomerNames, useSiteUnits } from "./data";
import { addDays, type Lease, type LeaseStatus, leaseStatuses, statusColour } from "./lease-form";

const expiryWindows = [30, 60, 90];

/** The site's leases: by status, or those ending soon; each opens its detail. */
export default function LeasesList() {
  const { t } = useTranslation();
  const site = useSite();
  const can = useCan();
  const navigate = useNavigate();
  const [status, setStatus] = useState<LeaseStatus | null>(null);
  const [within, setWithin] = useState<number | null>(null);
  const endingBy = within === null ? undefined : addDays(todayAt(site.timeZone), within);

  const leases = useInfiniteQuery({
    queryKey: ["leases", site.id, "list", status, endingBy],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/leases", {
          params: {
            path: { siteId: site.id },
            query: { limit: 50, cursor: pageParam, status: status ?? undefined, endingBy },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = leases.data?.pages.flatMap((page) => page.items) ?? [];
  const units = useSiteUnits(site.id);
  const unitCodes = useMemo(
    () => new Map((units.data ?? []).map((unit) => [unit.id, unit.code])),
    [units.data],
  );
  const customers = useCustomerNames(site.id, can("customers.read", site.id));

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3}>{t("leases.title")}</Typography.Title>
      <Space wrap>
        <Select
          aria-label={t("leases.statusFilter")}
          placeholder={t("leases.statusFilter")}
          allowClear
          style={{ minWidth: 160 }}
          value={status}
          onChange={(value) => setStatus(value ?? null)}
          options={leaseStatuses.map((s) => ({ value: s, label: t(`leases.statuses.${s}`) }))}
        />
        <Select
          aria-label={t("leases.expiringFilter")}
          placeholder={t("leases.expiringFilter")}
          allowClear
          style={{ minWidth: 180 }}
          value={within}
          onChange={(value) => setWithin(value ?? null)}
          options={expiryWindows.map((days) => ({
            value: days,
            label: t("leases.expiringWithin", { days }),
          }))}
        />
        {can("leases.write", site.id) && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate(`/sites/${site.id}/leases/new`)}
          >
            {t("leases.new")}
          </Button>
        )}
      </Space>
      {leases.isError && <Alert type="error" showIcon title={showApiError(leases.error, t)} />}
      <Table<Lease>
        rowKey="id"
        loading={leases.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t("common.empty") }}
        columns={[
          {
            title: t("leases.reference"),
            dataIndex: "reference",
            render: (reference: string, lease) => (
              <Link to={`/sites/${site.id}/leases/${lease.id}`}>{reference}</Link>
            ),
          },
          {
            title: t("leases.customer"),
            dataIndex: "customerId",
            render: (id: string) => customers.data?.get(id) ?? id,
          },
          {
            title: t("leases.units"),
            dataIndex: "unitIds",
            render: (ids: string[]) => ids.map((id) => unitCodes.get(id) ?? id).join(", "),
          },
          { title: t("leases.startDate"), dataIndex: "startDate" },
          { title: t("leases.endDate"), dataIndex: "endDate" },
          {
            title: t("leases.status"),
            dataIndex: "status",
            render: (value: LeaseStatus) => (
              <Tag color={statusColour[value]}>{t(`leases.statuses.${value}`)}</Tag>
            ),
          },
        ]}
      />
      <Space>
        <span data-testid="leases-total">{t("leases.total", { count: rows.length })}</span>
        {leases.hasNextPage && (
          <Button loading={leases.isFetchingNextPage} onClick={() => void leases.fetchNextPage()}>
            {t("actions.more")}
          </Button>
        )}
      </Space>
    </Space>
  );
}
