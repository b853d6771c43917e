import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Checkbox, Drawer, Form, Input, Radio, Select, Space } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, newIdempotencyKey, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { renameErrorFields } from "./api-errors";
import {
  type Customer,
  type CustomerFormValues,
  customerChangeBody,
  customerFieldOf,
  customerFormValues,
  customerKinds,
  idDocumentTypes,
  newCustomerBody,
} from "./customer-form";

const blank: CustomerFormValues = {
  kind: "person",
  name: "",
  idDocumentType: "resident_id",
  idNumber: "",
  phones: "",
  email: "",
  emergencyContact: { name: "", phone: "", relation: "" },
  tags: [],
  consentSms: false,
  consentEmail: false,
};

/** Creates a customer (customer null) or changes one, in a drawer. */
export function CustomerFormDrawer({
  open,
  customer,
  onClose,
  onSaved,
}: {
  open: boolean;
  customer: Customer | null;
  onClose(): void;
  onSaved(customer: Customer): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const site = useSite();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CustomerFormValues>();
  const [problem, setProblem] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    form.resetFields();
    form.setFieldsValue(customer ? customerFormValues(customer) : blank);
  }, [open, customer, form]);

  const save = useMutation({
    mutationFn: async (values: CustomerFormValues) =>
      customer
        ? unwrap(
            api.PATCH("/api/v1/sites/{siteId}/customers/{customerId}", {
              params: { path: { siteId: site.id, customerId: customer.id } },
              body: customerChangeBody(values, customer),
            }),
          )
        : unwrap(
            api.POST("/api/v1/sites/{siteId}/customers", {
              params: {
                path: { siteId: site.id },
                header: { "Idempotency-Key": key.current },
              },
              body: newCustomerBody(values),
            }),
          ),
    onSuccess: (saved) => {
      key.current = newIdempotencyKey();
      void queryClient.invalidateQueries({ queryKey: ["customers", site.id] });
      void message.success(customer ? t("customers.saved") : t("customers.created"));
      onSaved(saved);
    },
    onError: (error) =>
      setProblem(showApiError(renameErrorFields(error, customerFieldOf), t, form)),
  });

  const required = [{ required: true, whitespace: true, message: t("customers.required") }];
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={520}
      title={customer ? t("customers.editTitle") : t("customers.newTitle")}
      forceRender
      footer={
        <Space>
          <Button onClick={onClose}>{t("actions.cancel")}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t("actions.save")}
          </Button>
        </Space>
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={blank}
        onFinish={(values) => {
          setProblem(null);
          save.mutate(values);
        }}
      >
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
        <Form.Item name="kind" label={t("customers.kind")}>
          <Radio.Group
            disabled={customer !== null}
            options={customerKinds.map((kind) => ({
              value: kind,
              label: t(`customers.kinds.${kind}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t("customers.name")} rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="idDocumentType" label={t("customers.idDocumentType")}>
          <Select
            options={idDocumentTypes.map((type) => ({
              value: type,
              label: t(`customers.idTypes.${type}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t("customers.idNumber")}
          rules={customer ? [] : required}
          extra={customer ? t("customers.idNumberKeep") : undefined}
        >
          <Input
            maxLength={40}
            placeholder={customer?.idNumberMasked ? customer.idNumber : undefined}
          />
        </Form.Item>
        <Form.Item name="phones" label={t("customers.phones")} extra={t("customers.phonesHelp")}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t("customers.email")}>
          <Input type="email" maxLength={200} />
        </Form.Item>
        <Form.Item name={["emergencyContact", "name"]} label={t("customers.emergencyName")}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name={["emergencyContact", "phone"]} label={t("customers.emergencyPhone")}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name={["emergencyContact", "relation"]} label={t("customers.emergencyRelation")}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="tags" label={t("customers.tags")}>
          <Select mode="tags" aria-label={t("customers.tags")} open={false} />
        </Form.Item>
        <Form.Item name="consentSms" valuePropName="checked">
          <Checkbox>{t("customers.consentSms")}</Checkbox>
        </Form.Item>
        <Form.Item name="consentEmail" valuePropName="checked">
          <Checkbox>{t("customers.consentEmail")}</Checkbox>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
