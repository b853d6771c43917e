import { fromDbDate } from "@slms/primitives/zoned";
import type { UnitHold } from "../generated/prisma/client.ts";

/** A hold as use-cases return it: civil dates, no timestamps. */
export interface HoldView {
  id: string;
  unitId: string;
  siteId: string;
  leaseId: string;
  fromDate: string;
  toDate: string;
}

export const holdView = (row: UnitHold): HoldView => ({
  id: row.id,
  unitId: row.unitId,
  siteId: row.siteId,
  leaseId: row.leaseId,
  fromDate: fromDbDate(row.fromDate),
  toDate: fromDbDate(row.toDate),
});
