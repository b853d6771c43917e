import { PrinterOutlined } from "@ant-design/icons";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from "antd";
import type { Dayjs } from "dayjs";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, api, newIdempotencyKey, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { useCan } from "../../auth/use-me";
import { formatInstant } from "../../format/dates";
import { decimalToMinor, formatMoney, minorDigits } from "../../format/money";
import { BankLines } from "./BankLines";
import { Deposits } from "./Deposits";
import {
  type Payment,
  type PaymentMethod,
  paymentMethods,
  printReceipt,
  useCustomerNames,
  useCustomerSearch,
} from "./data";

/** The payment journal, a payment's detail (reverse, print), refunds and lease deposits. */
export default function Payments() {
  const { t } = useTranslation();
  const site = useSite();
  const can = useCan();
  const [tab, setTab] = useState("journal");
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3}>{t("cashier.paymentsTitle")}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: "journal", label: t("cashier.journal"), children: <Journal /> },
          {
            key: "deposits",
            label: t("cashier.deposits"),
            children: <Deposits />,
          },
          ...(can("payments.refund", site.id)
            ? [{ key: "refund", label: t("cashier.refundTab"), children: <RefundForm /> }]
            : []),
          { key: "bank", label: t("cashier.bankTab"), children: <BankLines /> },
        ]}
      />
    </Space>
  );
}

function Journal() {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const names = useCustomerNames(site.id);
  const [typed, setTyped] = useState("");
  const search = useCustomerSearch(site.id, typed);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const from = range?.[0]?.format("YYYY-MM-DD");
  const to = range?.[1]?.format("YYYY-MM-DD");
  const pages = useInfiniteQuery({
    queryKey: ["payments", site.id, customerId, from, to],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/payments", {
          params: {
            path: { siteId: site.id },
            query: {
              limit: 50,
              cursor: pageParam,
              customerId: customerId ?? undefined,
              from,
              to,
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const money = (minor: number) => formatMoney(minor, site.currency, i18n.language);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space wrap>
        <Select
          aria-label={t("cashier.customer")}
          placeholder={t("cashier.customer")}
          allowClear
          style={{ width: 260 }}
          showSearch={{ filterOption: false, onSearch: setTyped }}
          value={customerId}
          onChange={(value) => setCustomerId(value ?? null)}
          options={(search.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        <DatePicker.RangePicker
          aria-label={t("cashier.dates")}
          value={range}
          onChange={(value) => setRange(value)}
          allowEmpty={[true, true]}
        />
        <Button onClick={() => void pages.refetch()}>{t("actions.refresh")}</Button>
      </Space>
      <Table<Payment>
        size="small"
        rowKey="id"
        loading={pages.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        onRow={(row) => ({ onClick: () => setOpenId(row.id) })}
        columns={[
          {
            title: t("cashier.receiptNumber"),
            dataIndex: "receiptNumber",
            render: (text: string, row) => (
              <Button type="link" size="small" onClick={() => setOpenId(row.id)}>
                {text}
              </Button>
            ),
          },
          {
            title: t("cashier.receivedAt"),
            dataIndex: "receivedAt",
            render: (iso: string) => formatInstant(iso, site.timeZone, i18n.language),
          },
          {
            title: t("cashier.customer"),
            dataIndex: "customerId",
            render: (id: string) => names.data?.get(id) ?? id,
          },
          { title: t("cashier.lease"), dataIndex: "leaseReference" },
          {
            title: t("cashier.method"),
            dataIndex: "method",
            render: (m: PaymentMethod) => t(`cashier.methods.${m}`),
          },
          {
            title: t("cashier.amountShort"),
            dataIndex: "amountMinor",
            align: "right",
            render: (minor: number) => money(minor),
          },
          {
            title: t("cashier.status"),
            dataIndex: "status",
            render: (status: string) => <StatusTag status={status} />,
          },
        ]}
      />
      {pages.hasNextPage && (
        <Button loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
          {t("actions.more")}
        </Button>
      )}
      <PaymentDrawer paymentId={openId} onClose={() => setOpenId(null)} />
    </Space>
  );
}

function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === "reversed" ? "red" : "green"}>
      {status === "reversed" || status === "recorded" ? t(`cashier.statuses.${status}`) : status}
    </Tag>
  );
}

function PaymentDrawer({ paymentId, onClose }: { paymentId: string | null; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const can = useCan();
  const { message } = App.useApp();
  const names = useCustomerNames(site.id);
  const [reversing, setReversing] = useState(false);
  const [printing, setPrinting] = useState(false);
  const payment = useQuery({
    queryKey: ["payment", site.id, paymentId],
    enabled: paymentId !== null,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/payments/{paymentId}", {
          params: { path: { siteId: site.id, paymentId: paymentId! } },
        }),
      ),
  });
  const p = payment.data as
    | (Payment & { payer?: string; reversalReason?: string | null })
    | undefined;
  const money = (minor: number) => formatMoney(minor, site.currency, i18n.language);
  const print = async () => {
    if (!p) return;
    setPrinting(true);
    try {
      await printReceipt(site.id, p.id);
    } catch (failure) {
      message.error(showApiError(failure, t) ?? t("errors.generic"));
    } finally {
      setPrinting(false);
    }
  };

  return (
    <Drawer
      open={paymentId !== null}
      onClose={onClose}
      title={t("cashier.paymentDetail")}
      size={520}
      loading={payment.isLoading}
      extra={
        p && (
          <Space>
            <Button icon={<PrinterOutlined />} loading={printing} onClick={() => void print()}>
              {t("cashier.printReceipt")}
            </Button>
            {p.status === "recorded" && can("payments.reverse", site.id) && (
              <Button danger onClick={() => setReversing(true)}>
                {t("cashier.reverse")}
              </Button>
            )}
          </Space>
        )
      }
    >
      {p && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("cashier.receiptNumber")}>
              {p.receiptNumber}
            </Descriptions.Item>
            <Descriptions.Item label={t("cashier.status")}>
              <StatusTag status={p.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t("cashier.customer")}>
              {names.data?.get(p.customerId) ?? p.customerId}
            </Descriptions.Item>
            {p.payer && <Descriptions.Item label={t("cashier.payer")}>{p.payer}</Descriptions.Item>}
            <Descriptions.Item label={t("cashier.lease")}>
              {p.leaseReference || t("common.none")}
            </Descriptions.Item>
            <Descriptions.Item label={t("cashier.amountShort")}>
              {money(p.amountMinor)}
            </Descriptions.Item>
            <Descriptions.Item label={t("cashier.method")}>
              {t(`cashier.methods.${p.method}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("cashier.receivedAt")}>
              {formatInstant(p.receivedAt, site.timeZone, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t("cashier.cashierName")}>
              {p.recordedByName || t("common.none")}
            </Descriptions.Item>
            <Descriptions.Item label={t("cashier.prepaid")}>
              {money(p.prepaidMinor)}
            </Descriptions.Item>
            {p.reversalReason && (
              <Descriptions.Item label={t("cashier.reversalReason")}>
                {p.reversalReason}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t("cashier.allocations")}
          </Typography.Title>
          <Table
            size="small"
            rowKey="billId"
            pagination={false}
            dataSource={p.allocations}
            locale={{ emptyText: t("common.none") }}
            columns={[
              {
                title: t("cashier.bill"),
                dataIndex: "billId",
                render: (billId: string) => (
                  <Link to={`/sites/${site.id}/bills/${billId}`}>{billId}</Link>
                ),
              },
              {
                title: t("cashier.amountShort"),
                dataIndex: "amountMinor",
                align: "right",
                render: (minor: number) => money(minor),
              },
            ]}
          />
          <ReverseModal payment={reversing ? p : null} onClose={() => setReversing(false)} />
        </>
      )}
    </Drawer>
  );
}

function ReverseModal({ payment, onClose }: { payment: Payment | null; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const reverse = useMutation({
    mutationFn: (reason: string) =>
      unwrap(
        api.POST("/api/v1/sites/{siteId}/payments/{paymentId}/reversal", {
          params: {
            path: { siteId: site.id, paymentId: payment!.id },
            header: { "Idempotency-Key": key.current },
          },
          body: { reason },
        }),
      ),
    onSuccess: () => {
      key.current = newIdempotencyKey();
      message.success(t("cashier.reversed"));
      void queryClient.invalidateQueries({ queryKey: ["payments", site.id] });
      void queryClient.invalidateQueries({ queryKey: ["payment", site.id] });
      void queryClient.invalidateQueries({ queryKey: ["bills", site.id] });
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
      open={payment !== null}
      title={t("cashier.reverseTitle", { receipt: payment?.receiptNumber ?? "" })}
      onCancel={onClose}
      okText={t("cashier.reverse")}
      okButtonProps={{ danger: true, loading: reverse.isPending, disabled: reverse.isPending }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t("cashier.reverseWarning", {
          amount: payment ? formatMoney(payment.amountMinor, site.currency, i18n.language) : "",
        })}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => {
          if (reverse.isPending) return;
          setError(null);
          reverse.mutate(values.reason.trim());
        }}
      >
        <Form.Item
          name="reason"
          label={t("cashier.reason")}
          rules={[{ required: true, whitespace: true, message: t("cashier.reasonRequired") }]}
        >
          <Input.TextArea rows={3} maxLength={500} autoFocus />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

interface RefundValues {
  customerId: string;
  amount: string;
  method: PaymentMethod;
  reason: string;
}

/** Pays back (part of) a customer's prepayment. */
function RefundForm() {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const digits = minorDigits(site.currency);
  const [form] = Form.useForm<RefundValues>();
  const [typed, setTyped] = useState("");
  const search = useCustomerSearch(site.id, typed);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const refund = useMutation({
    mutationFn: (values: RefundValues) =>
      unwrap(
        api.POST("/api/v1/sites/{siteId}/refunds", {
          params: { path: { siteId: site.id }, header: { "Idempotency-Key": key.current } },
          body: {
            customerId: values.customerId,
            amountMinor: decimalToMinor(values.amount, digits)!,
            method: values.method,
            reason: values.reason.trim(),
          },
        }),
      ),
    onSuccess: (_, values) => {
      key.current = newIdempotencyKey();
      message.success(
        t("cashier.refunded", {
          amount: formatMoney(decimalToMinor(values.amount, digits)!, site.currency, i18n.language),
        }),
      );
      void queryClient.invalidateQueries({ queryKey: ["payments", site.id] });
      form.resetFields();
      setError(null);
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.status < 500) key.current = newIdempotencyKey();
      setError(showApiError(failure, t, form));
    },
  });
  return (
    <Form<RefundValues>
      form={form}
      layout="vertical"
      style={{ maxWidth: 480 }}
      initialValues={{ method: "bank_transfer" }}
      onFinish={(values) => {
        if (refund.isPending) return;
        setError(null);
        refund.mutate(values);
      }}
    >
      <Typography.Paragraph type="secondary">{t("cashier.refundHint")}</Typography.Paragraph>
      <Form.Item name="customerId" label={t("cashier.customer")} rules={[{ required: true }]}>
        <Select
          showSearch={{ filterOption: false, onSearch: setTyped }}
          placeholder={t("cashier.customerSearch")}
          options={(search.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
      </Form.Item>
      <Form.Item
        name="amount"
        label={t("cashier.refundAmount", { currency: site.currency })}
        rules={[
          { required: true, message: t("cashier.amountRequired") },
          {
            validator: (_, value: string) => {
              if (!value) return Promise.resolve();
              const minor = decimalToMinor(value, digits);
              return minor !== null && minor > 0
                ? Promise.resolve()
                : Promise.reject(new Error(t("cashier.amountInvalid")));
            },
          },
        ]}
      >
        <Input inputMode="decimal" autoComplete="off" />
      </Form.Item>
      <Form.Item name="method" label={t("cashier.method")} rules={[{ required: true }]}>
        <Select
          options={paymentMethods.map((m) => ({ value: m, label: t(`cashier.methods.${m}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t("cashier.reason")}
        rules={[{ required: true, whitespace: true, message: t("cashier.reasonRequired") }]}
      >
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Button
        type="primary"
        htmlType="submit"
        loading={refund.isPending}
        disabled={refund.isPending}
      >
        {t("cashier.refund")}
      </Button>
    </Form>
  );
}
