import { DownloadOutlined, RollbackOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Descriptions, Progress, Space, Table, Tag, Typography } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, newIdempotencyKey, unwrap } from "../../api/client";
import { downloadFile } from "../../api/download";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { useCan } from "../../auth/use-me";
import { formatInstant } from "../../format/dates";
import { formatMoney } from "../../format/money";
import {
  commitPercent,
  errorText,
  type FigureUnit,
  formatArea,
  type ImportJob,
  isInProgress,
  reconciliationRows,
  statusColour,
  unitOf,
  workbookLanguage,
} from "./imports";

/** One import, polled every second while it commits or rolls back. */
export function useImport(siteId: string, importId: string | null) {
  return useQuery({
    queryKey: ["import", siteId, importId],
    enabled: importId !== null,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/imports/{importId}", {
          params: { path: { siteId, importId: importId ?? "" } },
        }),
      ),
    refetchInterval: (query) =>
      query.state.data && isInProgress(query.state.data.status) ? 1000 : false,
  });
}

const countKeys = ["units", "customers", "leases", "arrears", "deposits", "prepayments"] as const;

/** An import's dry run, commit progress, reconciliation and first bills, with its actions. */
export function ImportDetail({
  job,
  onUploadAgain,
}: {
  job: ImportJob;
  onUploadAgain: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const site = useSite();
  const can = useCan();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const commitKey = useRef(newIdempotencyKey());
  const rollbackKey = useRef(newIdempotencyKey());
  const mayRun = can("imports.run", site.id);

  // When a commit or rollback ends, the list shows the import's new status.
  const status = job.status;
  useEffect(() => {
    if (!isInProgress(status))
      void queryClient.invalidateQueries({ queryKey: ["imports", site.id] });
  }, [status, queryClient, site.id]);

  const store = (next: ImportJob) => {
    queryClient.setQueryData(["import", site.id, next.id], next);
    void queryClient.invalidateQueries({ queryKey: ["imports", site.id] });
  };
  const commit = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/sites/{siteId}/imports/{importId}/commit", {
          params: { path: { siteId: site.id, importId: job.id } },
          headers: { "Idempotency-Key": commitKey.current },
        }),
      ),
    onSuccess: (next) => {
      commitKey.current = newIdempotencyKey();
      setProblem(null);
      store(next);
    },
    onError: (error) => {
      commitKey.current = newIdempotencyKey();
      setProblem(showApiError(error, t));
      void queryClient.invalidateQueries({ queryKey: ["import", site.id, job.id] });
    },
  });
  const rollback = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/sites/{siteId}/imports/{importId}/rollback", {
          params: { path: { siteId: site.id, importId: job.id } },
          headers: { "Idempotency-Key": rollbackKey.current },
        }),
      ),
    onSuccess: (next) => {
      rollbackKey.current = newIdempotencyKey();
      setProblem(null);
      store(next);
      if (next.status === "rolled_back") message.success(t("admin.imports.rollbackDone"));
    },
    onError: (error) => {
      rollbackKey.current = newIdempotencyKey();
      setProblem(showApiError(error, t));
      void queryClient.invalidateQueries({ queryKey: ["import", site.id, job.id] });
    },
  });

  const confirmCommit = () =>
    modal.confirm({
      title: t("admin.imports.commitConfirmTitle"),
      content: t("admin.imports.commitConfirm", job.counts),
      okText: t("admin.imports.commit"),
      cancelText: t("actions.cancel"),
      onOk: () =>
        commit.mutateAsync().then(
          () => undefined,
          () => undefined,
        ),
    });
  const confirmRollback = () =>
    modal.confirm({
      title: t("admin.imports.rollbackConfirmTitle"),
      content: t("admin.imports.rollbackConfirm"),
      okText: t("admin.imports.rollback"),
      okButtonProps: { danger: true },
      cancelText: t("actions.cancel"),
      onOk: () =>
        rollback.mutateAsync().then(
          () => undefined,
          () => undefined,
        ),
    });

  const downloadErrors = async () => {
    try {
      await downloadFile(
        `/api/v1/sites/${encodeURIComponent(site.id)}/imports/${encodeURIComponent(job.id)}/errors.xlsx?lang=${workbookLanguage(i18n.language)}`,
        `${job.fileName.replace(/\.xlsx$/i, "")}_errors.xlsx`,
      );
    } catch (error) {
      message.error(showApiError(error, t) ?? t("admin.imports.downloadFailed"));
    }
  };

  const at = (iso: string | null) => formatInstant(iso, site.timeZone, i18n.language);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
        <Descriptions.Item label={t("admin.imports.fileName")}>{job.fileName}</Descriptions.Item>
        <Descriptions.Item label={t("admin.imports.status")}>
          <Tag color={statusColour[job.status]} data-testid="import-status">
            {t(`admin.imports.state.${job.status}`)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t("admin.imports.goLiveDate")}>
          {job.goLiveDate}
        </Descriptions.Item>
        <Descriptions.Item label={t("admin.imports.createdAt")}>
          {at(job.createdAt)}
        </Descriptions.Item>
        {job.committedAt && (
          <Descriptions.Item label={t("admin.imports.committedAt")}>
            {at(job.committedAt)}
          </Descriptions.Item>
        )}
        {job.rolledBackAt && (
          <Descriptions.Item label={t("admin.imports.rolledBackAt")}>
            {at(job.rolledBackAt)}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t("admin.imports.counts")} span="filled">
          <Space size={[4, 4]} wrap>
            {countKeys.map((key) => (
              <Tag key={key}>
                {t(`admin.imports.countOf.${key}`)} {job.counts[key]}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
      </Descriptions>

      {problem && (
        <Alert type="error" showIcon title={problem} closable onClose={() => setProblem(null)} />
      )}

      {job.status === "invalid" && (
        <ErrorsTable job={job} onDownload={downloadErrors} onUploadAgain={onUploadAgain} />
      )}

      {job.status === "validated" && (
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Alert type="success" showIcon title={t("admin.imports.noErrors")} />
          {mayRun && (
            <Button type="primary" loading={commit.isPending} onClick={confirmCommit}>
              {t("admin.imports.commit")}
            </Button>
          )}
        </Space>
      )}

      {(job.status === "committing" ||
        job.status === "failing" ||
        job.status === "failed" ||
        (job.steps.length > 0 && job.status === "committed")) && <CommitProgress job={job} />}

      {job.status === "failed" && (
        <Alert
          type="error"
          showIcon
          title={t("admin.imports.commitFailed")}
          description={job.error ?? undefined}
        />
      )}
      {job.status === "rolling_back" && (
        <Alert type="warning" showIcon title={t("admin.imports.rollingBack")} />
      )}
      {job.status === "rolled_back" && (
        <Alert type="info" showIcon title={t("admin.imports.rolledBack")} />
      )}

      {job.sheetTotals &&
        (job.status === "validated" ||
          job.status === "committed" ||
          job.status === "rolling_back") && <Reconciliation job={job} />}

      {job.status === "committed" && <FirstBills job={job} />}

      {(job.status === "committed" || job.status === "rolling_back") && mayRun && (
        <Button
          danger
          icon={<RollbackOutlined />}
          loading={rollback.isPending}
          onClick={confirmRollback}
        >
          {t("admin.imports.rollback")}
        </Button>
      )}
    </Space>
  );
}

function ErrorsTable({
  job,
  onDownload,
  onUploadAgain,
}: {
  job: ImportJob;
  onDownload: () => Promise<void>;
  onUploadAgain: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [downloading, setDownloading] = useState(false);
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Alert
        type="error"
        showIcon
        title={t("admin.imports.errors", { count: job.errorCount })}
        description={t("admin.imports.fixAndUpload")}
      />
      <Space wrap>
        <Button
          icon={<DownloadOutlined />}
          loading={downloading}
          onClick={() => {
            setDownloading(true);
            void onDownload().finally(() => setDownloading(false));
          }}
        >
          {t("admin.imports.downloadErrors")}
        </Button>
        <Button icon={<UploadOutlined />} onClick={onUploadAgain}>
          {t("admin.imports.newImport")}
        </Button>
      </Space>
      <Table
        data-testid="import-errors"
        rowKey="key"
        size="small"
        dataSource={job.errors.map((e, index) => ({ ...e, key: index }))}
        scroll={{ x: true }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t("admin.imports.sheet"), dataIndex: "sheet", key: "sheet" },
          { title: t("admin.imports.row"), key: "row", render: (_, e) => e.row ?? "" },
          { title: t("admin.imports.column"), dataIndex: "column", key: "column" },
          { title: t("admin.imports.value"), dataIndex: "value", key: "value" },
          {
            title: t("admin.imports.message"),
            key: "message",
            render: (_, e) => errorText(e.message, i18n.language),
          },
        ]}
      />
    </Space>
  );
}

function CommitProgress({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const failed = job.status === "failed" || job.status === "failing";
  return (
    <Space orientation="vertical" style={{ width: "100%", maxWidth: 640 }}>
      <Typography.Text strong>
        {job.status === "committing" ? t("admin.imports.committing") : t("admin.imports.progress")}
      </Typography.Text>
      <Progress
        percent={commitPercent(job.steps)}
        status={failed ? "exception" : job.status === "committed" ? "success" : "active"}
        aria-label={t("admin.imports.progress")}
      />
      {job.steps.map((step) => (
        <Space key={step.name} style={{ width: "100%" }}>
          <span style={{ display: "inline-block", width: 96 }}>
            {t(`admin.imports.step.${step.name}`, { defaultValue: step.name })}
          </span>
          <Tag>{t(`admin.imports.stepState.${step.state}`, { defaultValue: step.state })}</Tag>
          <span>
            {step.rowsDone} / {step.rowsTotal}
          </span>
        </Space>
      ))}
    </Space>
  );
}

function useFigure() {
  const { i18n } = useTranslation();
  const site = useSite();
  return (unit: FigureUnit, value: number) =>
    unit === "money"
      ? formatMoney(value, site.currency, i18n.language)
      : unit === "area"
        ? formatArea(value)
        : String(value);
}

function Reconciliation({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const figure = useFigure();
  const sheetTotals = job.sheetTotals;
  if (!sheetTotals) return null;
  const rows = reconciliationRows(sheetTotals, job.systemTotals);
  const after = job.systemTotals !== null;
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Typography.Title level={5}>{t("admin.imports.reconciliation")}</Typography.Title>
      {after &&
        job.status === "committed" &&
        (job.differences.length === 0 && job.rowDifferenceCount === 0 ? (
          <Alert type="success" showIcon title={t("admin.imports.reconciled")} />
        ) : (
          <Alert
            type="warning"
            showIcon
            title={t("admin.imports.notReconciled", { count: job.differences.length })}
          />
        ))}
      <Table
        data-testid="import-reconciliation"
        rowKey={(row) => `${row.label}.${row.fee ?? ""}`}
        size="small"
        pagination={false}
        scroll={{ x: true }}
        style={{ maxWidth: 760 }}
        dataSource={rows}
        columns={[
          {
            title: t("admin.imports.figure"),
            key: "figure",
            render: (_, row) =>
              row.fee === undefined
                ? t(`admin.imports.totals.${row.label}`)
                : t("admin.imports.totals.arrearsByFee", { fee: row.fee }),
          },
          {
            title: t("admin.imports.inSheet"),
            key: "sheet",
            align: "right",
            render: (_, row) => figure(row.unit, row.sheet),
          },
          ...(after
            ? [
                {
                  title: t("admin.imports.inSystem"),
                  key: "system",
                  align: "right" as const,
                  render: (_: unknown, row: (typeof rows)[number]) =>
                    row.system === null ? "" : figure(row.unit, row.system),
                },
                {
                  title: t("admin.imports.difference"),
                  key: "difference",
                  align: "right" as const,
                  render: (_: unknown, row: (typeof rows)[number]) =>
                    row.matches || row.system === null ? (
                      <Tag color="green">{t("admin.imports.matches")}</Tag>
                    ) : (
                      <Tag color="red">{figure(row.unit, row.system - row.sheet)}</Tag>
                    ),
                },
              ]
            : []),
        ]}
      />
      {after && job.rowDifferenceCount > 0 && (
        <>
          <Typography.Title level={5}>
            {t("admin.imports.rowDifferences", { count: job.rowDifferenceCount })}
          </Typography.Title>
          <Table
            data-testid="import-row-differences"
            rowKey={(d) => `${d.sheet}.${d.row}.${d.figure}`}
            size="small"
            scroll={{ x: true }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={job.rowDifferences}
            columns={[
              {
                title: t("admin.imports.sheet"),
                key: "sheet",
                render: (_, d) => t(`admin.imports.sheetName.${d.sheet}`),
              },
              { title: t("admin.imports.row"), dataIndex: "row", key: "row" },
              {
                title: t("admin.imports.figure"),
                key: "figure",
                render: (_, d) => t(`admin.imports.totals.${d.figure}`, { defaultValue: d.figure }),
              },
              {
                title: t("admin.imports.inSheet"),
                key: "sheetValue",
                align: "right",
                render: (_, d) => figure(unitOf(d.figure), d.sheetValue),
              },
              {
                title: t("admin.imports.inSystem"),
                key: "systemValue",
                align: "right",
                render: (_, d) =>
                  d.missing ? (
                    <Tag color="red">{t("admin.imports.missing")}</Tag>
                  ) : (
                    figure(unitOf(d.figure), d.systemValue)
                  ),
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}

function FirstBills({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const site = useSite();
  const figure = useFigure();
  const bills = useQuery({
    queryKey: ["import-first-bills", site.id, job.id],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/imports/{importId}/first-bills", {
          params: { path: { siteId: site.id, importId: job.id } },
        }),
      ),
    // Billing hears of the leases just after the commit: ask again until it has them all.
    refetchInterval: (query) => ((query.state.data?.leasesPending ?? 0) > 0 ? 3000 : false),
  });
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Typography.Title level={5}>{t("admin.imports.firstBills")}</Typography.Title>
      {bills.error && <Alert type="error" showIcon title={showApiError(bills.error, t)} />}
      {bills.data && bills.data.leasesPending > 0 && (
        <Alert
          type="info"
          showIcon
          data-testid="import-first-bills-pending"
          title={t("admin.imports.firstBillsPending", {
            pending: bills.data.leasesPending,
            leases: bills.data.leases,
          })}
        />
      )}
      {bills.data && (
        <Typography.Text>
          {t("admin.imports.firstBillsSummary", {
            date: bills.data.throughDate,
            leases: bills.data.leasesBilled,
            bills: bills.data.billCount,
            amount: figure("money", bills.data.amountMinor),
          })}
        </Typography.Text>
      )}
      <Table
        data-testid="import-first-bills"
        rowKey={(b) => `${b.leaseId}.${b.feeCode}.${b.periodStart}`}
        size="small"
        loading={bills.isLoading}
        scroll={{ x: true }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={bills.data?.bills ?? []}
        locale={{ emptyText: t("common.empty") }}
        columns={[
          { title: t("admin.imports.lease"), dataIndex: "leaseId", key: "leaseId" },
          { title: t("admin.imports.feeCode"), dataIndex: "feeCode", key: "feeCode" },
          {
            title: t("admin.imports.period"),
            key: "period",
            render: (_, b) => `${b.periodStart} – ${b.periodEnd}`,
          },
          { title: t("admin.imports.dueDate"), dataIndex: "dueDate", key: "dueDate" },
          {
            title: t("admin.imports.amount"),
            key: "amount",
            align: "right",
            render: (_, b) => figure("money", b.amountMinor),
          },
        ]}
      />
    </Space>
  );
}
