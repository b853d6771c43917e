import { DownloadOutlined, InboxOutlined, PlusOutlined } from "@ant-design/icons";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Select,
  Space,
  Spin,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { downloadFile } from "../../api/download";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { formatInstant, todayAt } from "../../format/dates";
import { ImportDetail, useImport } from "./ImportDetail";
import { type ImportJob, statusColour, wizardStep, workbookLanguage } from "./imports";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * The go-live import wizard: the template, the upload (a dry run with every error), the commit
 * with its progress, then the reconciliation, the first bills and the rollback; past imports.
 */
export default function ImportsScreen() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const site = useSite();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get("import");
  const select = (id: string | null) => setParams(id ? { import: id } : {}, { replace: false });

  const [lang, setLang] = useState<"zh" | "en">(workbookLanguage(i18n.language));
  const [goLiveDate, setGoLiveDate] = useState(() => todayAt(site.timeZone));
  const [downloading, setDownloading] = useState(false);
  const selected = useImport(site.id, selectedId);
  const step = wizardStep(selectedId ? (selected.data ?? null) : null);

  const history = useInfiniteQuery({
    queryKey: ["imports", site.id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/imports", {
          params: { path: { siteId: site.id }, query: { limit: 20, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const past = useMemo(() => history.data?.pages.flatMap((p) => p.items) ?? [], [history.data]);

  const upload = useMutation({
    mutationFn: (file: File) =>
      unwrap(
        api.POST("/api/v1/sites/{siteId}/imports", {
          params: { path: { siteId: site.id }, query: { goLiveDate, fileName: file.name } },
          body: file as unknown as string,
          bodySerializer: (body) => body,
          headers: { "Content-Type": file.type || XLSX },
        }),
      ),
    onSuccess: (job) => {
      queryClient.setQueryData(["import", site.id, job.id], job);
      void queryClient.invalidateQueries({ queryKey: ["imports", site.id] });
      message.info(t("admin.imports.uploaded", { status: t(`admin.imports.state.${job.status}`) }));
      select(job.id);
    },
    onError: (error) => message.error(showApiError(error, t)),
  });

  const downloadTemplate = async () => {
    setDownloading(true);
    try {
      await downloadFile(
        `/api/v1/sites/${encodeURIComponent(site.id)}/imports/template?lang=${lang}`,
        `${site.code}_import-template.xlsx`,
      );
    } catch (error) {
      message.error(showApiError(error, t) ?? t("admin.imports.downloadFailed"));
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3}>{t("admin.imports.title")}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t("admin.imports.intro")}
      </Typography.Paragraph>
      <Steps
        current={step.current}
        status={step.status}
        items={[
          { title: t("admin.imports.stepTemplate") },
          { title: t("admin.imports.stepUpload") },
          { title: t("admin.imports.stepCommit") },
          { title: t("admin.imports.stepReconcile") },
        ]}
      />
      {!selectedId && (
        <Space align="start" wrap size="middle">
          <Card size="small" title={t("admin.imports.stepTemplate")} style={{ width: 380 }}>
            <Form layout="vertical">
              <Form.Item label={t("admin.imports.templateLanguage")}>
                <Select
                  aria-label={t("admin.imports.templateLanguage")}
                  value={lang}
                  onChange={setLang}
                  options={[
                    { value: "zh", label: t("admin.imports.langZh") },
                    { value: "en", label: t("admin.imports.langEn") },
                  ]}
                />
              </Form.Item>
              <Button icon={<DownloadOutlined />} loading={downloading} onClick={downloadTemplate}>
                {t("admin.imports.downloadTemplate")}
              </Button>
            </Form>
          </Card>
          <Card size="small" title={t("admin.imports.stepUpload")} style={{ width: 480 }}>
            <Form layout="vertical">
              <Form.Item label={t("admin.imports.goLiveDate")} htmlFor="import-go-live">
                <DatePicker
                  id="import-go-live"
                  format="YYYY-MM-DD"
                  allowClear={false}
                  value={dayjs(goLiveDate)}
                  onChange={(value) => value && setGoLiveDate(value.format("YYYY-MM-DD"))}
                />
              </Form.Item>
              <Spin spinning={upload.isPending} description={t("admin.imports.uploading")}>
                <Upload.Dragger
                  accept=".xlsx"
                  multiple={false}
                  showUploadList={false}
                  disabled={upload.isPending}
                  beforeUpload={(file) => {
                    upload.mutate(file);
                    return false;
                  }}
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t("admin.imports.upload")}</p>
                  <p className="ant-upload-hint">{t("admin.imports.uploadHint")}</p>
                </Upload.Dragger>
              </Spin>
            </Form>
          </Card>
        </Space>
      )}
      {selectedId && (
        <Card
          size="small"
          title={t("admin.imports.current")}
          extra={
            <Button icon={<PlusOutlined />} onClick={() => select(null)}>
              {t("admin.imports.newImport")}
            </Button>
          }
        >
          {selected.error && (
            <Alert type="error" showIcon title={showApiError(selected.error, t)} />
          )}
          {selected.isLoading && <Spin />}
          {selected.data && <ImportDetail job={selected.data} onUploadAgain={() => select(null)} />}
        </Card>
      )}
      <Card size="small" title={t("admin.imports.history")}>
        {history.error && <Alert type="error" showIcon title={showApiError(history.error, t)} />}
        <Table<ImportJob>
          rowKey="id"
          size="small"
          loading={history.isLoading}
          dataSource={past}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: t("common.empty") }}
          rowClassName={(job) => (job.id === selectedId ? "ant-table-row-selected" : "")}
          columns={[
            {
              title: t("admin.imports.createdAt"),
              key: "createdAt",
              render: (_, job) => formatInstant(job.createdAt, site.timeZone, i18n.language),
            },
            { title: t("admin.imports.fileName"), dataIndex: "fileName", key: "fileName" },
            { title: t("admin.imports.goLiveDate"), dataIndex: "goLiveDate", key: "goLiveDate" },
            {
              title: t("admin.imports.status"),
              key: "status",
              render: (_, job) => (
                <Tag color={statusColour[job.status]}>{t(`admin.imports.state.${job.status}`)}</Tag>
              ),
            },
            {
              title: t("admin.imports.counts"),
              key: "counts",
              render: (_, job) =>
                `${t("admin.imports.countOf.units")} ${job.counts.units} · ${t("admin.imports.countOf.leases")} ${job.counts.leases}`,
            },
            {
              title: t("admin.imports.errorCount"),
              key: "errors",
              render: (_, job) => job.errorCount,
            },
            {
              title: t("admin.imports.actions"),
              key: "actions",
              render: (_, job) => (
                <Button size="small" onClick={() => select(job.id)}>
                  {t("admin.imports.open")}
                </Button>
              ),
            },
          ]}
        />
        {history.hasNextPage && (
          <Button
            style={{ marginTop: 8 }}
            loading={history.isFetchingNextPage}
            onClick={() => void history.fetchNextPage()}
          >
            {t("actions.more")}
          </Button>
        )}
      </Card>
    </Space>
  );
}
