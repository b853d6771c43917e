import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, newIdempotencyKey, type Paths, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { useCan } from "../../auth/use-me";
import { formatMoney } from "../../format/money";
import { useCustomerSearch } from "./data";

type BankLine =
  Paths["/api/v1/sites/{siteId}/bank-lines"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
type Status = BankLine["status"];

const statuses: Status[] = ["unmatched", "matched", "resolved", "dismissed", "pending"];
const statusColours: Record<Status, string> = {
  unmatched: "orange",
  matched: "green",
  resolved: "blue",
  dismissed: "default",
  pending: "purple",
};

/**
 * The bank statement lines the ERP posted for the site: those it could not match to a bill,
 * lease or customer wait here until a cashier makes each a payment or sets it aside.
 */
export function BankLines() {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const can = useCan();
  const [status, setStatus] = useState<Status | undefined>("unmatched");
  const [resolving, setResolving] = useState<BankLine | null>(null);
  const [dismissing, setDismissing] = useState<BankLine | null>(null);
  const pages = useInfiniteQuery({
    queryKey: ["bank-lines", site.id, status],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/bank-lines", {
          params: { path: { siteId: site.id }, query: { limit: 50, cursor: pageParam, status } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const mayWork = can("payments.record", site.id);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Paragraph type="secondary">{t("cashier.bank.intro")}</Typography.Paragraph>
      <Select
        aria-label={t("cashier.bank.status")}
        style={{ width: 200 }}
        allowClear
        placeholder={t("cashier.bank.allStatuses")}
        value={status}
        onChange={(value) => setStatus(value)}
        options={statuses.map((s) => ({ value: s, label: t(`cashier.bank.statuses.${s}`) }))}
      />
      <Table<BankLine>
        rowKey="id"
        size="small"
        loading={pages.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t("cashier.bank.valueDate"), dataIndex: "valueDate" },
          {
            title: t("cashier.amountShort"),
            dataIndex: "amountMinor",
            align: "right",
            render: (minor: number) => formatMoney(minor, site.currency, i18n.language),
          },
          { title: t("cashier.bank.payer"), dataIndex: "payerName" },
          { title: t("cashier.bank.account"), dataIndex: "payerAccount" },
          { title: t("cashier.bank.reference"), dataIndex: "reference" },
          {
            title: t("cashier.bank.status"),
            dataIndex: "status",
            render: (s: Status) => (
              <Tag color={statusColours[s]}>{t(`cashier.bank.statuses.${s}`)}</Tag>
            ),
          },
          { title: t("cashier.receiptNumber"), dataIndex: "receiptNumber" },
          ...(mayWork
            ? [
                {
                  title: t("cashier.bank.actions"),
                  key: "actions",
                  render: (_: unknown, line: BankLine) =>
                    line.status === "unmatched" && (
                      <Space>
                        <Button size="small" type="primary" onClick={() => setResolving(line)}>
                          {t("cashier.bank.resolve")}
                        </Button>
                        <Button size="small" onClick={() => setDismissing(line)}>
                          {t("cashier.bank.dismiss")}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      {pages.hasNextPage && (
        <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
          {t("actions.more")}
        </Button>
      )}
      <ResolveModal line={resolving} onClose={() => setResolving(null)} />
      <DismissModal line={dismissing} onClose={() => setDismissing(null)} />
    </Space>
  );
}

/** Invalidates what a worked line changes, and tells the cashier. */
function useWorked() {
  const site = useSite();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ["bank-lines", site.id] });
    void queryClient.invalidateQueries({ queryKey: ["payments", site.id] });
    void queryClient.invalidateQueries({ queryKey: ["bills", site.id] });
  };
}

function ResolveModal({ line, onClose }: { line: BankLine | null; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const { message } = App.useApp();
  const worked = useWorked();
  const [form] = Form.useForm<{ customerId: string }>();
  const [typed, setTyped] = useState("");
  const search = useCustomerSearch(site.id, typed);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const resolve = useMutation({
    mutationFn: (customerId: string) =>
      unwrap(
        api.POST("/api/v1/sites/{siteId}/bank-lines/{bankLineId}/resolution", {
          params: {
            path: { siteId: site.id, bankLineId: line!.id },
            header: { "Idempotency-Key": key.current },
          },
          body: { customerId },
        }),
      ),
    onSuccess: (resolved) => {
      key.current = newIdempotencyKey();
      message.success(t("cashier.bank.resolved", { receipt: resolved.receiptNumber ?? "" }));
      worked();
      form.resetFields();
      onClose();
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.status < 500) key.current = newIdempotencyKey();
      setError(showApiError(failure, t, form));
    },
  });
  return (
    <Modal
      open={line !== null}
      title={t("cashier.bank.resolveTitle", {
        amount: line ? formatMoney(line.amountMinor, site.currency, i18n.language) : "",
      })}
      onCancel={onClose}
      okText={t("cashier.bank.resolve")}
      okButtonProps={{ loading: resolve.isPending, disabled: resolve.isPending }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {line?.payerName} · {line?.reference}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => {
          if (resolve.isPending) return;
          setError(null);
          resolve.mutate(values.customerId);
        }}
      >
        <Form.Item
          name="customerId"
          label={t("cashier.customer")}
          rules={[{ required: true, message: t("cashier.bank.customerRequired") }]}
        >
          <Select
            aria-label={t("cashier.customer")}
            showSearch={{ filterOption: false, onSearch: setTyped }}
            placeholder={t("cashier.customerSearch")}
            options={(search.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

function DismissModal({ line, onClose }: { line: BankLine | null; onClose(): void }) {
  const { t } = useTranslation();
  const site = useSite();
  const { message } = App.useApp();
  const worked = useWorked();
  const [form] = Form.useForm<{ note: string }>();
  const [error, setError] = useState<string | null>(null);
  const dismiss = useMutation({
    mutationFn: (note: string) =>
      unwrap(
        api.POST("/api/v1/sites/{siteId}/bank-lines/{bankLineId}/dismissal", {
          params: { path: { siteId: site.id, bankLineId: line!.id } },
          body: { note },
        }),
      ),
    onSuccess: () => {
      message.success(t("cashier.bank.dismissed"));
      worked();
      form.resetFields();
      onClose();
    },
    onError: (failure) => setError(showApiError(failure, t, form)),
  });
  return (
    <Modal
      open={line !== null}
      title={t("cashier.bank.dismissTitle")}
      onCancel={onClose}
      okText={t("cashier.bank.dismiss")}
      okButtonProps={{ loading: dismiss.isPending, disabled: dismiss.isPending }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => {
          if (dismiss.isPending) return;
          setError(null);
          dismiss.mutate(values.note.trim());
        }}
      >
        <Form.Item
          name="note"
          label={t("cashier.bank.note")}
          rules={[{ required: true, whitespace: true, message: t("cashier.bank.noteRequired") }]}
        >
          <Input.TextArea rows={3} maxLength={500} autoFocus />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
