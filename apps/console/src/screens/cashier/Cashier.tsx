import { PrinterOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  type InputRef,
  Result,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, newIdempotencyKey, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { decimalToMinor, formatMoney, minorDigits, minorToDecimal } from "../../format/money";
import { type AllocationProblem, checkAllocation, defaultSplit, type Split } from "./allocation";
import {
  type Bill,
  type Customer,
  feeName,
  fetchOpenBills,
  type Payment,
  type PaymentMethod,
  paymentMethods,
  printReceipt,
  useCustomerSearch,
  useFeeItems,
} from "./data";

/** The split the cashier entered cannot be recorded as it stands (nothing was sent). */
class SplitRefused extends Error {}

interface FormValues {
  amount: string;
  method: PaymentMethod;
  receivedAt: Dayjs | null;
  payer?: string;
  reference?: string;
}

/** Take money from a customer: their open bills, the split over them, the receipt. */
export default function Cashier() {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const digits = minorDigits(site.currency);
  const money = (minor: number) => formatMoney(minor, site.currency, i18n.language);
  const [form] = Form.useForm<FormValues>();
  const [typed, setTyped] = useState("");
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [edited, setEdited] = useState<Record<string, string> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Payment | null>(null);
  const [paidBills, setPaidBills] = useState<Bill[]>([]);
  const [printing, setPrinting] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());
  const search = useCustomerSearch(site.id, typed);
  const feeItems = useFeeItems();
  const amountText = Form.useWatch("amount", form) ?? "";

  const bills = useQuery({
    queryKey: ["cashier-bills", site.id, customer?.id],
    enabled: customer !== null,
    queryFn: () => fetchOpenBills(site.id, customer!.id),
  });
  const open = useMemo(() => (bills.data ?? []).filter((b) => b.balanceMinor > 0), [bills.data]);
  const amountInput = useRef<InputRef>(null);
  // Once the customer's open bills are in, the amount is what the cashier types next.
  useEffect(() => {
    if (customer && bills.isSuccess) amountInput.current?.focus();
  }, [customer, bills.isSuccess]);
  const receivedMinor = decimalToMinor(amountText, digits);
  const validReceived = receivedMinor !== null && receivedMinor > 0 ? receivedMinor : 0;

  // The split shown: the cashier's edits, else oldest due first.
  const texts = useMemo(() => {
    if (edited) return edited;
    const split = defaultSplit(validReceived, open);
    return Object.fromEntries(open.map((b) => [b.id, minorToDecimal(split[b.id] ?? 0, digits)]));
  }, [edited, validReceived, open, digits]);
  const split: Split = useMemo(
    () =>
      Object.fromEntries(
        open.map((b) => [b.id, decimalToMinor(texts[b.id]?.trim() || "0", digits) ?? Number.NaN]),
      ),
    [texts, open, digits],
  );
  const check = checkAllocation(validReceived, open, split);

  const record = useMutation({
    mutationFn: (values: FormValues) => {
      // The amount as submitted, not as last rendered: the watched value trails the keystrokes,
      // and a cashier who types the amount and presses Enter at once must pay what was typed.
      const received = decimalToMinor(values.amount ?? "", digits) ?? 0;
      const allocation = checkAllocation(
        received,
        open,
        edited ? split : defaultSplit(received, open),
      );
      if (received <= 0 || allocation.problems.length > 0)
        return Promise.reject(new SplitRefused(t("cashier.splitProblem")));
      return unwrap(
        api.POST("/api/v1/sites/{siteId}/payments", {
          params: {
            path: { siteId: site.id },
            header: { "Idempotency-Key": idempotencyKey.current },
          },
          body: {
            customerId: customer!.id,
            method: values.method,
            amountMinor: received,
            receivedAt: (values.receivedAt ?? dayjs()).toISOString(),
            ...(values.payer?.trim() ? { payer: values.payer.trim() } : {}),
            ...(values.reference?.trim() ? { reference: values.reference.trim() } : {}),
            ...(allocation.billIds ? { billIds: allocation.billIds } : {}),
          },
        }),
      );
    },
    onSuccess: (payment) => {
      idempotencyKey.current = newIdempotencyKey();
      setDone(payment as Payment);
      setPaidBills(open);
      setError(null);
      void queryClient.invalidateQueries({ queryKey: ["cashier-bills", site.id] });
      void queryClient.invalidateQueries({ queryKey: ["payments", site.id] });
      void queryClient.invalidateQueries({ queryKey: ["bills", site.id] });
    },
    onError: (failure) => {
      if (failure instanceof SplitRefused) return setError(failure.message);
      // A refusal is final for this content; a lost answer may be retried with the same key.
      if (failure instanceof ApiError && failure.status < 500)
        idempotencyKey.current = newIdempotencyKey();
      setError(showApiError(failure, t, form));
    },
  });

  const startOver = () => {
    setDone(null);
    setCustomer(null);
    setEdited(null);
    setTyped("");
    setError(null);
    form.resetFields();
  };

  const print = async (paymentId: string) => {
    setPrinting(true);
    try {
      await printReceipt(site.id, paymentId);
    } catch (failure) {
      message.error(showApiError(failure, t) ?? t("errors.generic"));
    } finally {
      setPrinting(false);
    }
  };

  if (done) {
    const billOf = (id: string) => paidBills.find((b) => b.id === id);
    return (
      <Card>
        <Result
          status="success"
          title={t("cashier.recorded", { receipt: done.receiptNumber })}
          subTitle={t("cashier.recordedDetail", {
            amount: money(done.amountMinor),
            customer: customer?.name ?? done.customerId,
          })}
          extra={[
            <Button
              key="print"
              type="primary"
              icon={<PrinterOutlined />}
              loading={printing}
              onClick={() => void print(done.id)}
              autoFocus
            >
              {t("cashier.printReceipt")}
            </Button>,
            <Button key="again" onClick={startOver}>
              {t("cashier.newPayment")}
            </Button>,
          ]}
        >
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("cashier.receiptNumber")}>
              {done.receiptNumber}
            </Descriptions.Item>
            <Descriptions.Item label={t("cashier.method")}>
              {t(`cashier.methods.${done.method}`)}
            </Descriptions.Item>
            {done.allocations.map((a) => {
              const bill = billOf(a.billId);
              return (
                <Descriptions.Item
                  key={a.billId}
                  label={
                    bill
                      ? `${feeName(feeItems.data, bill.feeCode, i18n.language)} ${bill.periodStart} – ${bill.periodEnd}`
                      : a.billId
                  }
                >
                  {money(a.amountMinor)}
                </Descriptions.Item>
              );
            })}
            <Descriptions.Item label={t("cashier.prepaid")}>
              {money(done.prepaidMinor)}
            </Descriptions.Item>
          </Descriptions>
        </Result>
      </Card>
    );
  }

  const problemText = (problem: AllocationProblem) => {
    if (problem.kind === "notAmount" || problem.kind === "overBalance") {
      const bill = open.find((b) => b.id === problem.billId);
      return t(`cashier.problem.${problem.kind}`, {
        bill: bill
          ? `${feeName(feeItems.data, bill.feeCode, i18n.language)} ${bill.periodStart}`
          : problem.billId,
      });
    }
    return t(`cashier.problem.${problem.kind}`);
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%", maxWidth: 1100 }}>
      <Typography.Title level={3}>{t("cashier.title")}</Typography.Title>
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ method: "cash", receivedAt: null }}
        onValuesChange={(changed) => {
          if ("amount" in changed) setEdited(null);
        }}
        onFinish={(values) => {
          if (!customer || record.isPending) return;
          // The split is computed over the open bills: none is sent before they are known.
          if (bills.isLoading) return setError(t("cashier.billsLoading"));
          setError(null);
          record.mutate(values);
        }}
      >
        <Card size="small" title={t("cashier.customerStep")}>
          <Form.Item
            label={t("cashier.customer")}
            required
            style={{ maxWidth: 480, marginBottom: 0 }}
          >
            <Select
              aria-label={t("cashier.customer")}
              autoFocus
              showSearch={{ filterOption: false, onSearch: setTyped }}
              placeholder={t("cashier.customerSearch")}
              value={customer?.id ?? null}
              loading={search.isFetching}
              notFoundContent={search.isFetching ? t("common.loading") : t("common.empty")}
              onChange={(id) => {
                const picked = search.data?.find((c) => c.id === id) ?? null;
                setCustomer(picked);
                setEdited(null);
                form.setFieldValue("payer", undefined);
              }}
              options={(search.data ?? []).map((c) => ({
                value: c.id,
                label: `${c.name}${c.phones[0] ? ` · ${c.phones[0]}` : ""}`,
              }))}
            />
          </Form.Item>
        </Card>

        {customer && (
          <Card size="small" title={t("cashier.billsStep")} style={{ marginTop: 16 }}>
            <Space wrap align="start" size="middle">
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
                <Input
                  ref={amountInput}
                  inputMode="decimal"
                  style={{ width: 180 }}
                  autoComplete="off"
                  onPressEnter={(event) => {
                    // Enter records what was typed, even before the button's state catches up
                    // with the last keystroke (the browser's own submit skips a disabled button).
                    event.preventDefault();
                    form.submit();
                  }}
                />
              </Form.Item>
              <Form.Item name="method" label={t("cashier.method")} rules={[{ required: true }]}>
                <Select
                  style={{ width: 160 }}
                  options={paymentMethods.map((m) => ({
                    value: m,
                    label: t(`cashier.methods.${m}`),
                  }))}
                />
              </Form.Item>
              <Form.Item
                name="receivedAt"
                label={t("cashier.receivedAt")}
                tooltip={t("cashier.receivedAtHint")}
              >
                <DatePicker
                  showTime={{ format: "HH:mm" }}
                  format="YYYY-MM-DD HH:mm"
                  disabledDate={(d) => d.isAfter(dayjs(), "day")}
                  placeholder={t("cashier.now")}
                />
              </Form.Item>
              <Form.Item name="payer" label={t("cashier.payer")}>
                <Input placeholder={customer.name} style={{ width: 200 }} maxLength={200} />
              </Form.Item>
              <Form.Item name="reference" label={t("cashier.reference")}>
                <Input style={{ width: 200 }} maxLength={100} />
              </Form.Item>
            </Space>

            <BillSplit
              bills={open}
              loading={bills.isLoading}
              texts={texts}
              onEdit={(id, text) => setEdited({ ...texts, [id]: text })}
            />

            <Space wrap size="large" style={{ margin: "12px 0" }}>
              <span data-testid="cashier-allocated">
                {t("cashier.allocated")}: <strong>{money(check.allocatedMinor)}</strong>
              </span>
              <span data-testid="cashier-prepaid">
                {t("cashier.prepaid")}: <strong>{money(check.prepaidMinor)}</strong>
              </span>
              {edited && (
                <Button size="small" onClick={() => setEdited(null)}>
                  {t("cashier.resetSplit")}
                </Button>
              )}
            </Space>
            {check.problems.length > 0 && validReceived > 0 && (
              <Alert
                type="warning"
                showIcon
                title={t("cashier.splitProblem")}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {check.problems.map((p) => (
                      <li key={`${p.kind}-${"billId" in p ? p.billId : ""}`}>{problemText(p)}</li>
                    ))}
                  </ul>
                }
                style={{ marginBottom: 12 }}
              />
            )}
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
            <Button
              type="primary"
              htmlType="submit"
              loading={record.isPending}
              disabled={
                record.isPending ||
                bills.isLoading ||
                check.problems.length > 0 ||
                validReceived <= 0
              }
            >
              {t("cashier.record", { amount: money(validReceived) })}
            </Button>
          </Card>
        )}
      </Form>
    </Space>
  );
}

/** The customer's open bills, oldest due first, each with what this payment puts on it. */
function BillSplit({
  bills,
  loading,
  texts,
  onEdit,
}: {
  bills: Bill[];
  loading: boolean;
  texts: Record<string, string>;
  onEdit(id: string, text: string): void;
}) {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const feeItems = useFeeItems();
  const money = (minor: number) => formatMoney(minor, site.currency, i18n.language);
  const sorted = useMemo(
    () =>
      [...bills].sort(
        (a, b) =>
          a.dueDate.localeCompare(b.dueDate) ||
          a.issueDate.localeCompare(b.issueDate) ||
          a.periodStart.localeCompare(b.periodStart) ||
          (a.id < b.id ? -1 : 1),
      ),
    [bills],
  );
  if (!loading && bills.length === 0)
    return <Empty description={t("cashier.noOpenBills")} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Table<Bill>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={sorted}
      pagination={false}
      scroll={{ x: true, y: 360 }}
      aria-label={t("cashier.openBills")}
      columns={[
        {
          title: t("cashier.fee"),
          key: "fee",
          render: (_, b) => feeName(feeItems.data, b.feeCode, i18n.language),
        },
        {
          title: t("cashier.period"),
          key: "period",
          render: (_, b) => `${b.periodStart} – ${b.periodEnd}`,
        },
        {
          title: t("cashier.dueDate"),
          dataIndex: "dueDate",
          render: (due: string, b) => (
            <Space size={4}>
              {due}
              {b.overdue && <Tag color="red">{t("cashier.overdue")}</Tag>}
            </Space>
          ),
        },
        {
          title: t("cashier.balance"),
          dataIndex: "balanceMinor",
          align: "right",
          render: (minor: number) => money(minor),
        },
        {
          title: t("cashier.thisPayment"),
          key: "pay",
          width: 170,
          render: (_, b) => (
            <Input
              size="small"
              inputMode="decimal"
              autoComplete="off"
              aria-label={t("cashier.payOn", {
                bill: `${feeName(feeItems.data, b.feeCode, i18n.language)} ${b.periodStart}`,
              })}
              value={texts[b.id] ?? ""}
              onChange={(event) => onEdit(b.id, event.target.value)}
              onFocus={(event) => event.target.select()}
            />
          ),
        },
      ]}
    />
  );
}
