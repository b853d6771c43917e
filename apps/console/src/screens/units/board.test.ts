import { describe, expect, it } from "vitest";
import { type Building, countByStatus, layoutBoard, type Unit } from "./board";

const building = (id: string, code: string): Building => ({
  id,
  siteId: "sit_a",
  code,
  name: code,
  floors: 3,
  createdAt: "2026-01-01T00:00:00Z",
});
const unit = (
  code: string,
  floor: string,
  buildingId: string | null,
  status: Unit["status"] = "vacant",
): Unit => ({
  id: `unt_${code}`,
  siteId: "sit_a",
  buildingId,
  code,
  name: code,
  kind: "apartment",
  floor,
  grossAreaM2: 50,
  usableAreaM2: 40,
  listRentMonthly: { amountMinor: 100_00, currency: "CNY" },
  status,
  statusChangedAt: "2026-01-01T00:00:00Z",
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
});

describe("layoutBoard", () => {
  it("puts buildings by code, floors top first, units by code (numerically), open units last", () => {
    const blocks = layoutBoard(
      [building("b2", "B2"), building("b1", "B1")],
      [
        unit("B1-10", "1", "b1"),
        unit("B1-2", "1", "b1"),
        unit("B1-30", "10", "b1"),
        unit("B1-B1", "B1", "b1"),
        unit("P-1", "", null),
        unit("B2-1", "2", "b2"),
        unit("X-1", "1", "b_gone"),
      ],
    );
    expect(blocks.map((b) => b.building?.code ?? null)).toEqual(["B1", "B2", null]);
    expect(blocks[0]!.floors.map((f) => f.floor)).toEqual(["10", "1", "B1"]);
    expect(blocks[0]!.floors[1]!.units.map((u) => u.code)).toEqual(["B1-2", "B1-10"]);
    // A unit naming a building the site does not list is shown, outside buildings.
    expect(blocks[2]!.floors.flatMap((f) => f.units.map((u) => u.code)).sort()).toEqual([
      "P-1",
      "X-1",
    ]);
  });

  it("counts units by status", () => {
    expect(
      countByStatus([
        unit("a", "1", null, "leased"),
        unit("b", "1", null, "leased"),
        unit("c", "1", null),
      ]),
    ).toEqual({ vacant: 1, reserved: 0, leased: 2, maintenance: 0, inactive: 0 });
  });
});
