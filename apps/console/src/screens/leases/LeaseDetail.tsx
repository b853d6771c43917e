import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  Descriptions,
  Empty,
  Result,
  Space,
  Spin,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from "antd";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError, api, newIdempotencyKey, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { useCan } from "../../auth/use-me";
import { formatInstant } from "../../format/dates";
import { formatMoney } from "../../format/money";
import { useSiteUnits } from "./data";
import { AmendDrawer, RenewDrawer, TerminateDrawer } from "./LeaseActions";
import { statusColour } from "./lease-form";
import { ScheduleTable } from "./ScheduleTable";
import { TermsView } from "./TermsView";

interface Balance {
  openMinor: number;
  overdueMinor: number;
  prepaymentMinor: number;
  currencyCode: string;
}

/** A lease: its terms and their versions, units, tenant, schedule, balance and deposits. */
export default function LeaseDetail() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { leaseId = "" } = useParams();
  const site = useSite();
  const can = useCan();
  const queryClient = useQueryClient();
  const [drawer, setDrawer] = useState<"amend" | "renew" | "terminate" | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const activateKey = useRef(newIdempotencyKey());

  const lease = useQuery({
    queryKey: ["lease", site.id, leaseId],
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/leases/{leaseId}", {
          params: { path: { siteId: site.id, leaseId } },
        }),
      ),
  });
  const schedule = useQuery({
    queryKey: ["lease-schedule", site.id, leaseId],
    enabled: lease.isSuccess,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/leases/{leaseId}/schedule", {
          params: { path: { siteId: site.id, leaseId } },
        }),
      ),
  });
  const mayReadBalance = can("billing.read", site.id);
  const balance = useQuery({
    queryKey: ["lease-balance", site.id, leaseId],
    enabled: lease.isSuccess && mayReadBalance,
    queryFn: async () =>
      (await unwrap(
        api.GET("/api/v1/sites/{siteId}/leases/{leaseId}/balance", {
          params: { path: { siteId: site.id, leaseId } },
        }),
      )) as unknown as Balance,
  });
  const mayReadDeposits = can("payments.read", site.id);
  const deposits = useQuery({
    queryKey: ["lease-deposits", site.id, leaseId],
    enabled: lease.isSuccess && mayReadDeposits,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/leases/{leaseId}/deposits", {
          params: { path: { siteId: site.id, leaseId } },
        }),
      ),
  });
  const customer = useQuery({
    queryKey: ["customer", site.id, lease.data?.customerId],
    enabled: lease.isSuccess && can("customers.read", site.id),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/customers/{customerId}", {
          params: { path: { siteId: site.id, customerId: lease.data!.customerId } },
        }),
      ),
  });
  const units = useSiteUnits(site.id);
  const unitsById = useMemo(
    () => new Map((units.data ?? []).map((unit) => [unit.id, unit])),
    [units.data],
  );

  const activate = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/sites/{siteId}/leases/{leaseId}/activate", {
          params: {
            path: { siteId: site.id, leaseId },
            header: { "Idempotency-Key": activateKey.current },
          },
        }),
      ),
    onSuccess: () => {
      activateKey.current = newIdempotencyKey();
      void queryClient.invalidateQueries({ queryKey: ["lease", site.id, leaseId] });
      void queryClient.invalidateQueries({ queryKey: ["leases", site.id] });
      void queryClient.invalidateQueries({ queryKey: ["units", site.id] });
      void message.success(t("leases.wizard.activated"));
    },
    onError: (error) => setProblem(showApiError(error, t)),
  });

  if (lease.isLoading) return <Spin />;
  if (lease.isError || !lease.data)
    return (
      <Result
        status="404"
        title={t("leases.detail.notFound")}
        subTitle={showApiError(lease.error, t)}
        extra={<Link to={`/sites/${site.id}/leases`}>{t("leases.detail.back")}</Link>}
      />
    );
  const data = lease.data;
  const money = (minor: number) => formatMoney(minor, data.currency, i18n.language);
  const mayWrite = can("leases.write", site.id);
  const versions = [...data.versions].reverse();

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Link to={`/sites/${site.id}/leases`}>{t("leases.detail.back")}</Link>
      <Space wrap align="center" style={{ justifyContent: "space-between", width: "100%" }}>
        <Space align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t("leases.detail.title", { reference: data.reference })}
          </Typography.Title>
          <Tag color={statusColour[data.status]} data-testid="lease-status">
            {t(`leases.statuses.${data.status}`)}
          </Tag>
        </Space>
        <Space wrap>
          {data.status === "draft" && mayWrite && (
            <Button type="primary" loading={activate.isPending} onClick={() => activate.mutate()}>
              {t("leases.actions.activate")}
            </Button>
          )}
          {data.status === "active" && mayWrite && (
            <Button onClick={() => setDrawer("amend")}>{t("leases.actions.amend")}</Button>
          )}
          {data.status === "active" && mayWrite && !data.successorId && (
            <Button onClick={() => setDrawer("renew")}>{t("leases.actions.renew")}</Button>
          )}
          {data.status === "active" && can("leases.terminate", site.id) && (
            <Button danger onClick={() => setDrawer("terminate")}>
              {t("leases.actions.terminate")}
            </Button>
          )}
        </Space>
      </Space>
      {problem && (
        <Alert type="error" showIcon title={problem} closable onClose={() => setProblem(null)} />
      )}
      <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
        <Descriptions.Item label={t("leases.customer")}>
          {customer.data ? `${customer.data.name} · ${customer.data.idNumber}` : data.customerId}
        </Descriptions.Item>
        <Descriptions.Item label={t("leases.units")}>
          {data.unitIds.map((id) => {
            const unit = unitsById.get(id);
            return <Tag key={id}>{unit ? `${unit.code} · ${unit.name}` : id}</Tag>;
          })}
        </Descriptions.Item>
        <Descriptions.Item label={t("leases.term")}>
          {data.startDate} – {data.endDate}
        </Descriptions.Item>
        <Descriptions.Item label={t("leases.detail.currency")}>{data.currency}</Descriptions.Item>
        {data.predecessorId && (
          <Descriptions.Item label={t("leases.detail.predecessor")}>
            <Link to={`/sites/${site.id}/leases/${data.predecessorId}`}>{data.predecessorId}</Link>
          </Descriptions.Item>
        )}
        {data.successorId && (
          <Descriptions.Item label={t("leases.detail.successor")}>
            <Link to={`/sites/${site.id}/leases/${data.successorId}`}>{data.successorId}</Link>
          </Descriptions.Item>
        )}
        {data.terminationDate && (
          <Descriptions.Item label={t("leases.detail.terminationDate")}>
            {data.terminationDate}
          </Descriptions.Item>
        )}
        {data.terminationReason && (
          <Descriptions.Item label={t("leases.detail.terminationReason")}>
            {data.terminationReason}
          </Descriptions.Item>
        )}
        {data.penaltyMinor !== null && (
          <Descriptions.Item label={t("leases.detail.penalty")}>
            {money(data.penaltyMinor)}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Tabs
        items={[
          {
            key: "terms",
            label: t("leases.detail.versions"),
            children: (
              <Collapse
                defaultActiveKey={[String(versions[0]?.version)]}
                items={versions.map((version) => ({
                  key: String(version.version),
                  label: t("leases.detail.version", {
                    version: version.version,
                    from: version.effectiveFrom,
                  }),
                  extra: (
                    <Typography.Text type="secondary">
                      {t("leases.detail.versionBy", {
                        reason: version.reason,
                        actor: version.actor,
                      })}{" "}
                      · {formatInstant(version.createdAt, site.timeZone, i18n.language)}
                    </Typography.Text>
                  ),
                  children: <TermsView terms={version.terms} currency={data.currency} />,
                }))}
              />
            ),
          },
          {
            key: "schedule",
            label: t("leases.detail.schedule"),
            children: (
              <ScheduleTable
                testId="lease-schedule"
                lines={schedule.data?.items ?? []}
                currency={data.currency}
                loading={schedule.isLoading}
              />
            ),
          },
          ...(mayReadBalance
            ? [
                {
                  key: "balance",
                  label: t("leases.detail.balance"),
                  children: balance.data ? (
                    <Space size="large" wrap>
                      <Card size="small">
                        <Statistic
                          title={t("leases.detail.open")}
                          value={money(balance.data.openMinor)}
                        />
                      </Card>
                      <Card size="small">
                        <Statistic
                          title={t("leases.detail.overdue")}
                          value={money(balance.data.overdueMinor)}
                        />
                      </Card>
                      <Card size="small">
                        <Statistic
                          title={t("leases.detail.prepayment")}
                          value={money(balance.data.prepaymentMinor)}
                        />
                      </Card>
                    </Space>
                  ) : balance.isError ? (
                    <Alert type="error" showIcon title={showApiError(balance.error, t)} />
                  ) : (
                    <Spin />
                  ),
                },
              ]
            : []),
          ...(mayReadDeposits
            ? [
                {
                  key: "deposits",
                  label: t("leases.detail.deposits"),
                  children: deposits.data ? (
                    <Space orientation="vertical" style={{ width: "100%" }}>
                      <Statistic
                        title={t("leases.detail.held")}
                        value={money(deposits.data.heldMinor)}
                      />
                      <Table
                        size="small"
                        rowKey="id"
                        pagination={false}
                        scroll={{ x: true }}
                        dataSource={deposits.data.entries}
                        locale={{
                          emptyText: <Empty description={t("leases.detail.noDeposits")} />,
                        }}
                        columns={[
                          {
                            title: t("leases.detail.entryAt"),
                            dataIndex: "createdAt",
                            render: (at: string) => formatInstant(at, site.timeZone, i18n.language),
                          },
                          {
                            title: t("leases.detail.entryType"),
                            dataIndex: "type",
                            render: (type: string) => t(`leases.depositTypes.${type}`),
                          },
                          {
                            title: t("leases.detail.amount"),
                            dataIndex: "amountMinor",
                            align: "right",
                            render: money,
                          },
                          { title: t("leases.detail.entryReference"), dataIndex: "reference" },
                        ]}
                      />
                    </Space>
                  ) : deposits.isError ? (
                    <Alert type="error" showIcon title={showApiError(deposits.error, t)} />
                  ) : (
                    <Spin />
                  ),
                },
              ]
            : []),
        ]}
      />
      <AmendDrawer lease={data} open={drawer === "amend"} onClose={() => setDrawer(null)} />
      <RenewDrawer lease={data} open={drawer === "renew"} onClose={() => setDrawer(null)} />
      <TerminateDrawer lease={data} open={drawer === "terminate"} onClose={() => setDrawer(null)} />
    </Space>
  );
}
