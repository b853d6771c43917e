import { unitStatuses } from "@slms/contracts";

export type UnitStatus = (typeof unitStatuses)[number];
export { unitStatuses };

/**
 * Which manual status changes make sense. A leased unit only becomes vacant (when its lease
 * ends); an inactive unit must come back through vacant or maintenance before it is let.
 */
const allowed: Record<UnitStatus, readonly UnitStatus[]> = {
  vacant: ["reserved", "leased", "maintenance", "inactive"],
  reserved: ["vacant", "leased", "maintenance", "inactive"],
  leased: ["vacant"],
  maintenance: ["vacant", "inactive"],
  inactive: ["vacant", "maintenance"],
};

export function canChangeStatus(from: UnitStatus, to: UnitStatus): boolean {
  return allowed[from].includes(to);
}

export function allowedNextStatuses(from: UnitStatus): readonly UnitStatus[] {
  return allowed[from];
}

/**
 * The statuses a hold in effect turns into `leased` (at hold time and by the status sync). A unit
 * under maintenance or inactive stays so; once staff set it vacant, the sync leases it.
 */
export const leasedWhenHeld: readonly UnitStatus[] = ["vacant", "reserved"];
