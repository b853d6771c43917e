import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  type FormInstance,
  Input,
  Space,
  Table,
  Typography,
} from "antd";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api, newIdempotencyKey, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { todayAt } from "../../format/dates";
import { formatMoney, minorDigits } from "../../format/money";
import { renameErrorFields } from "../customers/api-errors";
import { useFeeItems } from "./data";
import { CivilDatePicker, civilDate, requiredRule } from "./fields";
import {
  type FieldProblem,
  type Lease,
  leaseFieldOf,
  type TermsFormValues,
  termsBody,
  termsFormValues,
} from "./lease-form";
import { ScheduleTable } from "./ScheduleTable";
import { TermsFields } from "./TermsFields";

function currentTerms(lease: Lease) {
  return lease.versions[lease.versions.length - 1]!.terms;
}

function showProblems(form: FormInstance, problems: FieldProblem[], t: (key: string) => string) {
  form.setFields(
    problems.map((p) => ({ name: p.name as never, errors: [t(`leases.problems.${p.problem}`)] })),
  );
}

/** A drawer holding a form, with Cancel and a submit button. */
function FormDrawer({
  open,
  title,
  onClose,
  submit,
  submitting,
  problem,
  children,
  testId,
}: {
  open: boolean;
  title: string;
  onClose(): void;
  submit: ReactNode;
  submitting?: boolean;
  problem: string | null;
  children: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={820}
      forceRender
      data-testid={testId}
      footer={
        <Space>
          <Button onClick={onClose} disabled={submitting}>
            {t("actions.cancel")}
          </Button>
          {submit}
        </Space>
      }
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      {children}
    </Drawer>
  );
}

type AmendValues = TermsFormValues & { effectiveFrom?: string; reason?: string };

/** New terms from a date (earlier days keep theirs). */
export function AmendDrawer({
  lease,
  open,
  onClose,
}: {
  lease: Lease;
  open: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const site = useSite();
  const queryClient = useQueryClient();
  const digits = minorDigits(lease.currency);
  const [form] = Form.useForm<AmendValues>();
  const [problem, setProblem] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    form.resetFields();
    form.setFieldsValue({
      ...termsFormValues(currentTerms(lease), digits),
      effectiveFrom: todayAt(site.timeZone),
      reason: "",
    });
  }, [open, lease, digits, form, site.timeZone]);

  const amend = useMutation({
    mutationFn: async (values: AmendValues) => {
      const terms = termsBody(values, digits);
      if (!terms.ok) {
        showProblems(form, terms.problems, t);
        throw new Error("invalid form");
      }
      return unwrap(
        api.POST("/api/v1/sites/{siteId}/leases/{leaseId}/amend", {
          params: {
            path: { siteId: site.id, leaseId: lease.id },
            header: { "Idempotency-Key": key.current },
          },
          body: {
            effectiveFrom: values.effectiveFrom ?? "",
            reason: values.reason?.trim() ?? "",
            terms: terms.value,
          },
        }),
      );
    },
    onSuccess: () => {
      key.current = newIdempotencyKey();
      void queryClient.invalidateQueries({ queryKey: ["lease", site.id, lease.id] });
      void queryClient.invalidateQueries({ queryKey: ["lease-schedule", site.id, lease.id] });
      void queryClient.invalidateQueries({ queryKey: ["leases", site.id] });
      void message.success(t("leases.amend.done"));
      onClose();
    },
    onError: (error) => {
      if (error.message === "invalid form") return;
      setProblem(showApiError(renameErrorFields(error, leaseFieldOf), t, form));
    },
  });

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={t("leases.amend.title")}
      problem={problem}
      testId="amend-drawer"
      submitting={amend.isPending}
      submit={
        <Button type="primary" loading={amend.isPending} onClick={() => form.submit()}>
          {t("actions.save")}
        </Button>
      }
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={() => {
          setProblem(null);
          amend.mutate(form.getFieldsValue(true) as AmendValues);
        }}
      >
        <Space wrap align="start">
          <Form.Item
            name="effectiveFrom"
            label={t("leases.amend.effectiveFrom")}
            rules={[requiredRule(t)]}
            {...civilDate}
          >
            <CivilDatePicker />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t("leases.amend.reason")}
            rules={[requiredRule(t)]}
            style={{ minWidth: 360 }}
          >
            <Input maxLength={500} />
          </Form.Item>
        </Space>
        <TermsFields form={form} currency={lease.currency} />
      </Form>
    </FormDrawer>
  );
}

type RenewValues = TermsFormValues & {
  endDate?: string;
  reference?: string;
  changeTerms?: boolean;
};

/** A linked successor lease from the day after this one ends. */
export function RenewDrawer({
  lease,
  open,
  onClose,
}: {
  lease: Lease;
  open: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const site = useSite();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const digits = minorDigits(lease.currency);
  const [form] = Form.useForm<RenewValues>();
  const [problem, setProblem] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const changeTerms = Form.useWatch("changeTerms", form);

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    form.resetFields();
    form.setFieldsValue({
      ...termsFormValues(currentTerms(lease), digits),
      endDate: undefined,
      reference: "",
      changeTerms: false,
    });
  }, [open, lease, digits, form]);

  const renew = useMutation({
    mutationFn: async (values: RenewValues) => {
      let terms: ReturnType<typeof termsBody> | null = null;
      if (values.changeTerms) {
        terms = termsBody(values, digits);
        if (!terms.ok) {
          showProblems(form, terms.problems, t);
          throw new Error("invalid form");
        }
      }
      return unwrap(
        api.POST("/api/v1/sites/{siteId}/leases/{leaseId}/renew", {
          params: {
            path: { siteId: site.id, leaseId: lease.id },
            header: { "Idempotency-Key": key.current },
          },
          body: {
            endDate: values.endDate ?? "",
            ...(values.reference?.trim() ? { reference: values.reference.trim() } : {}),
            ...(terms?.ok ? { terms: terms.value } : {}),
          },
        }),
      );
    },
    onSuccess: (successor) => {
      key.current = newIdempotencyKey();
      void queryClient.invalidateQueries({ queryKey: ["lease", site.id] });
      void queryClient.invalidateQueries({ queryKey: ["leases", site.id] });
      void message.success(t("leases.renew.done"));
      onClose();
      navigate(`/sites/${site.id}/leases/${successor.id}`);
    },
    onError: (error) => {
      if (error.message === "invalid form") return;
      setProblem(showApiError(renameErrorFields(error, leaseFieldOf), t, form));
    },
  });

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={t("leases.renew.title")}
      problem={problem}
      testId="renew-drawer"
      submitting={renew.isPending}
      submit={
        <Button type="primary" loading={renew.isPending} onClick={() => form.submit()}>
          {t("leases.actions.renew")}
        </Button>
      }
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={() => {
          setProblem(null);
          renew.mutate(form.getFieldsValue(true) as RenewValues);
        }}
      >
        <Space wrap align="start">
          <Form.Item
            name="endDate"
            label={t("leases.renew.endDate")}
            rules={[requiredRule(t)]}
            {...civilDate}
          >
            <CivilDatePicker />
          </Form.Item>
          <Form.Item name="reference" label={t("leases.renew.reference")} style={{ minWidth: 280 }}>
            <Input maxLength={60} />
          </Form.Item>
        </Space>
        <Form.Item name="changeTerms" valuePropName="checked">
          <Checkbox>{t("leases.renew.changeTerms")}</Checkbox>
        </Form.Item>
        {changeTerms && <TermsFields form={form} currency={lease.currency} />}
      </Form>
    </FormDrawer>
  );
}

/** Early termination: the settlement previewed first, then confirmed. */
export function TerminateDrawer({
  lease,
  open,
  onClose,
}: {
  lease: Lease;
  open: boolean;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const site = useSite();
  const queryClient = useQueryClient();
  const { nameOf } = useFeeItems();
  const [form] = Form.useForm<{ terminationDate?: string; reason?: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const [previewDate, setPreviewDate] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const date = Form.useWatch("terminationDate", form);
  const money = (minor: number) => formatMoney(minor, lease.currency, i18n.language);

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    setPreviewDate(null);
    form.resetFields();
    form.setFieldsValue({ terminationDate: todayAt(site.timeZone), reason: "" });
  }, [open, form, site.timeZone]);

  const preview = useQuery({
    queryKey: ["termination-preview", site.id, lease.id, previewDate],
    enabled: open && previewDate !== null,
    retry: false,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/leases/{leaseId}/termination-preview", {
          params: {
            path: { siteId: site.id, leaseId: lease.id },
            query: { date: previewDate! },
          },
        }),
      ),
  });
  const previewed = preview.data && previewDate === date;

  const terminate = useMutation({
    mutationFn: (values: { terminationDate?: string; reason?: string }) =>
      unwrap(
        api.POST("/api/v1/sites/{siteId}/leases/{leaseId}/terminate", {
          params: {
            path: { siteId: site.id, leaseId: lease.id },
            header: { "Idempotency-Key": key.current },
          },
          body: {
            terminationDate: values.terminationDate ?? "",
            reason: values.reason?.trim() ?? "",
          },
        }),
      ),
    onSuccess: () => {
      key.current = newIdempotencyKey();
      void queryClient.invalidateQueries({ queryKey: ["lease", site.id, lease.id] });
      void queryClient.invalidateQueries({ queryKey: ["lease-schedule", site.id, lease.id] });
      void queryClient.invalidateQueries({ queryKey: ["leases", site.id] });
      void queryClient.invalidateQueries({ queryKey: ["units", site.id] });
      void message.success(t("leases.terminate.done"));
      onClose();
    },
    onError: (error) => setProblem(showApiError(error, t, form)),
  });

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={t("leases.terminate.title")}
      problem={problem ?? (preview.isError ? showApiError(preview.error, t, form) : null)}
      testId="terminate-drawer"
      submitting={terminate.isPending}
      submit={
        <Button
          danger
          type="primary"
          disabled={!previewed}
          loading={terminate.isPending}
          title={previewed ? undefined : t("leases.terminate.previewFirst")}
          onClick={() => form.submit()}
        >
          {t("leases.terminate.confirm")}
        </Button>
      }
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => {
          setProblem(null);
          terminate.mutate(values);
        }}
      >
        <Space wrap align="end">
          <Form.Item
            name="terminationDate"
            label={t("leases.terminate.date")}
            rules={[requiredRule(t)]}
            {...civilDate}
          >
            <CivilDatePicker />
          </Form.Item>
          <Form.Item>
            <Button
              loading={preview.isFetching}
              disabled={!date}
              onClick={() => {
                setProblem(null);
                if (previewDate === date) void preview.refetch();
                else setPreviewDate(date ?? null);
              }}
            >
              {t("leases.terminate.preview")}
            </Button>
          </Form.Item>
        </Space>
        <Form.Item name="reason" label={t("leases.terminate.reason")} rules={[requiredRule(t)]}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
      {previewed && preview.data && (
        <Space orientation="vertical" style={{ width: "100%" }} data-testid="termination-preview">
          <Typography.Title level={5}>{t("leases.terminate.previewTitle")}</Typography.Title>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t("leases.terminate.date")}>
              {preview.data.terminationDate}
            </Descriptions.Item>
            <Descriptions.Item label={t("leases.terminate.penalty")}>
              {money(preview.data.penaltyMinor)}
            </Descriptions.Item>
            <Descriptions.Item label={t("leases.terminate.deposit")}>
              {money(preview.data.depositMinor)}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Text strong>{t("leases.terminate.finalPeriods")}</Typography.Text>
          <Table
            size="small"
            pagination={false}
            scroll={{ x: true }}
            rowKey="key"
            locale={{ emptyText: t("common.none") }}
            dataSource={preview.data.finalPeriods.map((line, index) => ({ ...line, key: index }))}
            columns={[
              { title: t("leases.schedule.fee"), dataIndex: "feeCode", render: nameOf },
              { title: t("leases.schedule.periodStart"), dataIndex: "periodStart" },
              { title: t("leases.terminate.newEnd"), dataIndex: "newEnd" },
              {
                title: t("leases.terminate.original"),
                dataIndex: "originalAmountMinor",
                align: "right",
                render: money,
              },
              {
                title: t("leases.terminate.prorated"),
                dataIndex: "proratedAmountMinor",
                align: "right",
                render: money,
              },
            ]}
          />
          <Typography.Text strong>{t("leases.terminate.droppedPeriods")}</Typography.Text>
          <ScheduleTable lines={preview.data.droppedPeriods} currency={lease.currency} />
        </Space>
      )}
    </FormDrawer>
  );
}
