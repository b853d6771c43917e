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
  /** The import's leases, and those of them billing has not heard of yet. */
  leases: number;
  leasesPending: number;
  /** Leases with a first bill; all the first bills and what they come to. */
  leasesBilled: number;
  billCount: number;
  amountMinor: number;
  /** The first 10,000 bills (`billCount` counts all), by lease, fee and period. */
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
 * issue, for the go/no-go of a go-live. Writes nothing. Billing hears of the leases through their
 * activation events, after the commit: until it has all of them (`leasesPending` 0) the figures
 * leave the pending ones out, and say so.
 */
export async function getFirstBills(
  deps: OnboardingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<FirstBills> {
  const data = parseInput(input, request, "request");
  const job = await jobOf(deps, caller, data.siteId, data.importId, {
    workbook: true,
    plan: true,
  });
  if (job.status !== "committed")
    throw conflict(`the import is ${job.status}`, [
      { field: "importId", message: "has no first bills until it is committed" },
    ]);
  const leaseIds = [...new Set(Object.values(madeOf(job).lease ?? {}))];
  const throughDate = monthEnd(fromDbDate(job.goLiveDate));
  if (leaseIds.length === 0) {
    return {
      throughDate,
      leases: 0,
      leasesPending: 0,
      leasesBilled: 0,
      billCount: 0,
      amountMinor: 0,
      bills: [],
    };
  }
  const { run, preview, previewAmountMinor, previewLeases, leasesKnown } = await deps
    .owners()
    .billing.StartBillingRun(
      { siteId: job.siteId, targetDate: throughDate, dryRun: true, wait: true, leaseIds },
      { caller: { ...callerOf(job), actor: caller.actor } },
    );
  const bills = preview
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
    leases: leaseIds.length,
    leasesPending: leaseIds.length - leasesKnown,
    leasesBilled: previewLeases,
    billCount: run?.total ?? 0,
    amountMinor: previewAmountMinor,
    bills,
  };
}
