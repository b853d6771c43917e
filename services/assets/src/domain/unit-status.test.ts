import { describe, expect, it } from "vitest";
import { canChangeStatus, type UnitStatus, unitStatuses } from "./unit-status.ts";

const table: Record<UnitStatus, Record<UnitStatus, boolean>> = {
  //           vacant  reserved leased maintenance inactive
  vacant: { vacant: false, reserved: true, leased: true, maintenance: true, inactive: true },
  reserved: { vacant: true, reserved: false, leased: true, maintenance: true, inactive: true },
  leased: { vacant: true, reserved: false, leased: false, maintenance: false, inactive: false },
  maintenance: { vacant: true, reserved: false, leased: false, maintenance: false, inactive: true },
  inactive: { vacant: true, reserved: false, leased: false, maintenance: true, inactive: false },
};

describe("canChangeStatus", () => {
  for (const from of unitStatuses) {
    for (const to of unitStatuses) {
      it(`${from} → ${to}: ${table[from][to]}`, () => {
        expect(canChangeStatus(from, to)).toBe(table[from][to]);
      });
    }
  }
});
