import { useQuery } from "@tanstack/react-query";
import {
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { useSite } from "../../auth/site";
import { useCan } from "../../auth/use-me";
import { formatInstant, todayAt } from "../../format/dates";
import { formatMoney } from "../../format/money";
import type { Customer } from "./customer-form";

/** A statement as the API returns it (its response is not described in the API document). */
interface Statement {
  openingBalanceMinor: number;
  chargesMinor: number;
  paymentsMinor: number;
  creditsMinor: number;
  closingBalanceMinor: number;
  prepaymentMinor: number;
  currencyCode: string;
  lines: {
    date: string;
    kind: string;
    description: string;
    amountMinor: number;
    runningBalanceMinor: number;
    reference: string;
  }[];
}

/** A customer's details, leases and statement. */
export function CustomerDetailDrawer({
  customer,
  onClose,
  onEdit,
}: {
  customer: Customer | null;
  onClose(): void;
  onEdit?: (customer: Customer) => void;
}) {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const can = useCan();
  const today = todayAt(site.timeZone);
  const [range, setRange] = useState<[string, string]>([`${today.slice(0, 4)}-01-01`, today]);

  const leases = useQuery({
    queryKey: ["leases", site.id, "customer", customer?.id],
    enabled: customer !== null && can("leases.read", site.id),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/leases", {
          params: { path: { siteId: site.id }, query: { customerId: customer!.id, limit: 100 } },
        }),
      ),
  });
  const mayReadStatement = can("billing.read", site.id);
  const statement = useQuery({
    queryKey: ["statement", site.id, customer?.id, range],
    enabled: customer !== null && mayReadStatement,
    queryFn: async () =>
      (await unwrap(
        api.GET("/api/v1/sites/{siteId}/customers/{customerId}/statement", {
          params: {
            path: { siteId: site.id, customerId: customer!.id },
            query: { from: range[0], to: range[1] },
          },
        }),
      )) as unknown as Statement,
  });
  const money = (minor: number) => formatMoney(minor, site.currency, i18n.language);

  return (
    <Drawer
      open={customer !== null}
      onClose={onClose}
      size={720}
      title={customer ? `${t("customers.detail")} · ${customer.name}` : t("customers.detail")}
      extra={
        customer && onEdit && <Button onClick={() => onEdit(customer)}>{t("actions.edit")}</Button>
      }
    >
      {customer && (
        <Space orientation="vertical" size="large" style={{ width: "100%" }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("customers.name")}>{customer.name}</Descriptions.Item>
            <Descriptions.Item label={t("customers.kind")}>
              {t(`customers.kinds.${customer.kind}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("customers.idDocumentType")}>
              {t(`customers.idTypes.${customer.idDocumentType}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("customers.idNumber")}>
              <span data-testid="customer-id-number">{customer.idNumber}</span>
              {customer.idNumberMasked && (
                <Tag style={{ marginLeft: 8 }}>{t("customers.idMasked")}</Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t("customers.phones")}>
              {customer.phones.join(", ") || t("common.none")}
            </Descriptions.Item>
            <Descriptions.Item label={t("customers.email")}>
              {customer.email || t("common.none")}
            </Descriptions.Item>
            <Descriptions.Item label={t("customers.emergencyContact")}>
              {customer.emergencyContact
                ? `${customer.emergencyContact.name} · ${customer.emergencyContact.phone} · ${customer.emergencyContact.relation}`
                : t("common.none")}
            </Descriptions.Item>
            <Descriptions.Item label={t("customers.tags")}>
              {customer.tags.length > 0
                ? customer.tags.map((tag) => <Tag key={tag}>{tag}</Tag>)
                : t("common.none")}
            </Descriptions.Item>
            <Descriptions.Item label={t("customers.consentSms")}>
              {customer.consentSms ? t("customers.yes") : t("customers.no")}
            </Descriptions.Item>
            <Descriptions.Item label={t("customers.consentEmail")}>
              {customer.consentEmail ? t("customers.yes") : t("customers.no")}
            </Descriptions.Item>
            <Descriptions.Item label={t("customers.createdAt")}>
              {formatInstant(customer.createdAt, site.timeZone, i18n.language)}
            </Descriptions.Item>
          </Descriptions>

          {can("leases.read", site.id) && (
            <div>
              <Typography.Title level={5}>{t("customers.leases")}</Typography.Title>
              {leases.isLoading ? (
                <Spin />
              ) : (
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  scroll={{ x: true }}
                  locale={{ emptyText: t("customers.noLeases") }}
                  dataSource={leases.data?.items ?? []}
                  columns={[
                    {
                      title: t("customers.leaseReference"),
                      dataIndex: "reference",
                      render: (reference: string, lease) => (
                        <Link to={`/sites/${site.id}/leases/${lease.id}`}>{reference}</Link>
                      ),
                    },
                    {
                      title: t("customers.leasePeriod"),
                      key: "period",
                      render: (_, lease) => `${lease.startDate} – ${lease.endDate}`,
                    },
                    {
                      title: t("customers.leaseStatus"),
                      dataIndex: "status",
                      render: (status: string) => t(`leases.statuses.${status}`),
                    },
                  ]}
                />
              )}
            </div>
          )}

          {mayReadStatement && (
            <div>
              <Typography.Title level={5}>{t("customers.statement")}</Typography.Title>
              <DatePicker.RangePicker
                aria-label={t("customers.statementRange")}
                allowClear={false}
                value={[dayjs(range[0]), dayjs(range[1])]}
                onChange={(dates) => {
                  if (dates?.[0] && dates[1])
                    setRange([dates[0].format("YYYY-MM-DD"), dates[1].format("YYYY-MM-DD")]);
                }}
                style={{ marginBottom: 12 }}
              />
              {statement.isLoading ? (
                <Spin />
              ) : statement.data ? (
                <>
                  <Descriptions column={3} size="small" bordered>
                    <Descriptions.Item label={t("customers.opening")}>
                      {money(statement.data.openingBalanceMinor)}
                    </Descriptions.Item>
                    <Descriptions.Item label={t("customers.charges")}>
                      {money(statement.data.chargesMinor)}
                    </Descriptions.Item>
                    <Descriptions.Item label={t("customers.payments")}>
                      {money(statement.data.paymentsMinor)}
                    </Descriptions.Item>
                    <Descriptions.Item label={t("customers.credits")}>
                      {money(statement.data.creditsMinor)}
                    </Descriptions.Item>
                    <Descriptions.Item label={t("customers.closing")}>
                      <strong data-testid="statement-closing">
                        {money(statement.data.closingBalanceMinor)}
                      </strong>
                    </Descriptions.Item>
                    <Descriptions.Item label={t("customers.prepayment")}>
                      {money(statement.data.prepaymentMinor)}
                    </Descriptions.Item>
                  </Descriptions>
                  <Table
                    style={{ marginTop: 12 }}
                    size="small"
                    rowKey="key"
                    dataSource={statement.data.lines.map((line, index) => ({
                      ...line,
                      key: index,
                    }))}
                    pagination={{ pageSize: 20, hideOnSinglePage: true }}
                    scroll={{ x: true }}
                    columns={[
                      { title: t("customers.date"), dataIndex: "date" },
                      {
                        title: t("customers.entryKind"),
                        dataIndex: "kind",
                        render: (kind: string) => t(`customers.ledgerKinds.${kind}`),
                      },
                      { title: t("customers.description"), dataIndex: "description" },
                      {
                        title: t("customers.amount"),
                        dataIndex: "amountMinor",
                        align: "right",
                        render: (minor: number) => money(minor),
                      },
                      {
                        title: t("customers.running"),
                        dataIndex: "runningBalanceMinor",
                        align: "right",
                        render: (minor: number) => money(minor),
                      },
                    ]}
                  />
                </>
              ) : (
                <Empty description={t("common.empty")} />
              )}
            </div>
          )}
        </Space>
      )}
    </Drawer>
  );
}
