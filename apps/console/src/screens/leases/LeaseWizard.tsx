import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Row,
  Select,
  Space,
  Spin,
  Steps,
  Table,
  Typography,
} from "antd";
import { useDeferredValue, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { ApiError, api, newIdempotencyKey, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { todayAt } from "../../format/dates";
import { formatMoney, minorDigits } from "../../format/money";
import { renameErrorFields } from "../customers/api-errors";
import { type CustomerSummary, type Unit, useSiteUnits } from "./data";
import { CivilDatePicker, civilDate, requiredRule } from "./fields";
import {
  defaultTerms,
  type Lease,
  type LeaseFormValues,
  leaseFieldOf,
  newLeaseBody,
  totalArea,
  wizardStepOf,
} from "./lease-form";
import { ScheduleTable } from "./ScheduleTable";
import { TermsFields } from "./TermsFields";

/** New lease, step by step: units, tenant, terms; then the draft's schedule and activation. */
export default function LeaseWizard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const site = useSite();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const digits = minorDigits(site.currency);
  const [form] = Form.useForm<LeaseFormValues>();
  const [step, setStep] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [draft, setDraft] = useState<Lease | null>(null);
  const createKey = useRef(newIdempotencyKey());
  const activateKey = useRef(newIdempotencyKey());

  const units = useSiteUnits(site.id);
  const vacant = useMemo(
    () => (units.data ?? []).filter((unit) => unit.status === "vacant"),
    [units.data],
  );
  const unitIds = Form.useWatch("unitIds", form) ?? [];
  const chosen = vacant.filter((unit) => unitIds.includes(unit.id));

  const [search, setSearch] = useState("");
  const q = useDeferredValue(search.trim());
  const [customer, setCustomer] = useState<CustomerSummary | null>(null);
  const customers = useQuery({
    queryKey: ["customers", site.id, "pick", q],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/customers", {
          params: { path: { siteId: site.id }, query: { q: q || undefined, limit: 20 } },
        }),
      ),
  });
  const customerOptions = useMemo(() => {
    const found = customers.data?.items ?? [];
    const all = customer && !found.some((c) => c.id === customer.id) ? [customer, ...found] : found;
    return all.map((c) => ({
      value: c.id,
      label: `${c.name} · ${c.idNumber}${c.phones[0] ? ` · ${c.phones[0]}` : ""}`,
      customer: c,
    }));
  }, [customers.data, customer]);

  const create = useMutation({
    mutationFn: async (values: LeaseFormValues) => {
      const mapped = newLeaseBody(values, digits);
      if (!mapped.ok) {
        form.setFields(
          mapped.problems.map((p) => ({
            name: p.name as never,
            errors: [t(`leases.problems.${p.problem}`)],
          })),
        );
        throw new Error("invalid form");
      }
      return unwrap(
        api.POST("/api/v1/sites/{siteId}/leases", {
          params: { path: { siteId: site.id }, header: { "Idempotency-Key": createKey.current } },
          body: mapped.value,
        }),
      );
    },
    onSuccess: (lease) => {
      createKey.current = newIdempotencyKey();
      setDraft(lease);
      setStep(3);
      void queryClient.invalidateQueries({ queryKey: ["leases", site.id] });
      void message.success(t("leases.wizard.draftCreated", { reference: lease.reference }));
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      setProblem(showApiError(renameErrorFields(error, leaseFieldOf), t, form));
      const first = error.details.map((d) => leaseFieldOf(d.field)).find(Boolean);
      if (first) setStep(wizardStepOf(first));
    },
  });

  const schedule = useQuery({
    queryKey: ["lease-schedule", site.id, draft?.id],
    enabled: draft !== null,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/leases/{leaseId}/schedule", {
          params: { path: { siteId: site.id, leaseId: draft!.id } },
        }),
      ),
  });

  const activate = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/sites/{siteId}/leases/{leaseId}/activate", {
          params: {
            path: { siteId: site.id, leaseId: draft!.id },
            header: { "Idempotency-Key": activateKey.current },
          },
        }),
      ),
    onSuccess: (lease) => {
      activateKey.current = newIdempotencyKey();
      void queryClient.invalidateQueries({ queryKey: ["leases", site.id] });
      void queryClient.invalidateQueries({ queryKey: ["units", site.id] });
      void message.success(t("leases.wizard.activated"));
      navigate(`/sites/${site.id}/leases/${lease.id}`);
    },
    onError: (error) => setProblem(showApiError(error, t)),
  });

  const next = async () => {
    setProblem(null);
    try {
      if (step === 0) await form.validateFields(["unitIds"]);
      if (step === 1) await form.validateFields(["customerId"]);
      setStep(step + 1);
    } catch {
      // the form shows what is missing
    }
  };
  const submitTerms = async () => {
    setProblem(null);
    try {
      await form.validateFields();
    } catch {
      return;
    }
    create.mutate(form.getFieldsValue(true) as LeaseFormValues);
  };

  const onUnitsChange = (ids: string[]) => {
    const picked = vacant.filter((unit) => ids.includes(unit.id));
    if (!form.getFieldValue("rentArea") && picked.length > 0)
      form.setFieldValue("rentArea", totalArea(picked.map((unit) => unit.grossAreaM2)));
  };

  const initialValues: LeaseFormValues = {
    ...defaultTerms,
    unitIds: [],
    customerId: undefined,
    reference: "",
    startDate: todayAt(site.timeZone),
    endDate: undefined,
  };
  const hidden = (index: number) => ({ display: step === index ? undefined : "none" });

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%", maxWidth: 1000 }}>
      <Typography.Title level={3}>{t("leases.wizard.title")}</Typography.Title>
      <Steps
        current={step}
        items={[
          { title: t("leases.wizard.stepUnits") },
          { title: t("leases.wizard.stepCustomer") },
          { title: t("leases.wizard.stepTerms") },
          { title: t("leases.wizard.stepPreview") },
        ]}
      />
      {problem && (
        <Alert type="error" showIcon title={problem} closable onClose={() => setProblem(null)} />
      )}
      <Form form={form} layout="vertical" initialValues={initialValues} disabled={draft !== null}>
        <div style={hidden(0)}>
          {units.isLoading ? (
            <Spin />
          ) : (
            <>
              <Form.Item
                name="unitIds"
                label={t("leases.wizard.pickUnits")}
                extra={
                  vacant.length === 0
                    ? t("leases.wizard.noVacant")
                    : t("leases.wizard.pickUnitsHelp")
                }
                rules={[
                  { required: true, type: "array", min: 1, message: t("leases.problems.required") },
                ]}
              >
                <Select
                  mode="multiple"
                  showSearch={{ optionFilterProp: "label" }}
                  onChange={onUnitsChange}
                  options={vacant.map((unit) => ({
                    value: unit.id,
                    label: `${unit.code} · ${unit.name}`,
                  }))}
                />
              </Form.Item>
              {chosen.length > 0 && <ChosenUnits units={chosen} currency={site.currency} />}
            </>
          )}
        </div>
        <div style={hidden(1)}>
          <Form.Item
            name="customerId"
            label={t("leases.wizard.pickCustomer")}
            extra={t("leases.wizard.pickCustomerHelp")}
            rules={[requiredRule(t)]}
          >
            <Select
              showSearch={{ filterOption: false, onSearch: setSearch }}
              loading={customers.isFetching}
              notFoundContent={customers.isFetching ? <Spin size="small" /> : t("common.empty")}
              options={customerOptions}
              onChange={(id: string) =>
                setCustomer(customerOptions.find((o) => o.value === id)?.customer ?? null)
              }
            />
          </Form.Item>
        </div>
        <div style={hidden(2)}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="reference"
                label={t("leases.form.reference")}
                rules={[requiredRule(t)]}
              >
                <Input maxLength={60} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item
                name="startDate"
                label={t("leases.form.startDate")}
                rules={[requiredRule(t)]}
                {...civilDate}
              >
                <CivilDatePicker />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item
                name="endDate"
                label={t("leases.form.endDate")}
                rules={[requiredRule(t)]}
                {...civilDate}
              >
                <CivilDatePicker />
              </Form.Item>
            </Col>
          </Row>
          <TermsFields form={form} currency={site.currency} />
        </div>
      </Form>
      {step === 3 && draft && (
        <Card
          title={t("leases.wizard.stepPreview")}
          extra={
            <Link to={`/sites/${site.id}/leases/${draft.id}`}>{t("leases.wizard.openDraft")}</Link>
          }
        >
          <Typography.Paragraph>
            {t("leases.wizard.draftCreated", { reference: draft.reference })}
          </Typography.Paragraph>
          <ScheduleTable
            testId="schedule-preview"
            lines={schedule.data?.items ?? []}
            currency={draft.currency}
            loading={schedule.isLoading}
          />
        </Card>
      )}
      <Space>
        {step > 0 && step < 3 && (
          <Button onClick={() => setStep(step - 1)}>{t("actions.previous")}</Button>
        )}
        {step < 2 && (
          <Button type="primary" onClick={() => void next()}>
            {t("actions.next")}
          </Button>
        )}
        {step === 2 && (
          <Button type="primary" loading={create.isPending} onClick={() => void submitTerms()}>
            {t("leases.wizard.createDraft")}
          </Button>
        )}
        {step === 3 && draft && (
          <Button
            type="primary"
            loading={activate.isPending}
            disabled={schedule.isLoading}
            onClick={() => activate.mutate()}
          >
            {t("leases.wizard.activate")}
          </Button>
        )}
      </Space>
    </Space>
  );
}

/** The units picked, with their areas and list rents. */
function ChosenUnits({ units: list, currency }: { units: Unit[]; currency: string }) {
  const { t, i18n } = useTranslation();
  const rent = list.reduce((sum, unit) => sum + unit.listRentMonthly.amountMinor, 0);
  return (
    <>
      <Table<Unit>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={list}
        scroll={{ x: true }}
        columns={[
          { title: t("units.code"), dataIndex: "code" },
          { title: t("units.name"), dataIndex: "name" },
          { title: t("units.kind"), dataIndex: "kind", render: (k: string) => t(`unitKind.${k}`) },
          {
            title: t("units.area"),
            key: "area",
            render: (_, unit) =>
              t("units.areaValue", { gross: unit.grossAreaM2, usable: unit.usableAreaM2 }),
          },
          {
            title: t("units.listRent"),
            key: "rent",
            align: "right",
            render: (_, unit) =>
              formatMoney(
                unit.listRentMonthly.amountMinor,
                unit.listRentMonthly.currency,
                i18n.language,
              ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t("leases.wizard.selectedArea", {
          area: totalArea(list.map((unit) => unit.grossAreaM2)),
          rent: formatMoney(rent, currency, i18n.language),
        })}
      </Typography.Paragraph>
    </>
  );
}
