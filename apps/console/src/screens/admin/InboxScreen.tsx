import { CheckOutlined } from "@ant-design/icons";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Badge, Button, Segmented, Select, Space, Table, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, type Paths, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSites } from "../../auth/site";
import { formatInstant } from "../../format/dates";
import { inboxLink, knownKind } from "./inbox";

type InboxItem =
  Paths["/api/v1/me/inbox"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const nowrap = { whiteSpace: "nowrap" } as const;

/** The signed-in user's in-app messages, newest first; unread ones can be marked read. */
export default function InboxScreen() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const sites = useSites();
  const [siteId, setSiteId] = useState<string | null>(null);
  const [unreadOnly, setUnreadOnly] = useState(false);

  const sitesById = useMemo(() => new Map((sites.data ?? []).map((s) => [s.id, s])), [sites.data]);

  const unread = useQuery({
    queryKey: ["inbox", "unread", siteId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/me/inbox/unread-count", {
          params: { query: siteId ? { siteId } : {} },
        }),
      ),
    refetchInterval: 60_000,
  });
  const items = useInfiniteQuery({
    queryKey: ["inbox", "items", siteId, unreadOnly],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/me/inbox", {
          params: {
            query: {
              limit: 50,
              cursor: pageParam,
              ...(siteId ? { siteId } : {}),
              ...(unreadOnly ? { unreadOnly: "true" as const } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = useMemo(() => items.data?.pages.flatMap((p) => p.items) ?? [], [items.data]);

  const markRead = useMutation({
    mutationFn: (body: { ids?: string[]; all?: true; siteId?: string }) =>
      unwrap(api.POST("/api/v1/me/inbox/read", { body })),
    onSuccess: (result) => {
      message.success(t("admin.inbox.marked", { count: result.marked }));
      void queryClient.invalidateQueries({ queryKey: ["inbox"] });
    },
    onError: (error) => message.error(showApiError(error, t)),
  });

  const zoneOf = (item: InboxItem) =>
    (item.siteId && sitesById.get(item.siteId)?.timeZone) || browserZone;

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("admin.inbox.title")}
        </Typography.Title>
        <Badge
          count={unread.data?.unread ?? 0}
          overflowCount={999}
          title={t("admin.inbox.unread", { count: unread.data?.unread ?? 0 })}
          data-testid="inbox-unread"
        />
        <span>{t("admin.inbox.unread", { count: unread.data?.unread ?? 0 })}</span>
      </Space>
      <Space wrap>
        <Segmented
          aria-label={t("admin.inbox.show")}
          value={unreadOnly ? "unread" : "all"}
          onChange={(value) => setUnreadOnly(value === "unread")}
          options={[
            { value: "all", label: t("admin.inbox.showAll") },
            { value: "unread", label: t("admin.inbox.showUnread") },
          ]}
        />
        <Select
          aria-label={t("admin.inbox.site")}
          placeholder={t("admin.inbox.allSites")}
          allowClear
          style={{ minWidth: 200 }}
          value={siteId}
          onChange={(value) => setSiteId(value ?? null)}
          options={(sites.data ?? []).map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` }))}
        />
        <Button
          icon={<CheckOutlined />}
          disabled={(unread.data?.unread ?? 0) === 0}
          loading={markRead.isPending}
          onClick={() => markRead.mutate(siteId ? { all: true, siteId } : { all: true })}
        >
          {t("admin.inbox.markAllRead")}
        </Button>
        <Button onClick={() => void queryClient.invalidateQueries({ queryKey: ["inbox"] })}>
          {t("actions.refresh")}
        </Button>
      </Space>
      {items.error && <Alert type="error" showIcon title={showApiError(items.error, t)} />}
      <Table<InboxItem>
        rowKey="id"
        size="middle"
        loading={items.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t("common.empty") }}
        columns={[
          {
            title: t("admin.inbox.state"),
            key: "state",
            width: 90,
            render: (_, item) =>
              item.readAt ? (
                <Badge status="default" text={t("admin.inbox.isRead")} />
              ) : (
                <Badge status="processing" text={t("admin.inbox.isUnread")} />
              ),
          },
          {
            title: t("admin.inbox.message"),
            key: "message",
            render: (_, item) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong={!item.readAt}>{item.title}</Typography.Text>
                <Typography.Text type="secondary" style={{ whiteSpace: "pre-wrap" }}>
                  {item.body}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t("admin.inbox.kind"),
            key: "kind",
            render: (_, item) => (
              <Tag>{knownKind(item.kind) ? t(`admin.kind.${item.kind}`) : item.kind}</Tag>
            ),
          },
          {
            title: t("admin.inbox.site"),
            key: "site",
            render: (_, item) => (
              <span style={nowrap}>
                {item.siteId
                  ? (sitesById.get(item.siteId)?.code ?? item.siteId)
                  : t("admin.inbox.orgWide")}
              </span>
            ),
          },
          {
            title: t("admin.inbox.received"),
            key: "createdAt",
            render: (_, item) => (
              <span style={nowrap}>
                {formatInstant(item.createdAt, zoneOf(item), i18n.language)}
              </span>
            ),
          },
          {
            title: t("admin.inbox.actions"),
            key: "actions",
            render: (_, item) => {
              const to = inboxLink(item);
              return (
                <Space style={nowrap}>
                  {to && (
                    <Link
                      to={to}
                      onClick={() => {
                        if (!item.readAt) markRead.mutate({ ids: [item.id] });
                      }}
                    >
                      {t("admin.inbox.open")}
                    </Link>
                  )}
                  {!item.readAt && (
                    <Button
                      size="small"
                      disabled={markRead.isPending}
                      onClick={() => markRead.mutate({ ids: [item.id] })}
                    >
                      {t("admin.inbox.markRead")}
                    </Button>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      {items.hasNextPage && (
        <Button loading={items.isFetchingNextPage} onClick={() => void items.fetchNextPage()}>
          {t("actions.more")}
        </Button>
      )}
    </Space>
  );
}
