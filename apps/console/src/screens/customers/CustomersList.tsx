import { PlusOutlined } from "@ant-design/icons";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Alert, Button, Input, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { showApiError } from "../../api/errors";
import { useSite } from "../../auth/site";
import { useCan } from "../../auth/use-me";
import { CustomerDetailDrawer } from "./CustomerDetailDrawer";
import { CustomerFormDrawer } from "./CustomerFormDrawer";
import { type Customer, type CustomerKind, customerKinds } from "./customer-form";

const pageSize = 50;

/** The site's customers: search, page on, open, create and edit. */
export default function CustomersList() {
  const { t } = useTranslation();
  const site = useSite();
  const can = useCan();
  const mayWrite = can("customers.write", site.id);
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const [kind, setKind] = useState<CustomerKind | null>(null);
  const [viewing, setViewing] = useState<Customer | null>(null);
  const [editing, setEditing] = useState<{ customer: Customer | null } | null>(null);

  const customers = useInfiniteQuery({
    queryKey: ["customers", site.id, "list", q, kind],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/customers", {
          params: {
            path: { siteId: site.id },
            query: {
              limit: pageSize,
              cursor: pageParam,
              q: q || undefined,
              kind: kind ?? undefined,
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = customers.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3}>{t("customers.title")}</Typography.Title>
      <Space wrap>
        <Input.Search
          aria-label={t("customers.search")}
          placeholder={t("customers.search")}
          allowClear
          enterButton={t("actions.search")}
          value={search}
          maxLength={100}
          onChange={(event) => {
            setSearch(event.target.value);
            if (!event.target.value) setQ("");
          }}
          onSearch={(value) => setQ(value.trim())}
          style={{ width: 400 }}
        />
        <Select
          aria-label={t("customers.kindFilter")}
          placeholder={t("customers.kindFilter")}
          allowClear
          style={{ minWidth: 140 }}
          value={kind}
          onChange={(value) => setKind(value ?? null)}
          options={customerKinds.map((k) => ({ value: k, label: t(`customers.kinds.${k}`) }))}
        />
        {mayWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ customer: null })}
          >
            {t("customers.new")}
          </Button>
        )}
      </Space>
      {customers.isError && (
        <Alert type="error" showIcon title={showApiError(customers.error, t)} />
      )}
      <Table<Customer>
        rowKey="id"
        size="middle"
        loading={customers.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t("common.empty") }}
        columns={[
          {
            title: t("customers.name"),
            dataIndex: "name",
            render: (name: string, customer) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setViewing(customer)}>
                {name}
              </Button>
            ),
          },
          {
            title: t("customers.kind"),
            dataIndex: "kind",
            render: (value: CustomerKind) => t(`customers.kinds.${value}`),
          },
          {
            title: t("customers.idDocumentType"),
            dataIndex: "idDocumentType",
            render: (value: string) => t(`customers.idTypes.${value}`),
          },
          {
            title: t("customers.idNumber"),
            dataIndex: "idNumber",
            render: (value: string) => value,
          },
          {
            title: t("customers.phones"),
            dataIndex: "phones",
            render: (phones: string[]) => phones.join(", "),
          },
          {
            title: t("customers.tags"),
            dataIndex: "tags",
            render: (tags: string[]) =>
              tags.map((tag) => (
                <Tag key={tag} style={{ marginBottom: 2 }}>
                  {tag}
                </Tag>
              )),
          },
          {
            title: t("customers.actions"),
            key: "actions",
            render: (_, customer) => (
              <Space>
                <Button size="small" onClick={() => setViewing(customer)}>
                  {t("customers.view")}
                </Button>
                {mayWrite && (
                  <Button size="small" onClick={() => setEditing({ customer })}>
                    {t("actions.edit")}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Space>
        <span data-testid="customers-total">{t("customers.total", { count: rows.length })}</span>
        {customers.hasNextPage && (
          <Button
            loading={customers.isFetchingNextPage}
            onClick={() => void customers.fetchNextPage()}
          >
            {t("actions.more")}
          </Button>
        )}
      </Space>
      <CustomerDetailDrawer
        customer={viewing}
        onClose={() => setViewing(null)}
        onEdit={
          mayWrite
            ? (customer) => {
                setViewing(null);
                setEditing({ customer });
              }
            : undefined
        }
      />
      <CustomerFormDrawer
        open={editing !== null}
        customer={editing?.customer ?? null}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          setEditing(null);
          setViewing(saved);
        }}
      />
    </Space>
  );
}
