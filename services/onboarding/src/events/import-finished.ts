import { EventTypes, type ImportFinishedV1 } from "@slms/contracts";
import { newEvent } from "@slms/db";
import type { ImportJob } from "../db/jobs.ts";
import type { SheetTotals } from "../domain/plan.ts";
import { differences } from "../domain/reconciliation.ts";

const EMPTY_COUNTS = { units: 0, customers: 0, leases: 0, arrears: 0, deposits: 0, prepayments: 0 };

/** `onboarding.import.finished` for an import that just ended. */
export function importFinished(job: Omit<ImportJob, "workbook" | "plan" | "made">) {
  const data: ImportFinishedV1 = {
    importId: job.id,
    siteId: job.siteId,
    status: job.status as "committed" | "failed",
    fileName: job.fileName,
    counts: { ...EMPTY_COUNTS, ...(job.counts as Record<string, number>) },
    error: job.error ?? "",
    reconciled:
      job.status === "committed" &&
      job.systemTotals !== null &&
      differences(
        job.sheetTotals as unknown as SheetTotals,
        job.systemTotals as unknown as SheetTotals,
      ).length === 0,
  };
  return newEvent(
    EventTypes.ImportFinished,
    { actor: job.committedBy ?? job.createdBy, orgId: job.orgId, siteId: job.siteId },
    data,
  );
}
