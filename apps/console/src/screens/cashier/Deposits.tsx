import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, newIdempotencyKey, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { useCan } from "../../auth/use-me";
import { formatInstant } from "../../format/dates";
import { decimalToMinor, formatMoney, minorDigits } from "../../format/money";
import {
  fetchLeases,
  type Lease,
  type PaymentMethod,
  paymentMethods,
  useCustomerNames,
} from "./data";

const depositTypes = ["received", "applied", "refunded", "forfeited"];

/** A lease's deposit: its ledger, taking a deposit, and settling it once the lease has ended. */
export function Deposits() {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const can = useCan();
  const names = useCustomerNames(site.id);
  const leases = useQuery({
    queryKey: ["leases-all", site.id],
    queryFn: () => fetchLeases(site.id),
  });
  const [leaseId, setLeaseId] = useState<string | null>(null);
  const lease = leases.data?.find((l) => l.id === leaseId) ?? null;
  const ledger = useQuery({
    queryKey: ["deposits", site.id, leaseId],
    enabled: leaseId !== null,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/leases/{leaseId}/deposits", {
          params: { path: { siteId: site.id, leaseId: leaseId! } },
        }),
      ),
  });
  const money = (minor: number) => formatMoney(minor, site.currency, i18n.language);
  const ended = lease?.status === "terminated" || lease?.status === "expired";

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Select
        aria-label={t("cashier.lease")}
        placeholder={t("cashier.pickLease")}
        style={{ width: 420, maxWidth: "100%" }}
        showSearch={{ optionFilterProp: "label" }}
        loading={leases.isLoading}
        value={leaseId}
        onChange={setLeaseId}
        options={(leases.data ?? []).map((l) => ({
          value: l.id,
          label: `${l.reference} · ${names.data?.get(l.customerId) ?? ""} · ${t(`cashier.leaseStatus.${l.status}`)}`,
        }))}
      />
      {lease && (
        <>
          <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t("cashier.customer")}>
              {names.data?.get(lease.customerId) ?? lease.customerId}
            </Descriptions.Item>
            <Descriptions.Item label={t("cashier.leasePeriod")}>
              {`${lease.startDate} – ${lease.endDate}`}
            </Descriptions.Item>
            <Descriptions.Item label={t("cashier.depositHeld")}>
              <strong data-testid="deposit-held">
                {ledger.data ? money(ledger.data.heldMinor) : "…"}
              </strong>
            </Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey="id"
            loading={ledger.isLoading}
            dataSource={ledger.data?.entries ?? []}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              {
                title: t("cashier.when"),
                dataIndex: "createdAt",
                render: (iso: string) => formatInstant(iso, site.timeZone, i18n.language),
              },
              {
                title: t("cashier.depositType"),
                dataIndex: "type",
                render: (type: string) =>
                  depositTypes.includes(type) ? t(`cashier.depositTypes.${type}`) : type,
              },
              {
                title: t("cashier.amountShort"),
                dataIndex: "amountMinor",
                align: "right",
                render: (minor: number) => money(minor),
              },
              { title: t("cashier.reference"), dataIndex: "reference" },
            ]}
          />
          <Space wrap align="start" size="middle">
            {can("payments.record", site.id) && lease.status !== "draft" && (
              <TakeDeposit lease={lease} />
            )}
            {can("payments.refund", site.id) && ended && (ledger.data?.heldMinor ?? 0) > 0 && (
              <SettleDeposit lease={lease} />
            )}
          </Space>
          {!ended && can("payments.refund", site.id) && (
            <Typography.Text type="secondary">{t("cashier.settleAfterEnd")}</Typography.Text>
          )}
        </>
      )}
    </Space>
  );
}

interface TakeValues {
  amount: string;
  method: PaymentMethod;
  reference?: string;
}

function TakeDeposit({ lease }: { lease: Lease }) {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const digits = minorDigits(site.currency);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TakeValues>();
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const take = useMutation({
    mutationFn: (values: TakeValues) =>
      unwrap(
        api.POST("/api/v1/sites/{siteId}/leases/{leaseId}/deposits", {
          params: {
            path: { siteId: site.id, leaseId: lease.id },
            header: { "Idempotency-Key": key.current },
          },
          body: {
            customerId: lease.customerId,
            method: values.method,
            amountMinor: decimalToMinor(values.amount, digits)!,
            receivedAt: new Date().toISOString(),
            ...(values.reference?.trim() ? { reference: values.reference.trim() } : {}),
          },
        }),
      ),
    onSuccess: (_, values) => {
      key.current = newIdempotencyKey();
      message.success(
        t("cashier.depositTaken", {
          amount: formatMoney(decimalToMinor(values.amount, digits)!, site.currency, i18n.language),
        }),
      );
      form.resetFields();
      setError(null);
      void queryClient.invalidateQueries({ queryKey: ["deposits", site.id, lease.id] });
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.status < 500) key.current = newIdempotencyKey();
      setError(showApiError(failure, t, form));
    },
  });
  return (
    <Card size="small" title={t("cashier.takeDeposit")} style={{ width: 360 }}>
      <Form<TakeValues>
        form={form}
        layout="vertical"
        initialValues={{ method: "bank_transfer" }}
        onFinish={(values) => {
          if (take.isPending) return;
          setError(null);
          take.mutate(values);
        }}
      >
        <Form.Item
          name="amount"
          label={t("cashier.amount", { currency: site.currency })}
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
        <Form.Item name="reference" label={t("cashier.reference")}>
          <Input maxLength={100} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={take.isPending} disabled={take.isPending}>
          {t("cashier.takeDeposit")}
        </Button>
      </Form>
    </Card>
  );
}

interface SettleValues {
  forfeitRemainder: boolean;
  refundMethod: PaymentMethod;
  note?: string;
}

interface Settlement {
  appliedMinor: number;
  refundedMinor: number;
  forfeitedMinor: number;
}

function SettleDeposit({ lease }: { lease: Lease }) {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SettleValues>();
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Settlement | null>(null);
  const key = useRef(newIdempotencyKey());
  const forfeit = Form.useWatch("forfeitRemainder", form);
  const money = (minor: number) => formatMoney(minor, site.currency, i18n.language);
  const settle = useMutation({
    mutationFn: (values: SettleValues) =>
      unwrap(
        api.POST("/api/v1/sites/{siteId}/leases/{leaseId}/deposits/settlement", {
          params: {
            path: { siteId: site.id, leaseId: lease.id },
            header: { "Idempotency-Key": key.current },
          },
          body: {
            forfeitRemainder: values.forfeitRemainder,
            ...(values.forfeitRemainder ? {} : { refundMethod: values.refundMethod }),
            ...(values.note?.trim() ? { note: values.note.trim() } : {}),
          },
        }),
      ),
    onSuccess: (answer) => {
      key.current = newIdempotencyKey();
      setResult(answer as unknown as Settlement);
      setError(null);
      void queryClient.invalidateQueries({ queryKey: ["deposits", site.id, lease.id] });
      void queryClient.invalidateQueries({ queryKey: ["bills", site.id] });
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.status < 500) key.current = newIdempotencyKey();
      setError(showApiError(failure, t, form));
    },
  });
  return (
    <Card size="small" title={t("cashier.settleDeposit")} style={{ width: 380 }}>
      <Typography.Paragraph type="secondary">{t("cashier.settleHint")}</Typography.Paragraph>
      <Form<SettleValues>
        form={form}
        layout="vertical"
        initialValues={{ forfeitRemainder: false, refundMethod: "bank_transfer" }}
        onFinish={(values) => {
          if (settle.isPending) return;
          setError(null);
          settle.mutate(values);
        }}
      >
        <Form.Item name="forfeitRemainder" label={t("cashier.forfeit")} valuePropName="checked">
          <Switch />
        </Form.Item>
        {!forfeit && (
          <Form.Item name="refundMethod" label={t("cashier.refundMethod")}>
            <Select
              options={paymentMethods.map((m) => ({ value: m, label: t(`cashier.methods.${m}`) }))}
            />
          </Form.Item>
        )}
        <Form.Item name="note" label={t("cashier.note")}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button
          type="primary"
          htmlType="submit"
          loading={settle.isPending}
          disabled={settle.isPending}
        >
          {t("cashier.settle")}
        </Button>
      </Form>
      {result && (
        <Descriptions size="small" column={1} bordered style={{ marginTop: 12 }}>
          <Descriptions.Item label={t("cashier.settledApplied")}>
            {money(result.appliedMinor)}
          </Descriptions.Item>
          <Descriptions.Item label={t("cashier.settledRefunded")}>
            {money(result.refundedMinor)}
          </Descriptions.Item>
          <Descriptions.Item label={t("cashier.settledForfeited")}>
            {money(result.forfeitedMinor)}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
