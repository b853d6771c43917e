import { conflict, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { fromDbDate } from "@slms/primitives/zoned";
import { z } from "zod";
import { callerOf } from "../commit/worker.ts";
import { madeOf } from "../db/jobs.ts";
import type { OnboardingDeps } from "../deps.ts";
import { jobOf } from "./site.ts";

const input = z.object({
  siteId: z.string().min(1).max(64),
  importId: z.string().min(1).max(64),
});

export interface FirstBills {
  throughDate: string;
  leasesBilled: number;
  billCount: number;
  amountMinor: number;
  bills: {
    leaseId: string;
    feeCode: string;
    periodStart: string;
    periodEnd: string;
    issueDate: string;
    dueDate: string;
    amountMinor: number;
  }[];
}

/** The last day of a date's month (`YYYY-MM-DD`). */
export function monthEnd(date: string): string {
  const [year, month] = date.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${date.slice(0, 7)}-${String(last).padStart(2, "0")}`;
}

/**
 * The first bills of a committed import's leases (首期账单): billing's dry run of the site through
 * the last day of the go-live month, kept to the import's leases — what the first real run will
 * issue, for the go/no-go of a go-live. Writes nothing.
 */
export async function getFirstBills(
  deps: OnboardingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<FirstBills> {
  const data = parseInput(input, request, "request");
  const job = await jobOf(deps, caller, data.siteId, data.importId);
  if (job.status !== "committed")
    throw conflict(`the import is ${job.status}`, [
      { field: "importId", message: "has no first bills until it is committed" },
    ]);
  const leaseIds = new Set(Object.values(madeOf(job).lease ?? {}));
  const throughDate = monthEnd(fromDbDate(job.goLiveDate));
  const { preview } = await deps
    .owners()
    .billing.StartBillingRun(
      { siteId: job.siteId, targetDate: throughDate, dryRun: true, wait: true },
      { caller: { ...callerOf(job), actor: caller.actor } },
    );
  const bills = preview
    .filter((b) => leaseIds.has(b.leaseId))
    .map((b) => ({
      leaseId: b.leaseId,
      feeCode: b.feeCode,
      periodStart: b.periodStart,
      periodEnd: b.periodEnd,
      issueDate: b.issueDate,
      dueDate: b.dueDate,
      amountMinor: b.amountMinor,
    }))
    .sort(
      (a, b) =>
        a.leaseId.localeCompare(b.leaseId) ||
        a.feeCode.localeCompare(b.feeCode) ||
        a.periodStart.localeCompare(b.periodStart),
    );
  return {
    throughDate,
    leasesBilled: new Set(bills.map((b) => b.leaseId)).size,
    billCount: bills.length,
    amountMinor: bills.reduce((sum, b) => sum + b.amountMinor, 0),
    bills,
  };
}
