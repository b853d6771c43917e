import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, newIdempotencyKey, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSites } from "../../auth/site";
import { useCan } from "../../auth/use-me";
import { formatInstant } from "../../format/dates";
import {
  accessProblem,
  createUserBody,
  filterUsers,
  hqRoles,
  membershipsBySite,
  siteRoles,
  type User,
  type UserFormValues,
} from "./users";

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The organisation's users with their HQ role and site roles; HQ admins create users. */
export default function UsersScreen() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const sites = useSites();
  const users = useQuery({
    queryKey: ["users"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/users"))).items,
  });
  const [search, setSearch] = useState("");
  const [siteId, setSiteId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const siteCodes = useMemo(
    () => new Map((sites.data ?? []).map((s) => [s.id, s.code])),
    [sites.data],
  );
  const shown = useMemo(
    () => filterUsers(users.data ?? [], search, siteId),
    [users.data, search, siteId],
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3}>{t("admin.users.title")}</Typography.Title>
      <Space wrap>
        <Input.Search
          aria-label={t("admin.users.search")}
          placeholder={t("admin.users.search")}
          allowClear
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          style={{ width: 260 }}
        />
        <Select
          aria-label={t("admin.users.site")}
          placeholder={t("admin.users.allSites")}
          allowClear
          style={{ minWidth: 200 }}
          value={siteId}
          onChange={(value) => setSiteId(value ?? null)}
          options={(sites.data ?? []).map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` }))}
        />
        <span data-testid="users-total">{t("admin.users.total", { count: shown.length })}</span>
        {can("users.manage") && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t("admin.users.create")}
          </Button>
        )}
        <Button onClick={() => void users.refetch()}>{t("actions.refresh")}</Button>
      </Space>
      {users.error && <Alert type="error" showIcon title={showApiError(users.error, t)} />}
      <Table<User>
        rowKey="id"
        size="middle"
        loading={users.isLoading}
        dataSource={shown}
        scroll={{ x: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t("common.empty") }}
        columns={[
          { title: t("admin.users.name"), dataIndex: "name", key: "name" },
          { title: t("admin.users.email"), dataIndex: "email", key: "email" },
          {
            title: t("admin.users.hqRole"),
            key: "hqRole",
            render: (_, user) =>
              user.hqRole ? (
                <Tag color="gold">{t(`admin.hqRole.${user.hqRole}`)}</Tag>
              ) : (
                t("common.none")
              ),
          },
          {
            title: t("admin.users.memberships"),
            key: "memberships",
            render: (_, user) =>
              user.memberships.length === 0 ? (
                t("common.none")
              ) : (
                <Space size={[4, 4]} wrap>
                  {membershipsBySite(user, siteCodes).map((m) => (
                    <Tag key={m.siteId}>
                      {m.code} · {t(`admin.siteRole.${m.role}`)}
                    </Tag>
                  ))}
                </Space>
              ),
          },
          {
            title: t("admin.users.state"),
            key: "state",
            render: (_, user) =>
              user.disabled ? (
                <Tag color="default">{t("admin.users.disabled")}</Tag>
              ) : (
                <Tag color="green">{t("admin.users.active")}</Tag>
              ),
          },
          {
            title: t("admin.users.createdAt"),
            key: "createdAt",
            render: (_, user) => formatInstant(user.createdAt, browserZone, i18n.language),
          },
        ]}
      />
      <CreateUserDrawer open={creating} onClose={() => setCreating(false)} />
    </Space>
  );
}

function CreateUserDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const sites = useSites();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UserFormValues>();
  const [problem, setProblem] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());

  const create = useMutation({
    mutationFn: (values: UserFormValues) =>
      unwrap(
        api.POST("/api/v1/users", {
          body: createUserBody(values),
          headers: { "Idempotency-Key": key.current },
        }),
      ),
    onSuccess: (user) => {
      key.current = newIdempotencyKey();
      void queryClient.invalidateQueries({ queryKey: ["users"] });
      message.success(t("admin.users.created", { name: user.name }));
      form.resetFields();
      setProblem(null);
      onClose();
    },
    onError: (error) => {
      // A refused body is not saved under the key: a corrected form may send a new one.
      key.current = newIdempotencyKey();
      setProblem(showApiError(error, t, form));
    },
  });

  const submit = (values: UserFormValues) => {
    const local = accessProblem(createUserBody(values));
    if (local) {
      setProblem(t(`admin.users.${local}`));
      return;
    }
    setProblem(null);
    create.mutate(values);
  };

  const required = [{ required: true, message: t("admin.users.required") }];
  return (
    <Drawer
      title={t("admin.users.create")}
      open={open}
      onClose={onClose}
      size={480}
      destroyOnHidden
      footer={
        <Space>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
            {t("actions.save")}
          </Button>
          <Button onClick={onClose}>{t("actions.cancel")}</Button>
        </Space>
      }
    >
      <Form<UserFormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ name: "", email: "", password: "", memberships: [{}] }}
        disabled={create.isPending}
      >
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
        <Form.Item name="name" label={t("admin.users.name")} rules={required}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="email" label={t("admin.users.email")} rules={required}>
          <Input type="email" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t("admin.users.password")}
          extra={t("admin.users.passwordHelp")}
          rules={required}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="hqRole" label={t("admin.users.hqRole")}>
          <Select
            allowClear
            placeholder={t("admin.users.noHqRole")}
            options={hqRoles.map((role) => ({ value: role, label: t(`admin.hqRole.${role}`) }))}
          />
        </Form.Item>
        <Typography.Text strong>{t("admin.users.memberships")}</Typography.Text>
        <Form.List name="memberships">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="start" size="small" style={{ marginTop: 8 }}>
                  <Form.Item
                    name={[field.name, "siteId"]}
                    label={t("admin.users.membershipSite")}
                    style={{ marginBottom: 8 }}
                  >
                    <Select
                      style={{ width: 170 }}
                      showSearch={{ optionFilterProp: "label" }}
                      options={(sites.data ?? []).map((s) => ({
                        value: s.id,
                        label: `${s.code} · ${s.name}`,
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, "role"]}
                    label={t("admin.users.membershipRole")}
                    style={{ marginBottom: 8 }}
                  >
                    <Select
                      style={{ width: 124 }}
                      options={siteRoles.map((role) => ({
                        value: role,
                        label: t(`admin.siteRole.${role}`),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item label=" " style={{ marginBottom: 8 }}>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)}>
                      {t("admin.users.removeMembership")}
                    </Button>
                  </Form.Item>
                </Space>
              ))}
              <Form.Item style={{ marginTop: 8 }}>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                  {t("admin.users.addMembership")}
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
