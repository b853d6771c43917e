import { PlusOutlined, StopOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Drawer,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, newIdempotencyKey, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSites } from "../../auth/site";
import { useCan } from "../../auth/use-me";
import { formatInstant } from "../../format/dates";
import {
  type ApiClient,
  type ApiClientFormValues,
  clientState,
  createApiClientBody,
} from "./api-clients";

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const stateColour = { active: "green", expired: "orange", revoked: "red" } as const;

/** ERP and finance systems' credentials for the gRPC edge: HQ admins create and revoke them. */
export default function ApiClientsScreen() {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const can = useCan();
  const sites = useSites();
  const queryClient = useQueryClient();
  const clients = useQuery({
    queryKey: ["api-clients"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/api-clients"))).items,
  });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ id: string; secret: string } | null>(null);
  const siteCodes = useMemo(
    () => new Map((sites.data ?? []).map((s) => [s.id, s.code])),
    [sites.data],
  );
  const mayManage = can("apiClients.manage");
  const when = (iso: string | null) =>
    iso ? formatInstant(iso, browserZone, i18n.language) : t("common.none");

  const revoke = useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST("/api/v1/api-clients/{clientId}/revoke", { params: { path: { clientId: id } } }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["api-clients"] }),
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3}>{t("admin.apiClients.title")}</Typography.Title>
      <Typography.Paragraph type="secondary">{t("admin.apiClients.intro")}</Typography.Paragraph>
      {mayManage && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t("admin.apiClients.create")}
        </Button>
      )}
      <Table<ApiClient>
        rowKey="id"
        loading={clients.isLoading}
        dataSource={clients.data ?? []}
        scroll={{ x: true }}
        pagination={false}
        columns={[
          { title: t("admin.apiClients.name"), dataIndex: "name" },
          {
            title: t("admin.apiClients.id"),
            dataIndex: "id",
            render: (id: string) => <code>{id}</code>,
          },
          {
            title: t("admin.apiClients.scope"),
            render: (_, client) =>
              client.allSites
                ? t("admin.apiClients.allSites")
                : client.siteIds.map((id) => <Tag key={id}>{siteCodes.get(id) ?? id}</Tag>),
          },
          {
            title: t("admin.apiClients.access"),
            render: (_, client) =>
              client.canPost ? t("admin.apiClients.readPost") : t("admin.apiClients.readOnly"),
          },
          {
            title: t("admin.apiClients.state"),
            render: (_, client) => {
              const state = clientState(client);
              return <Tag color={stateColour[state]}>{t(`admin.apiClients.states.${state}`)}</Tag>;
            },
          },
          { title: t("admin.apiClients.expires"), render: (_, c) => when(c.expiresAt) },
          { title: t("admin.apiClients.lastUsed"), render: (_, c) => when(c.lastUsedAt) },
          ...(mayManage
            ? [
                {
                  title: "",
                  render: (_: unknown, client: ApiClient) =>
                    client.revokedAt ? null : (
                      <Button
                        danger
                        size="small"
                        icon={<StopOutlined />}
                        onClick={() =>
                          modal.confirm({
                            title: t("admin.apiClients.revokeConfirm", { name: client.name }),
                            okText: t("admin.apiClients.revoke"),
                            okButtonProps: { danger: true },
                            cancelText: t("actions.cancel"),
                            onOk: () => revoke.mutateAsync(client.id),
                          })
                        }
                      >
                        {t("admin.apiClients.revoke")}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <CreateDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(made) => {
          setCreating(false);
          setSecret(made);
          void queryClient.invalidateQueries({ queryKey: ["api-clients"] });
        }}
      />
      <Modal
        open={secret !== null}
        title={t("admin.apiClients.secretTitle")}
        onCancel={() => setSecret(null)}
        footer={
          <Button type="primary" onClick={() => setSecret(null)}>
            {t("actions.close")}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t("admin.apiClients.secretOnce")} />
        <Typography.Paragraph style={{ marginTop: 16 }}>
          {t("admin.apiClients.header")}
        </Typography.Paragraph>
        <Typography.Paragraph copyable code data-testid="api-client-credential">
          {secret ? `authorization: Bearer ${secret.id}.${secret.secret}` : ""}
        </Typography.Paragraph>
      </Modal>
    </Space>
  );
}

function CreateDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose(): void;
  onCreated(made: { id: string; secret: string }): void;
}) {
  const { t } = useTranslation();
  const sites = useSites();
  const [form] = Form.useForm<ApiClientFormValues & { expires?: dayjs.Dayjs }>();
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const scope = Form.useWatch("scope", form);
  const create = useMutation({
    mutationFn: (values: ApiClientFormValues & { expires?: dayjs.Dayjs }) =>
      unwrap(
        api.POST("/api/v1/api-clients", {
          params: { header: { "Idempotency-Key": key.current } },
          body: createApiClientBody({ ...values, expiresOn: values.expires?.format("YYYY-MM-DD") }),
        }),
      ),
    onSuccess: (made) => {
      key.current = newIdempotencyKey();
      form.resetFields();
      setError(null);
      onCreated({ id: made.client.id, secret: made.secret });
    },
    onError: (failure) => setError(showApiError(failure, t, form)),
  });

  return (
    <Drawer open={open} onClose={onClose} title={t("admin.apiClients.create")} size={480}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ scope: "sites", canPost: false }}
        onFinish={(values) => !create.isPending && create.mutate(values)}
      >
        <Form.Item name="name" label={t("admin.apiClients.name")} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="scope" label={t("admin.apiClients.scope")}>
          <Radio.Group
            options={[
              { value: "sites", label: t("admin.apiClients.someSites") },
              { value: "all", label: t("admin.apiClients.allSites") },
            ]}
          />
        </Form.Item>
        {scope !== "all" && (
          <Form.Item
            name="siteIds"
            label={t("admin.apiClients.sites")}
            rules={[{ required: true }]}
          >
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: "label" }}
              options={(sites.data ?? []).map((s) => ({
                value: s.id,
                label: `${s.code} · ${s.name}`,
              }))}
            />
          </Form.Item>
        )}
        <Form.Item name="canPost" valuePropName="checked">
          <Checkbox>{t("admin.apiClients.canPost")}</Checkbox>
        </Form.Item>
        <Form.Item name="expires" label={t("admin.apiClients.expiresOn")}>
          <DatePicker disabledDate={(day) => day.isBefore(dayjs(), "day")} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t("admin.apiClients.create")}
        </Button>
      </Form>
    </Drawer>
  );
}
