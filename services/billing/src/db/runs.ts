import { fromDbDate } from "@slms/primitives/zoned";
import type { BillingRun } from "../generated/prisma/client.ts";

export interface RunView {
  id: string;
  siteId: string | null;
  targetDate: string;
  dryRun: boolean;
  status: string;
  total: number;
  done: number;
  issued: number;
  issuedMinor: number;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

export const runView = (row: BillingRun): RunView => ({
  id: row.id,
  siteId: row.siteId,
  targetDate: fromDbDate(row.targetDate),
  dryRun: row.dryRun,
  status: row.status,
  total: row.total,
  done: row.done,
  issued: row.issued,
  issuedMinor: Number(row.issuedMinor),
  startedAt: row.startedAt,
  finishedAt: row.finishedAt,
  error: row.error,
});
