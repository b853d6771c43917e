import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Empty, Input, Space, Table, Tag, Typography } from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, api, newIdempotencyKey, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { formatInstant } from "../../format/dates";

interface Request {
  id: string;
  waiverId: string;
  billId: string;
  customerName: string;
  amount: string;
  reason: string;
  requestedBy: string;
  createdAt: string;
}

/**
 * Waivers awaiting approval at the site, as the user's inbox announced them (the API has no list
 * of pending waivers): approve or reject each, with a note.
 */
export function WaiverQueue() {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [decided, setDecided] = useState<Record<string, "approved" | "rejected">>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const keys = useRef(new Map<string, string>());
  const inbox = useQuery({
    queryKey: ["waiver-requests", site.id],
    queryFn: async () => {
      const page = await unwrap(
        api.GET("/api/v1/me/inbox", { params: { query: { siteId: site.id, limit: 200 } } }),
      );
      return page.items
        .filter((item) => item.kind === "waiver_requested")
        .map(
          (item): Request => ({
            id: item.id,
            waiverId: item.variables.waiverId ?? item.subjectId,
            billId: item.variables.billId ?? "",
            customerName: item.variables.customerName ?? "",
            amount: item.variables.amount ?? "",
            reason: item.variables.reason ?? "",
            requestedBy: item.variables.requestedBy ?? "",
            createdAt: item.createdAt,
          }),
        );
    },
  });
  const decide = useMutation({
    mutationFn: ({ waiverId, approve }: { waiverId: string; approve: boolean }) => {
      const key = keys.current.get(waiverId) ?? newIdempotencyKey();
      keys.current.set(waiverId, key);
      const note = notes[waiverId]?.trim();
      return unwrap(
        api.POST("/api/v1/sites/{siteId}/waivers/{waiverId}/decision", {
          params: { path: { siteId: site.id, waiverId }, header: { "Idempotency-Key": key } },
          body: { approve, ...(note ? { note } : {}) },
        }),
      );
    },
    onSuccess: (waiver, { waiverId }) => {
      keys.current.delete(waiverId);
      setError(null);
      const status = waiver.status === "rejected" ? "rejected" : "approved";
      setDecided((now) => ({ ...now, [waiverId]: status }));
      message.success(t(`billing.waiverStatuses.${status}`));
      void queryClient.invalidateQueries({ queryKey: ["bills", site.id] });
      void queryClient.invalidateQueries({ queryKey: ["bill", site.id, waiver.billId] });
    },
    onError: (failure, { waiverId }) => {
      if (failure instanceof ApiError && failure.status < 500) keys.current.delete(waiverId);
      setError(showApiError(failure, t));
    },
  });

  if (!inbox.isLoading && (inbox.data ?? []).length === 0)
    return <Empty description={t("billing.noWaiverRequests")} />;
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Typography.Text type="secondary">{t("billing.waiverQueueHint")}</Typography.Text>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<Request>
        size="small"
        rowKey="id"
        loading={inbox.isLoading}
        dataSource={inbox.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            title: t("billing.requestedAt"),
            dataIndex: "createdAt",
            render: (iso: string) => formatInstant(iso, site.timeZone, i18n.language),
          },
          { title: t("billing.customer"), dataIndex: "customerName" },
          {
            title: t("billing.bill"),
            dataIndex: "billId",
            render: (billId: string) =>
              billId ? (
                <Link to={`/sites/${site.id}/bills/${billId}`}>{t("billing.openBill")}</Link>
              ) : null,
          },
          { title: t("billing.amount"), dataIndex: "amount", align: "right" },
          { title: t("billing.reason"), dataIndex: "reason" },
          { title: t("billing.requestedBy"), dataIndex: "requestedBy" },
          {
            title: t("billing.decision"),
            key: "decide",
            render: (_, r) =>
              decided[r.waiverId] ? (
                <Tag color={decided[r.waiverId] === "approved" ? "green" : "red"}>
                  {t(`billing.waiverStatuses.${decided[r.waiverId]}`)}
                </Tag>
              ) : (
                <Space>
                  <Input
                    size="small"
                    aria-label={t("billing.decisionNote")}
                    placeholder={t("billing.decisionNote")}
                    maxLength={500}
                    style={{ width: 160 }}
                    value={notes[r.waiverId] ?? ""}
                    onChange={(event) =>
                      setNotes((now) => ({ ...now, [r.waiverId]: event.target.value }))
                    }
                  />
                  <Button
                    size="small"
                    type="primary"
                    disabled={decide.isPending}
                    onClick={() => decide.mutate({ waiverId: r.waiverId, approve: true })}
                  >
                    {t("billing.approve")}
                  </Button>
                  <Button
                    size="small"
                    danger
                    disabled={decide.isPending}
                    onClick={() => decide.mutate({ waiverId: r.waiverId, approve: false })}
                  >
                    {t("billing.reject")}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Space>
  );
}
