import { useQuery } from "@tanstack/react-query";
import { Button, Descriptions, Drawer, Empty, Spin, Tag, Timeline, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { useSite } from "../../auth/site";
import { useCan } from "../../auth/use-me";
import { formatInstant } from "../../format/dates";
import { formatMoney } from "../../format/money";
import { statusColour, type Unit } from "./board";

/** A unit's detail: its figures, its status history and the lease it is let under. */
export function UnitDrawer({ unit, onClose }: { unit: Unit | null; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const site = useSite();
  const can = useCan();
  const history = useQuery({
    queryKey: ["unit-history", site.id, unit?.id],
    enabled: unit !== null,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/units/{unitId}/status-history", {
          params: { path: { siteId: site.id, unitId: unit!.id } },
        }),
      ),
  });
  const mayReadLeases = can("leases.read", site.id);
  const lease = useQuery({
    queryKey: ["unit-lease", site.id, unit?.id],
    enabled: unit !== null && mayReadLeases,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/sites/{siteId}/leases", {
          params: {
            path: { siteId: site.id },
            query: { unitId: unit!.id, status: "active", limit: 1 },
          },
        }),
      ),
  });
  const current = lease.data?.items[0];

  return (
    <Drawer open={unit !== null} onClose={onClose} title={t("units.detail")} size={480}>
      {unit && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("units.code")}>{unit.code}</Descriptions.Item>
            <Descriptions.Item label={t("units.name")}>{unit.name}</Descriptions.Item>
            <Descriptions.Item label={t("units.kind")}>
              {t(`unitKind.${unit.kind}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("units.status")}>
              <Tag color={statusColour[unit.status]}>{t(`status.${unit.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t("units.area")}>
              {t("units.areaValue", { gross: unit.grossAreaM2, usable: unit.usableAreaM2 })}
            </Descriptions.Item>
            <Descriptions.Item label={t("units.listRent")}>
              {formatMoney(
                unit.listRentMonthly.amountMinor,
                unit.listRentMonthly.currency,
                i18n.language,
              )}
            </Descriptions.Item>
          </Descriptions>
          {mayReadLeases && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t("units.currentLease")}
              </Typography.Title>
              {lease.isLoading ? (
                <Spin />
              ) : current ? (
                <Typography.Paragraph>
                  {current.reference} ·{" "}
                  {t("units.leasePeriod", { start: current.startDate, end: current.endDate })}{" "}
                  <Link to={`/sites/${site.id}/leases/${current.id}`}>
                    <Button size="small">{t("units.openLease")}</Button>
                  </Link>
                </Typography.Paragraph>
              ) : (
                <Typography.Text type="secondary">{t("units.noLease")}</Typography.Text>
              )}
            </>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t("units.history")}
          </Typography.Title>
          {history.isLoading ? (
            <Spin />
          ) : history.data && history.data.items.length > 0 ? (
            <Timeline
              items={history.data.items.map((change) => ({
                key: `${change.changedAt}-${change.to}`,
                color: statusColour[change.to],
                content: (
                  <>
                    <div>
                      {change.from ? `${t(`status.${change.from}`)} → ` : ""}
                      {t(`status.${change.to}`)}
                    </div>
                    <Typography.Text type="secondary">
                      {formatInstant(change.changedAt, site.timeZone, i18n.language)}
                      {change.reason ? ` · ${t("units.reason")}: ${change.reason}` : ""}
                      {change.actor ? ` · ${t("units.actor")}: ${change.actor}` : ""}
                    </Typography.Text>
                  </>
                ),
              }))}
            />
          ) : (
            <Empty description={t("common.empty")} />
          )}
        </>
      )}
    </Drawer>
  );
}
