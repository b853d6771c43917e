import { useInfiniteQuery } from "@tanstack/react-query";
import { Alert, Button, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Paths, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { formatInstant } from "../../format/dates";
import { formatMoney } from "../../format/money";
import { knownKind } from "./inbox";
import {
  type DeliveryStatus,
  deliveryColour,
  deliveryStatuses,
  stepLabel,
  translatedOr,
} from "./notifications";

const nowrap = { whiteSpace: "nowrap" } as const;

type Delivery =
  Paths["/api/v1/sites/{siteId}/notifications"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
type OutboxFile =
  Paths["/api/v1/sites/{siteId}/notification-outbox"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

/** The site's notifications: what was queued, sent, failed or suppressed, and the local outbox. */
export default function NotificationsScreen() {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3}>{t("admin.notifications.title")}</Typography.Title>
      <Tabs
        items={[
          { key: "log", label: t("admin.notifications.log"), children: <DeliveryLog /> },
          { key: "outbox", label: t("admin.notifications.outbox"), children: <Outbox /> },
        ]}
      />
    </Space>
  );
}

function DeliveryLog() {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const [status, setStatus] = useState<DeliveryStatus | null>(null);
  const log = useInfiniteQuery({
    queryKey: ["notifications", site.id, status],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/notifications", {
          params: {
            path: { siteId: site.id },
            query: { limit: 50, cursor: pageParam, ...(status ? { status } : {}) },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = useMemo(() => log.data?.pages.flatMap((p) => p.items) ?? [], [log.data]);
  const at = (iso: string | null) => formatInstant(iso, site.timeZone, i18n.language);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space wrap>
        <Select
          aria-label={t("admin.notifications.status")}
          placeholder={t("admin.notifications.status")}
          allowClear
          style={{ minWidth: 160 }}
          value={status}
          onChange={(value) => setStatus(value ?? null)}
          options={deliveryStatuses.map((s) => ({
            value: s,
            label: t(`admin.notifications.state.${s}`),
          }))}
        />
        <Button onClick={() => void log.refetch()}>{t("actions.refresh")}</Button>
      </Space>
      {log.error && <Alert type="error" showIcon title={showApiError(log.error, t)} />}
      <Table<Delivery>
        rowKey="id"
        size="small"
        loading={log.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t("common.empty") }}
        expandable={{
          expandedRowRender: (row) => (
            <Space orientation="vertical" size={4}>
              {row.subject && (
                <Typography.Text strong>
                  {t("admin.notifications.subject")}: {row.subject}
                </Typography.Text>
              )}
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>
                {row.body}
              </Typography.Paragraph>
            </Space>
          ),
        }}
        columns={[
          {
            title: t("admin.notifications.createdAt"),
            key: "createdAt",
            render: (_, row) => <span style={nowrap}>{at(row.createdAt)}</span>,
          },
          {
            title: t("admin.notifications.kind"),
            key: "kind",
            render: (_, row) => (knownKind(row.kind) ? t(`admin.kind.${row.kind}`) : row.kind),
          },
          {
            title: t("admin.notifications.step"),
            key: "step",
            render: (_, row) => stepLabel(t, row.step),
          },
          {
            title: t("admin.notifications.channel"),
            key: "channel",
            render: (_, row) => (
              <span style={nowrap}>
                {translatedOr(t, "admin.notifications.channelName", row.channel)}
              </span>
            ),
          },
          {
            title: t("admin.notifications.audience"),
            key: "audience",
            render: (_, row) => translatedOr(t, "admin.notifications.audienceName", row.audience),
          },
          { title: t("admin.notifications.recipient"), dataIndex: "recipient", key: "recipient" },
          {
            title: t("admin.notifications.status"),
            key: "status",
            render: (_, row) => (
              <Tag color={deliveryColour[row.status]}>
                {t(`admin.notifications.state.${row.status}`)}
              </Tag>
            ),
          },
          {
            title: t("admin.notifications.reason"),
            key: "reason",
            render: (_, row) => translatedOr(t, "admin.notifications.reasonName", row.reason),
          },
          { title: t("admin.notifications.attempts"), dataIndex: "attempts", key: "attempts" },
          {
            title: t("admin.notifications.sentAt"),
            key: "sentAt",
            render: (_, row) => <span style={nowrap}>{at(row.sentAt)}</span>,
          },
          {
            title: t("admin.notifications.amount"),
            key: "amount",
            align: "right",
            render: (_, row) =>
              row.amountMinor === null
                ? ""
                : formatMoney(row.amountMinor, row.currency ?? site.currency, i18n.language),
          },
        ]}
      />
      {log.hasNextPage && (
        <Button loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {t("actions.more")}
        </Button>
      )}
    </Space>
  );
}

function Outbox() {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const outbox = useInfiniteQuery({
    queryKey: ["notification-outbox", site.id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/notification-outbox", {
          params: { path: { siteId: site.id }, query: { limit: 50, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = useMemo(() => outbox.data?.pages.flatMap((p) => p.items) ?? [], [outbox.data]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space wrap>
        <Typography.Text type="secondary">{t("admin.notifications.outboxHelp")}</Typography.Text>
        <Button onClick={() => void outbox.refetch()}>{t("actions.refresh")}</Button>
      </Space>
      {outbox.error && <Alert type="error" showIcon title={showApiError(outbox.error, t)} />}
      <Table<OutboxFile>
        rowKey="name"
        size="small"
        loading={outbox.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t("common.empty") }}
        columns={[
          {
            title: t("admin.notifications.writtenAt"),
            key: "writtenAt",
            render: (_, row) => (
              <span style={nowrap}>
                {formatInstant(row.writtenAt, site.timeZone, i18n.language)}
              </span>
            ),
          },
          {
            title: t("admin.notifications.channel"),
            key: "channel",
            render: (_, row) => (
              <span style={nowrap}>
                {translatedOr(t, "admin.notifications.channelName", row.channel)}
              </span>
            ),
          },
          { title: t("admin.notifications.recipient"), dataIndex: "recipient", key: "recipient" },
          { title: t("admin.notifications.subject"), dataIndex: "subject", key: "subject" },
          {
            title: t("admin.notifications.size"),
            key: "size",
            align: "right",
            render: (_, row) => (
              <span style={nowrap}>
                {t("admin.notifications.sizeBytes", { size: row.sizeBytes })}
              </span>
            ),
          },
          { title: t("admin.notifications.file"), dataIndex: "name", key: "name" },
        ]}
      />
      {outbox.hasNextPage && (
        <Button loading={outbox.isFetchingNextPage} onClick={() => void outbox.fetchNextPage()}>
          {t("actions.more")}
        </Button>
      )}
    </Space>
  );
}
