import { useQuery } from "@tanstack/react-query";
import { Card, Empty, Input, Select, Space, Spin, Tag, Typography } from "antd";
import { useDeferredValue, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { buildingsQuery, useSiteUnits } from "../../api/pages";
import { useSite } from "../../auth/site";
import {
  countByStatus,
  layoutBoard,
  statusColour,
  statuses,
  type Unit,
  type UnitStatus,
} from "./board";
import { UnitDrawer } from "./UnitDrawer";

const unitKinds: Unit["kind"][] = [
  "apartment",
  "high_rise_flat",
  "villa",
  "office",
  "shop",
  "warehouse",
  "serviced_apartment",
  "parking_surface",
  "parking_underground",
  "parking_garage",
  "storage",
  "equipment",
];

/** Buildings and floors as a grid of units coloured by status; a unit opens its detail. */
export default function UnitsBoard() {
  const { t } = useTranslation();
  const site = useSite();
  const units = useSiteUnits(site.id);
  const buildings = useQuery(buildingsQuery(site.id));
  const [kind, setKind] = useState<Unit["kind"] | null>(null);
  const [status, setStatus] = useState<UnitStatus | null>(null);
  const [search, setSearch] = useState("");
  const query = useDeferredValue(search.trim().toLowerCase());
  const [openUnit, setOpenUnit] = useState<Unit | null>(null);

  const shown = useMemo(
    () =>
      (units.data ?? []).filter(
        (unit) =>
          (!kind || unit.kind === kind) &&
          (!status || unit.status === status) &&
          (!query ||
            unit.code.toLowerCase().includes(query) ||
            unit.name.toLowerCase().includes(query)),
      ),
    [units.data, kind, status, query],
  );
  const blocks = useMemo(() => layoutBoard(buildings.data ?? [], shown), [buildings.data, shown]);
  const counts = useMemo(() => countByStatus(units.data ?? []), [units.data]);

  if (units.isLoading || buildings.isLoading) return <Spin />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3}>{t("units.title")}</Typography.Title>
      <Space wrap>
        <Select
          aria-label={t("units.kind")}
          placeholder={t("units.kind")}
          allowClear
          style={{ minWidth: 180 }}
          value={kind}
          onChange={(value) => setKind(value ?? null)}
          options={unitKinds.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))}
        />
        <Select
          aria-label={t("units.status")}
          placeholder={t("units.status")}
          allowClear
          style={{ minWidth: 160 }}
          value={status}
          onChange={(value) => setStatus(value ?? null)}
          options={statuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
        <Input.Search
          aria-label={t("units.search")}
          placeholder={t("units.search")}
          allowClear
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          style={{ width: 240 }}
        />
        <span data-testid="units-total">{t("units.total", { count: shown.length })}</span>
      </Space>
      <Space wrap aria-label={t("units.status")}>
        {statuses.map((s) => (
          <Tag key={s} color={statusColour[s]}>
            {t(`status.${s}`)} {counts[s]}
          </Tag>
        ))}
      </Space>
      {blocks.length === 0 && <Empty description={t("common.empty")} />}
      {blocks.map((block) => (
        <Card
          key={block.building?.id ?? "open"}
          size="small"
          title={
            block.building ? `${block.building.code} · ${block.building.name}` : t("units.openArea")
          }
        >
          {block.floors.map((row) => (
            <div className="board-floor" key={row.floor}>
              <span className="board-floor-label">
                {row.floor ? t("units.floor", { floor: row.floor }) : t("units.noFloor")}
              </span>
              <div className="board-units">
                {row.units.map((unit) => (
                  <button
                    type="button"
                    key={unit.id}
                    className="board-unit"
                    data-status={unit.status}
                    style={{ background: statusColour[unit.status] }}
                    title={`${unit.code} · ${unit.name} · ${t(`status.${unit.status}`)}`}
                    aria-label={`${unit.code} ${t(`status.${unit.status}`)}`}
                    onClick={() => setOpenUnit(unit)}
                  >
                    {unit.code}
                  </button>
                ))}
              </div>
            </div>
          ))}
        </Card>
      ))}
      <UnitDrawer unit={openUnit} onClose={() => setOpenUnit(null)} />
    </Space>
  );
}
