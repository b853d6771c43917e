import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Result,
  Space,
  Spin,
  Table,
  Typography,
} from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError, api, newIdempotencyKey, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { useCan } from "../../auth/use-me";
import { formatInstant } from "../../format/dates";
import { decimalToMinor, formatMoney, minorDigits } from "../../format/money";
import { type Bill, feeName, useCustomerNames, useFeeItems } from "../cashier/data";
import { BillStatusTag } from "./Bills";

interface Entry {
  kind: string;
  amountMinor: number;
  reference: string;
  at: string;
  actor: string;
  reason: string;
}

const entryKinds = ["allocation", "allocation_reversed", "waiver"];

/** One bill: its figures, every movement on it, and a waiver request. */
export default function BillDetail() {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const can = useCan();
  const { billId = "" } = useParams();
  const names = useCustomerNames(site.id);
  const feeItems = useFeeItems();
  const bill = useQuery({
    queryKey: ["bill", site.id, billId],
    queryFn: async () =>
      (await unwrap(
        api.GET("/api/v1/sites/{siteId}/bills/{billId}", {
          params: { path: { siteId: site.id, billId } },
        }),
      )) as unknown as Bill & { entries: Entry[]; note: string | null },
  });
  if (bill.isLoading) return <Spin />;
  if (!bill.data)
    return (
      <Result
        status="warning"
        title={showApiError(bill.error, t) ?? t("errors.generic")}
        extra={<Link to={`/sites/${site.id}/billing`}>{t("billing.backToBills")}</Link>}
      />
    );
  const b = bill.data;
  const money = (minor: number) => formatMoney(minor, b.currency, i18n.language);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%", maxWidth: 960 }}>
      <Link to={`/sites/${site.id}/billing`}>← {t("billing.backToBills")}</Link>
      <Typography.Title level={3}>
        {t("billing.billTitle", {
          fee: feeName(feeItems.data, b.feeCode, i18n.language),
          period: `${b.periodStart} – ${b.periodEnd}`,
        })}
      </Typography.Title>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t("billing.customer")}>
          {names.data?.get(b.customerId) ?? b.customerId}
        </Descriptions.Item>
        <Descriptions.Item label={t("billing.status")}>
          <BillStatusTag bill={b} />
        </Descriptions.Item>
        <Descriptions.Item label={t("billing.issueDate")}>{b.issueDate}</Descriptions.Item>
        <Descriptions.Item label={t("billing.dueDate")}>{b.dueDate}</Descriptions.Item>
        <Descriptions.Item label={t("billing.amount")}>{money(b.amountMinor)}</Descriptions.Item>
        <Descriptions.Item label={t("billing.paid")}>{money(b.allocatedMinor)}</Descriptions.Item>
        <Descriptions.Item label={t("billing.waived")}>{money(b.waivedMinor)}</Descriptions.Item>
        <Descriptions.Item label={t("billing.balance")}>
          <strong data-testid="bill-balance">{money(b.balanceMinor)}</strong>
        </Descriptions.Item>
        {b.leaseId && can("leases.read", site.id) && (
          <Descriptions.Item label={t("billing.lease")}>
            <Link to={`/sites/${site.id}/leases/${b.leaseId}`}>{t("billing.openLease")}</Link>
          </Descriptions.Item>
        )}
        {b.note && <Descriptions.Item label={t("billing.note")}>{b.note}</Descriptions.Item>}
      </Descriptions>
      <Typography.Title level={5}>{t("billing.movements")}</Typography.Title>
      <Table<Entry>
        size="small"
        rowKey={(e) => `${e.kind}-${e.reference}-${e.at}`}
        dataSource={b.entries}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t("billing.noMovements") }}
        columns={[
          {
            title: t("billing.when"),
            dataIndex: "at",
            render: (iso: string) => formatInstant(iso, site.timeZone, i18n.language),
          },
          {
            title: t("billing.movement"),
            dataIndex: "kind",
            render: (kind: string) =>
              entryKinds.includes(kind) ? t(`billing.entryKinds.${kind}`) : kind,
          },
          {
            title: t("billing.amount"),
            dataIndex: "amountMinor",
            align: "right",
            render: (minor: number) => money(minor),
          },
          { title: t("billing.reference"), dataIndex: "reference" },
          { title: t("billing.reason"), dataIndex: "reason" },
        ]}
      />
      {can("billing.waive", site.id) && b.status === "open" && b.balanceMinor > 0 && (
        <WaiverForm bill={b} />
      )}
    </Space>
  );
}

function WaiverForm({ bill }: { bill: Bill }) {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const digits = minorDigits(bill.currency);
  const [form] = Form.useForm<{ amount: string; reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const waive = useMutation({
    mutationFn: (values: { amount: string; reason: string }) =>
      unwrap(
        api.POST("/api/v1/sites/{siteId}/bills/{billId}/waivers", {
          params: {
            path: { siteId: site.id, billId: bill.id },
            header: { "Idempotency-Key": key.current },
          },
          body: {
            amountMinor: decimalToMinor(values.amount, digits)!,
            reason: values.reason.trim(),
          },
        }),
      ),
    onSuccess: (waiver) => {
      key.current = newIdempotencyKey();
      setError(null);
      form.resetFields();
      message.success(
        waiver.status === "pending" ? t("billing.waiverPending") : t("billing.waiverApplied"),
      );
      void queryClient.invalidateQueries({ queryKey: ["bill", site.id, bill.id] });
      void queryClient.invalidateQueries({ queryKey: ["bills", site.id] });
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.status < 500) key.current = newIdempotencyKey();
      setError(showApiError(failure, t, form));
    },
  });
  return (
    <Card size="small" title={t("billing.requestWaiver")} style={{ maxWidth: 480 }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => {
          if (waive.isPending) return;
          setError(null);
          waive.mutate(values);
        }}
      >
        <Form.Item
          name="amount"
          label={t("billing.waiverAmount", {
            max: formatMoney(bill.balanceMinor, bill.currency, i18n.language),
          })}
          rules={[
            { required: true, message: t("billing.amountRequired") },
            {
              validator: (_, value: string) => {
                if (!value) return Promise.resolve();
                const minor = decimalToMinor(value, digits);
                if (minor === null || minor <= 0)
                  return Promise.reject(new Error(t("billing.amountInvalid")));
                if (minor > bill.balanceMinor)
                  return Promise.reject(new Error(t("billing.overBalance")));
                return Promise.resolve();
              },
            },
          ]}
        >
          <Input inputMode="decimal" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t("billing.reason")}
          rules={[{ required: true, whitespace: true, message: t("billing.reasonRequired") }]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button
          type="primary"
          htmlType="submit"
          loading={waive.isPending}
          disabled={waive.isPending}
        >
          {t("billing.submitWaiver")}
        </Button>
      </Form>
    </Card>
  );
}
