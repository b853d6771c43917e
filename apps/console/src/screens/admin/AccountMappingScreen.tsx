import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Col,
  Drawer,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { type ReactNode, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useCan } from "../../auth/use-me";
import { formatInstant } from "../../format/dates";
import {
  type Account,
  type AccountRole,
  accountCodeProblem,
  accountNameProblem,
  accountRoles,
  type FeeItem,
  feeAccounts,
  feeCodeProblem,
  feeItemName,
  isRepeated,
  limits,
  type MappingAnswer,
  type MappingFormValues,
  methodAccounts,
  methodProblem,
  type Problem,
  paymentMethods,
  toFormValues,
  toRequestBody,
} from "./account-mapping";

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const mappingKey = ["account-mapping"];

/**
 * The organisation's account mapping for the ERP's journal entries: HQ reads it, HQ admins
 * (`accounting.manage`) replace it.
 */
export default function AccountMappingScreen() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const mayManage = can("accounting.manage");
  const answer = useQuery({
    queryKey: mappingKey,
    queryFn: () => unwrap<MappingAnswer>(api.GET("/api/v1/account-mapping")),
  });
  const feeItems = useFeeItems();
  // Who changed it last, by name when the user may read the organisation's users.
  const users = useQuery({
    queryKey: ["users"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/users"))).items,
    enabled: can("users.read"),
  });
  const [editing, setEditing] = useState(false);

  const data = answer.data;
  const who = (id: string) => users.data?.find((user) => user.id === id)?.name ?? id;
  const accountColumns = [
    {
      title: t("admin.accountMapping.code"),
      key: "code",
      render: (_: unknown, row: { account: Account }) => <code>{row.account.code}</code>,
    },
    {
      title: t("admin.accountMapping.name"),
      key: "name",
      render: (_: unknown, row: { account: Account }) => row.account.name,
    },
  ];
  const ownColumn = (inherited: string) => ({
    title: "",
    key: "own",
    render: (_: unknown, row: { own: boolean }) =>
      row.own ? <Tag color="blue">{t("admin.accountMapping.own")}</Tag> : <Tag>{inherited}</Tag>,
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3}>{t("admin.accountMapping.title")}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {t("admin.accountMapping.intro")}
      </Typography.Paragraph>
      {answer.isError && <Alert type="error" showIcon title={showApiError(answer.error, t)} />}
      {data?.isDefault && (
        <Alert type="info" showIcon title={t("admin.accountMapping.isDefault")} />
      )}
      {data && !data.isDefault && data.updatedAt && (
        <Typography.Text type="secondary" data-testid="account-mapping-updated">
          {t("admin.accountMapping.updated", {
            when: formatInstant(data.updatedAt, browserZone, i18n.language),
            who: data.updatedBy ? who(data.updatedBy) : t("common.none"),
          })}
        </Typography.Text>
      )}
      {mayManage && (
        <Button
          type="primary"
          icon={<EditOutlined />}
          disabled={!data}
          onClick={() => setEditing(true)}
        >
          {t("admin.accountMapping.edit")}
        </Button>
      )}

      <Typography.Title level={5}>{t("admin.accountMapping.rolesTitle")}</Typography.Title>
      <Table<{ role: AccountRole; account: Account }>
        rowKey="role"
        size="small"
        loading={answer.isLoading}
        dataSource={data ? accountRoles.map((role) => ({ role, account: data.mapping[role] })) : []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            title: t("admin.accountMapping.role"),
            key: "role",
            render: (_, row) => t(`admin.accountMapping.roles.${row.role}`),
          },
          {
            title: t("admin.accountMapping.meaning"),
            key: "meaning",
            render: (_, row) => (
              <Typography.Text type="secondary">
                {t(`admin.accountMapping.meanings.${row.role}`)}
              </Typography.Text>
            ),
          },
          ...accountColumns,
        ]}
      />

      <Typography.Title level={5}>{t("admin.accountMapping.feesTitle")}</Typography.Title>
      <Typography.Text type="secondary">{t("admin.accountMapping.feesIntro")}</Typography.Text>
      <Table
        rowKey="feeCode"
        size="small"
        loading={answer.isLoading || feeItems.isLoading}
        dataSource={data ? feeAccounts(data.mapping, feeItems.data ?? []) : []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            title: t("admin.accountMapping.feeItem"),
            key: "feeItem",
            render: (_, row) => (
              <Space size="small">
                {row.feeItem
                  ? feeItemName(row.feeItem, i18n.language)
                  : t("admin.accountMapping.unknownFee")}
                <Typography.Text type="secondary">
                  <code>{row.feeCode}</code>
                </Typography.Text>
                {row.feeItem && !row.feeItem.active && (
                  <Tag>{t("admin.accountMapping.inactive")}</Tag>
                )}
              </Space>
            ),
          },
          ...accountColumns,
          ownColumn(t("admin.accountMapping.inheritedRevenue")),
        ]}
      />

      <Typography.Title level={5}>{t("admin.accountMapping.methodsTitle")}</Typography.Title>
      <Typography.Text type="secondary">{t("admin.accountMapping.methodsIntro")}</Typography.Text>
      <Table
        rowKey="method"
        size="small"
        loading={answer.isLoading}
        dataSource={data ? methodAccounts(data.mapping) : []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            title: t("admin.accountMapping.method"),
            key: "method",
            render: (_, row) => t(`cashier.methods.${row.method}`),
          },
          ...accountColumns,
          ownColumn(t("admin.accountMapping.inheritedCash")),
        ]}
      />

      {editing && data && (
        <EditDrawer
          answer={data}
          feeItems={feeItems.data ?? []}
          onClose={() => setEditing(false)}
        />
      )}
    </Space>
  );
}

/** The organisation's fee items (the same cache entry the lease and cashier screens use). */
function useFeeItems() {
  return useQuery({
    queryKey: ["fee-items"],
    staleTime: 5 * 60_000,
    queryFn: async (): Promise<FeeItem[]> => (await unwrap(api.GET("/api/v1/fee-items"))).items,
  });
}

/** The whole mapping in one form, sent with PUT; the API's field errors shown at the fields. */
function EditDrawer({
  answer,
  feeItems,
  onClose,
}: {
  answer: MappingAnswer;
  feeItems: FeeItem[];
  onClose(): void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<MappingFormValues>();
  const [problem, setProblem] = useState<string | null>(null);
  const initialValues = useMemo(() => toFormValues(answer.mapping), [answer.mapping]);
  const chosenFees: (string | undefined)[] = (
    Form.useWatch("revenueByFee", form) ?? initialValues.revenueByFee
  ).map((row) => row?.feeCode);
  const chosenMethods: (string | undefined)[] = (
    Form.useWatch("cashByMethod", form) ?? initialValues.cashByMethod
  ).map((row) => row?.method);

  const save = useMutation({
    mutationFn: (values: MappingFormValues) =>
      unwrap(api.PUT("/api/v1/account-mapping", { body: toRequestBody(values) })),
    onSuccess: (saved) => {
      queryClient.setQueryData(mappingKey, saved);
      message.success(t("admin.accountMapping.saved"));
      onClose();
    },
    onError: (failure) => setProblem(showApiError(failure, t, form)),
  });

  /** A form rule from one of the pure checks, its message in the language shown. */
  const rule = (check: (value: string | undefined) => Problem | null) => ({
    validator: (_: unknown, value: string | undefined) => {
      const found = check(value);
      return found
        ? Promise.reject(new Error(t(`admin.accountMapping.problems.${found}`)))
        : Promise.resolve();
    },
  });
  const repeated = (list: "revenueByFee" | "cashByMethod", index: number) => ({
    validator: () => {
      const rows = (form.getFieldValue(list) ?? []) as Record<string, string | undefined>[];
      const key = list === "revenueByFee" ? "feeCode" : "method";
      return isRepeated(rows, index, (row) => row[key])
        ? Promise.reject(new Error(t("admin.accountMapping.problems.duplicate")))
        : Promise.resolve();
    },
  });
  const codeInput = (
    <Input maxLength={limits.codeLength} placeholder={t("admin.accountMapping.code")} />
  );
  const nameInput = (
    <Input maxLength={limits.nameLength} placeholder={t("admin.accountMapping.name")} />
  );

  /**
   * The rows of one list of the mapping (fee items or payment methods): the key chosen in a
   * select, the account's code and name, a remove button; an add button up to `maxRows`.
   */
  const accountRows = (options: {
    list: "revenueByFee" | "cashByMethod";
    keyField: "feeCode" | "method";
    keyRule: ReturnType<typeof rule>;
    maxRows: number;
    addLabel: string;
    keySelect: (name: number) => ReactNode;
  }) => (
    <Form.List name={options.list}>
      {(rows, { add, remove }) => (
        <>
          {rows.map(({ key, name }) => (
            <Row gutter={8} key={key} wrap={false}>
              <Col span={8}>
                <Form.Item
                  name={[name, options.keyField]}
                  rules={[options.keyRule, repeated(options.list, name)]}
                >
                  {options.keySelect(name)}
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name={[name, "code"]} rules={[rule(accountCodeProblem)]}>
                  {codeInput}
                </Form.Item>
              </Col>
              <Col flex="auto">
                <Form.Item name={[name, "name"]} rules={[rule(accountNameProblem)]}>
                  {nameInput}
                </Form.Item>
              </Col>
              <Col flex="none">
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={t("admin.accountMapping.remove")}
                  onClick={() => remove(name)}
                />
              </Col>
            </Row>
          ))}
          <Form.Item>
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              disabled={rows.length >= options.maxRows}
              onClick={() => add({})}
            >
              {options.addLabel}
            </Button>
          </Form.Item>
        </>
      )}
    </Form.List>
  );

  // Fee items to choose from: the active ones and those the mapping already names.
  const feeOptions = [
    ...feeItems
      .filter((item) => item.active || chosenFees.includes(item.code))
      .map((item) => ({
        value: item.code,
        label: `${feeItemName(item, i18n.language)} · ${item.code}`,
      })),
    ...initialValues.revenueByFee
      .filter((row) => row.feeCode && !feeItems.some((item) => item.code === row.feeCode))
      .map((row) => ({
        value: row.feeCode as string,
        label: `${t("admin.accountMapping.unknownFee")} · ${row.feeCode}`,
      })),
  ];

  return (
    <Drawer
      open
      onClose={onClose}
      title={t("admin.accountMapping.editTitle")}
      size={820}
      footer={
        <Space>
          <Button type="primary" onClick={() => form.submit()} loading={save.isPending}>
            {t("actions.save")}
          </Button>
          <Button onClick={onClose}>{t("actions.cancel")}</Button>
        </Space>
      }
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form<MappingFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => {
          setProblem(null);
          if (!save.isPending) save.mutate(values);
        }}
      >
        <Typography.Title level={5}>{t("admin.accountMapping.rolesTitle")}</Typography.Title>
        {accountRoles.map((role) => (
          <Form.Item
            key={role}
            label={t(`admin.accountMapping.roles.${role}`)}
            tooltip={t(`admin.accountMapping.meanings.${role}`)}
            required
            style={{ marginBottom: 0 }}
          >
            <Row gutter={8}>
              <Col span={8}>
                <Form.Item name={[role, "code"]} rules={[rule(accountCodeProblem)]}>
                  {codeInput}
                </Form.Item>
              </Col>
              <Col span={16}>
                <Form.Item name={[role, "name"]} rules={[rule(accountNameProblem)]}>
                  {nameInput}
                </Form.Item>
              </Col>
            </Row>
          </Form.Item>
        ))}

        <Typography.Title level={5}>{t("admin.accountMapping.feesTitle")}</Typography.Title>
        <Typography.Paragraph type="secondary">
          {t("admin.accountMapping.feesIntro")}
        </Typography.Paragraph>
        {accountRows({
          list: "revenueByFee",
          keyField: "feeCode",
          keyRule: rule(feeCodeProblem),
          maxRows: limits.feeItems,
          addLabel: t("admin.accountMapping.addFee"),
          keySelect: (name) => (
            <Select
              showSearch={{ optionFilterProp: "label" }}
              placeholder={t("admin.accountMapping.feeItem")}
              aria-label={t("admin.accountMapping.feeItem")}
              options={feeOptions.map((option) => ({
                ...option,
                disabled: option.value !== chosenFees[name] && chosenFees.includes(option.value),
              }))}
            />
          ),
        })}

        <Typography.Title level={5}>{t("admin.accountMapping.methodsTitle")}</Typography.Title>
        <Typography.Paragraph type="secondary">
          {t("admin.accountMapping.methodsIntro")}
        </Typography.Paragraph>
        {accountRows({
          list: "cashByMethod",
          keyField: "method",
          keyRule: rule(methodProblem),
          maxRows: paymentMethods.length,
          addLabel: t("admin.accountMapping.addMethod"),
          keySelect: (name) => (
            <Select
              placeholder={t("admin.accountMapping.method")}
              aria-label={t("admin.accountMapping.method")}
              options={paymentMethods.map((method) => ({
                value: method,
                label: t(`cashier.methods.${method}`),
                disabled: method !== chosenMethods[name] && chosenMethods.includes(method),
              }))}
            />
          ),
        })}
      </Form>
    </Drawer>
  );
}
