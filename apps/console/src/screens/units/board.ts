import type { Paths } from "../../api/client";

export type Unit =
  Paths["/api/v1/sites/{siteId}/units"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type Building =
  Paths["/api/v1/sites/{siteId}/buildings"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type UnitStatus = Unit["status"];

export const statuses: UnitStatus[] = ["vacant", "reserved", "leased", "maintenance", "inactive"];

export const statusColour: Record<UnitStatus, string> = {
  vacant: "#389e0d",
  reserved: "#d48806",
  leased: "#1d5fa8",
  maintenance: "#cf1322",
  inactive: "#8c8c8c",
};

export interface FloorRow {
  floor: string;
  units: Unit[];
}

export interface BuildingBlock {
  /** null: units outside any building. */
  building: Building | null;
  floors: FloorRow[];
}

/**
 * The board's layout: each building with its floors top floor first (numeric floors by number,
 * then the others by name), each floor's units by code; units outside buildings last.
 */
export function layoutBoard(buildings: Building[], units: Unit[]): BuildingBlock[] {
  const byBuilding = new Map<string | null, Unit[]>();
  for (const unit of units) {
    const key =
      unit.buildingId && buildings.some((b) => b.id === unit.buildingId) ? unit.buildingId : null;
    const list = byBuilding.get(key);
    if (list) list.push(unit);
    else byBuilding.set(key, [unit]);
  }
  const blocks: BuildingBlock[] = [];
  for (const building of [...buildings].sort((a, b) => a.code.localeCompare(b.code))) {
    const inside = byBuilding.get(building.id);
    if (inside) blocks.push({ building, floors: floorsOf(inside) });
  }
  const outside = byBuilding.get(null);
  if (outside) blocks.push({ building: null, floors: floorsOf(outside) });
  return blocks;
}

function floorsOf(units: Unit[]): FloorRow[] {
  const byFloor = new Map<string, Unit[]>();
  for (const unit of units) {
    const list = byFloor.get(unit.floor);
    if (list) list.push(unit);
    else byFloor.set(unit.floor, [unit]);
  }
  const numeric = (floor: string) => (/^-?\d+$/.test(floor) ? Number(floor) : null);
  return [...byFloor.entries()]
    .map(([floor, inFloor]) => ({
      floor,
      units: inFloor.sort((a, b) => a.code.localeCompare(b.code, undefined, { numeric: true })),
    }))
    .sort((a, b) => {
      const [x, y] = [numeric(a.floor), numeric(b.floor)];
      if (x !== null && y !== null) return y - x;
      if (x !== null) return -1;
      if (y !== null) return 1;
      return a.floor.localeCompare(b.floor);
    });
}

/** How many units of each status. */
export function countByStatus(units: Unit[]): Record<UnitStatus, number> {
  const counts = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<UnitStatus, number>;
  for (const unit of units) counts[unit.status] += 1;
  return counts;
}
