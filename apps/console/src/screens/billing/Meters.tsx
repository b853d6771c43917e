import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, newIdempotencyKey, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSiteUnits } from "../../api/pages";
import { useSite } from "../../auth/site";
import { useCan } from "../../auth/use-me";
import { todayAt } from "../../format/dates";
import { decimalToMinor, formatMoney, minorDigits } from "../../format/money";
import { meterValueMilli } from "./logic";

/** Meter readings entry and billing a meter's consumption. */
export default function Meters() {
  const { t } = useTranslation();
  const site = useSite();
  const can = useCan();
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3}>{t("billing.metersTitle")}</Typography.Title>
      <Space wrap align="start" size="large">
        <ReadingForm />
        {can("billing.run", site.id) && <MeterBillForm />}
      </Space>
    </Space>
  );
}

interface ReadingValues {
  meterCode: string;
  kind: "water" | "electricity";
  unitId?: string;
  sharedUnitIds?: string[];
  readingDate: Dayjs;
  value: string;
}

function ReadingForm() {
  const { t } = useTranslation();
  const site = useSite();
  const { message } = App.useApp();
  const units = useSiteUnits(site.id);
  const [form] = Form.useForm<ReadingValues>();
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const unitOptions = (units.data ?? []).map((u) => ({
    value: u.id,
    label: `${u.code} · ${u.name}`,
  }));
  const save = useMutation({
    mutationFn: (values: ReadingValues) =>
      unwrap(
        api.POST("/api/v1/sites/{siteId}/meter-readings", {
          params: { path: { siteId: site.id }, header: { "Idempotency-Key": key.current } },
          body: {
            meterCode: values.meterCode.trim(),
            kind: values.kind,
            readingDate: values.readingDate.format("YYYY-MM-DD"),
            valueMilli: meterValueMilli(values.value)!,
            ...(values.unitId ? { unitId: values.unitId } : {}),
            ...(values.sharedUnitIds?.length ? { sharedUnitIds: values.sharedUnitIds } : {}),
          },
        }),
      ),
    onSuccess: (_, values) => {
      key.current = newIdempotencyKey();
      setError(null);
      message.success(t("billing.readingSaved", { meter: values.meterCode }));
      // Keep the meter's details for the next reading; clear the value.
      form.setFieldValue("value", "");
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.status < 500) key.current = newIdempotencyKey();
      setError(showApiError(failure, t, form));
    },
  });
  return (
    <Card size="small" title={t("billing.recordReading")} style={{ width: 420 }}>
      <Form<ReadingValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: "electricity", readingDate: dayjs(todayAt(site.timeZone)) }}
        onFinish={(values) => {
          if (save.isPending) return;
          setError(null);
          save.mutate(values);
        }}
      >
        <Form.Item
          name="meterCode"
          label={t("billing.meterCode")}
          rules={[{ required: true, whitespace: true, message: t("billing.meterCodeRequired") }]}
        >
          <Input maxLength={40} autoFocus autoComplete="off" />
        </Form.Item>
        <Form.Item name="kind" label={t("billing.meterKind")} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: "electricity", label: t("billing.meterKinds.electricity") },
              { value: "water", label: t("billing.meterKinds.water") },
            ]}
          />
        </Form.Item>
        <Form.Item name="unitId" label={t("billing.unit")}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            loading={units.isLoading}
            options={unitOptions}
          />
        </Form.Item>
        <Form.Item
          name="sharedUnitIds"
          label={t("billing.sharedUnits")}
          tooltip={t("billing.sharedHint")}
        >
          <Select
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            loading={units.isLoading}
            options={unitOptions}
          />
        </Form.Item>
        <Form.Item name="readingDate" label={t("billing.readingDate")} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" allowClear={false} />
        </Form.Item>
        <Form.Item
          name="value"
          label={t("billing.meterValue")}
          rules={[
            { required: true, message: t("billing.meterValueRequired") },
            {
              validator: (_, value: string) =>
                !value || meterValueMilli(value) !== null
                  ? Promise.resolve()
                  : Promise.reject(new Error(t("billing.meterValueInvalid"))),
            },
          ]}
        >
          <Input inputMode="decimal" autoComplete="off" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={save.isPending} disabled={save.isPending}>
          {t("billing.saveReading")}
        </Button>
      </Form>
    </Card>
  );
}

interface MeterBillValues {
  meterCode: string;
  dates: [Dayjs, Dayjs];
  pricing: "unitPrice" | "totalCost";
  price: string;
}

function MeterBillForm() {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const digits = minorDigits(site.currency);
  const [form] = Form.useForm<MeterBillValues>();
  const pricing = Form.useWatch("pricing", form);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const bill = useMutation({
    mutationFn: (values: MeterBillValues) => {
      const minor = decimalToMinor(values.price, digits)!;
      return unwrap(
        api.POST("/api/v1/sites/{siteId}/meters/{meterCode}/bill", {
          params: {
            path: { siteId: site.id, meterCode: values.meterCode.trim() },
            header: { "Idempotency-Key": key.current },
          },
          body: {
            fromDate: values.dates[0].format("YYYY-MM-DD"),
            toDate: values.dates[1].format("YYYY-MM-DD"),
            ...(values.pricing === "unitPrice"
              ? { unitPriceMinor: minor }
              : { totalCostMinor: minor }),
          },
        }),
      );
    },
    onSuccess: (answer) => {
      key.current = newIdempotencyKey();
      setError(null);
      const bills = billsOf(answer);
      const total = bills.reduce((sum, b) => sum + (b.amountMinor ?? 0), 0);
      const text = t("billing.meterBilled", {
        count: bills.length,
        amount: formatMoney(total, site.currency, i18n.language),
      });
      setResult(text);
      message.success(text);
      void queryClient.invalidateQueries({ queryKey: ["bills", site.id] });
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.status < 500) key.current = newIdempotencyKey();
      setError(showApiError(failure, t, form));
    },
  });
  return (
    <Card size="small" title={t("billing.billMeter")} style={{ width: 420 }}>
      <Form<MeterBillValues>
        form={form}
        layout="vertical"
        initialValues={{ pricing: "unitPrice" }}
        onFinish={(values) => {
          if (bill.isPending) return;
          setError(null);
          setResult(null);
          bill.mutate(values);
        }}
      >
        <Form.Item
          name="meterCode"
          label={t("billing.meterCode")}
          rules={[{ required: true, whitespace: true, message: t("billing.meterCodeRequired") }]}
        >
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="dates"
          label={t("billing.between")}
          rules={[{ required: true, message: t("billing.betweenRequired") }]}
        >
          <DatePicker.RangePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="pricing" label={t("billing.pricing")}>
          <Radio.Group
            options={[
              { value: "unitPrice", label: t("billing.unitPrice") },
              { value: "totalCost", label: t("billing.totalCost") },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="price"
          label={
            pricing === "totalCost"
              ? t("billing.totalCostAmount", { currency: site.currency })
              : t("billing.unitPriceAmount", { currency: site.currency })
          }
          rules={[
            { required: true, message: t("billing.amountRequired") },
            {
              validator: (_, value: string) => {
                if (!value) return Promise.resolve();
                const minor = decimalToMinor(value, digits);
                return minor !== null && minor >= 0
                  ? Promise.resolve()
                  : Promise.reject(new Error(t("billing.amountInvalid")));
              },
            },
          ]}
        >
          <Input inputMode="decimal" autoComplete="off" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        {result && <Alert type="success" showIcon title={result} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={bill.isPending} disabled={bill.isPending}>
          {t("billing.billMeterSubmit")}
        </Button>
      </Form>
    </Card>
  );
}

/** The bills in the answer of POST meters/{code}/bill (its shape is not documented). */
function billsOf(answer: unknown): { amountMinor?: number }[] {
  if (Array.isArray(answer)) return answer as { amountMinor?: number }[];
  if (answer && typeof answer === "object") {
    for (const value of Object.values(answer))
      if (Array.isArray(value)) return value as { amountMinor?: number }[];
  }
  return [];
}
