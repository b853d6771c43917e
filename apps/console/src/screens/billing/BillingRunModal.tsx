import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Form,
  Modal,
  Progress,
  Space,
  Table,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, newIdempotencyKey, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { todayAt } from "../../format/dates";
import { formatMoney } from "../../format/money";
import { feeName, useFeeItems } from "../cashier/data";
import { runFinished, runPercent, summarisePreview } from "./logic";

type Summary = ReturnType<typeof summarisePreview>;

/** Preview a billing run (dry run), then start it and follow its progress until it is done. */
export function BillingRunModal({ onClose }: { onClose(): void }) {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const queryClient = useQueryClient();
  const feeItems = useFeeItems();
  const [target, setTarget] = useState<Dayjs>(dayjs(todayAt(site.timeZone)));
  const [preview, setPreview] = useState<{ date: string; summary: Summary } | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const date = target.format("YYYY-MM-DD");
  const money = (minor: number) => formatMoney(minor, site.currency, i18n.language);

  const start = useMutation({
    mutationFn: (dryRun: boolean) =>
      unwrap(
        api.POST("/api/v1/sites/{siteId}/billing-runs", {
          params: { path: { siteId: site.id }, header: { "Idempotency-Key": key.current } },
          body: { targetDate: date, dryRun },
        }),
      ),
    onSuccess: (answer, dryRun) => {
      key.current = newIdempotencyKey();
      setError(null);
      if (dryRun) {
        const items = "preview" in answer && Array.isArray(answer.preview) ? answer.preview : [];
        setPreview({ date, summary: summarisePreview(items) });
      } else {
        setRunId(answer.run.id);
      }
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.status < 500) key.current = newIdempotencyKey();
      setError(showApiError(failure, t));
    },
  });

  const run = useQuery({
    queryKey: ["billing-run", site.id, runId],
    enabled: runId !== null,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/billing-runs/{runId}", {
          params: { path: { siteId: site.id, runId: runId! } },
        }),
      ),
    refetchInterval: (query) => (query.state.data && runFinished(query.state.data) ? false : 1000),
  });
  const finished = run.data ? runFinished(run.data) : false;
  const completed = run.data?.status === "completed";
  useEffect(() => {
    if (completed) void queryClient.invalidateQueries({ queryKey: ["bills", site.id] });
  }, [completed, queryClient, site.id]);

  return (
    <Modal
      open
      title={t("billing.runTitle")}
      onCancel={onClose}
      width={640}
      footer={
        runId ? (
          <Button onClick={onClose} type={finished ? "primary" : "default"}>
            {t("actions.close")}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t("actions.cancel")}</Button>
            <Button
              onClick={() => start.mutate(true)}
              loading={start.isPending && start.variables === true}
              disabled={start.isPending}
            >
              {t("billing.dryRun")}
            </Button>
            <Button
              type="primary"
              onClick={() => start.mutate(false)}
              loading={start.isPending && start.variables === false}
              disabled={start.isPending || preview?.date !== date}
            >
              {t("billing.realRun")}
            </Button>
          </Space>
        )
      }
    >
      {!runId && (
        <>
          <Typography.Paragraph type="secondary">{t("billing.runHint")}</Typography.Paragraph>
          <Form layout="vertical">
            <Form.Item label={t("billing.targetDate")} required>
              <DatePicker
                value={target}
                allowClear={false}
                onChange={(value) => value && setTarget(value)}
                format="YYYY-MM-DD"
                autoFocus
              />
            </Form.Item>
          </Form>
          {preview && preview.date === date && (
            <div data-testid="billing-preview">
              <Alert
                type="info"
                showIcon
                title={t("billing.previewSummary", {
                  count: preview.summary.count,
                  amount: money(preview.summary.amountMinor),
                  date: preview.date,
                })}
                style={{ marginBottom: 12 }}
              />
              {preview.summary.byFee.length > 0 && (
                <Table
                  size="small"
                  rowKey="feeCode"
                  pagination={false}
                  dataSource={preview.summary.byFee}
                  columns={[
                    {
                      title: t("billing.fee"),
                      dataIndex: "feeCode",
                      render: (code: string) => feeName(feeItems.data, code, i18n.language),
                    },
                    { title: t("billing.count"), dataIndex: "count", align: "right" },
                    {
                      title: t("billing.amount"),
                      dataIndex: "amountMinor",
                      align: "right",
                      render: (minor: number) => money(minor),
                    },
                  ]}
                />
              )}
            </div>
          )}
          {!preview && (
            <Typography.Text type="secondary">{t("billing.previewFirst")}</Typography.Text>
          )}
        </>
      )}
      {runId && (
        <div data-testid="billing-run-progress">
          <Progress
            percent={run.data ? runPercent(run.data) : 0}
            status={run.data?.status === "failed" ? "exception" : finished ? "success" : "active"}
            aria-label={t("billing.progress")}
          />
          {run.data && (
            <Descriptions size="small" column={1} bordered style={{ marginTop: 12 }}>
              <Descriptions.Item label={t("billing.runStatus")}>
                {["running", "completed", "failed"].includes(run.data.status)
                  ? t(`billing.runStatuses.${run.data.status}`)
                  : run.data.status}
              </Descriptions.Item>
              <Descriptions.Item label={t("billing.runDone")}>
                {t("billing.doneOfTotal", { done: run.data.done, total: run.data.total })}
              </Descriptions.Item>
              <Descriptions.Item label={t("billing.runIssued")}>
                {t("billing.issuedValue", {
                  count: run.data.issued,
                  amount: money(run.data.issuedMinor),
                })}
              </Descriptions.Item>
            </Descriptions>
          )}
        </div>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
