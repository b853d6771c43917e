import type { SheetTotals } from "../domain/plan.ts";
import type { ImportJob } from "../generated/prisma/client.ts";

export type { ImportJob };

/** The steps of a commit, in order: each owning service's part, then the release of them all. */
export const stepNames = [
  "units",
  "customers",
  "leases",
  "balances",
  "deposits",
  "release",
] as const;
export type StepName = (typeof stepNames)[number];

export interface StepState {
  name: StepName;
  /** pending, running, done, failed, discarded. */
  state: string;
  rowsDone: number;
  rowsTotal: number;
}

/** What the commit made so far: kind → row key → object id. */
export type Made = Record<string, Record<string, string>>;

export const stepsOf = (job: Pick<ImportJob, "steps">) => job.steps as unknown as StepState[];
export const madeOf = (job: Pick<ImportJob, "made">) => job.made as unknown as Made;
export const sheetTotalsOf = (job: Pick<ImportJob, "sheetTotals">) =>
  job.sheetTotals as unknown as SheetTotals;
