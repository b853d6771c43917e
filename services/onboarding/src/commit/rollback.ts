import { conflict, type DomainError, isDomainError } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { type ImportJob, madeOf, type StepState, stepsOf } from "../db/jobs.ts";
import type { OnboardingDeps } from "../deps.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Owners } from "../sources.ts";
import { ownerOrder } from "./steps.ts";

// Rolling back a committed import: every owning service takes its part of the batch back as a
// whole (slms/common/v1/imports.proto), newest part first, and announces it so consumers forget
// it. Each service first only checks — nothing is removed unless every part can go — then each
// removes its part. A service's removal is one transaction and again answers `rolled_back`, so a
// rollback stopped midway (a service unreachable, a crash) is finished by running it again.

type Owner = (typeof ownerOrder)[number];

/** Owners in rollback order (the reverse of the commit's) and the step each one undoes. */
const rollbackOrder = [...ownerOrder].reverse() as Owner[];
const stepOf: Record<Owner, string> = {
  payments: "deposits",
  billing: "balances",
  contracts: "leases",
  customers: "customers",
  assets: "units",
};
export const rollbackStepName = (owner: Owner) => `rollback.${stepOf[owner]}`;

/** An import as a rollback reads it: no upload, no plan. */
export type RollbackJob = Omit<ImportJob, "workbook" | "plan">;

/** The ids the import made, which services check against (leases, customers, units). */
function madeIdsOf(job: RollbackJob) {
  const made = madeOf(job);
  const ids = (kind: string) => Object.values(made[kind] ?? {});
  return { leaseIds: ids("lease"), customerIds: ids("customer"), unitIds: ids("unit") };
}

/** Asks one owning service to roll back (or only check) its part of the import's batch. */
async function rollBackPart(
  owners: Owners,
  owner: Owner,
  caller: Caller,
  job: RollbackJob,
  checkOnly: boolean,
): Promise<string> {
  const batch = { siteId: job.siteId, batchId: job.id, checkOnly };
  const { leaseIds, customerIds, unitIds } = madeIdsOf(job);
  const call = { caller };
  switch (owner) {
    case "payments":
      return (await owners.payments.RollBackImport({ ...batch, leaseIds, customerIds }, call))
        .state;
    case "billing":
      return (await owners.billing.RollBackImport({ ...batch, leaseIds, customerIds }, call)).state;
    case "contracts":
      return (await owners.contracts.RollBackImport({ ...batch, customerIds, unitIds }, call))
        .state;
    case "customers":
      return (await owners.customers.RollBackImport(batch, call)).state;
    case "assets":
      return (await owners.assets.RollBackImport(batch, call)).state;
  }
}

/**
 * A service's refusal as the importer's: which part cannot go back, and why (the service's
 * message, which names up to five things that happened; its detail is cut short in transit).
 */
function refused(owner: Owner, error: DomainError): DomainError {
  const why = error.message.replace(/^the import cannot be rolled back: /, "");
  return conflict(`the import cannot be rolled back: ${stepOf[owner]} (${owner}): ${why}`, [
    { field: "importId", message: `${stepOf[owner]}: ${why}` },
  ]);
}

/**
 * Checks that every owning service can roll its part back (nothing happened to the import's
 * objects since): the first refusal is thrown as a conflict naming the part and the reason.
 */
export async function checkRollback(
  owners: Owners,
  caller: Caller,
  job: RollbackJob,
): Promise<void> {
  for (const owner of rollbackOrder) {
    try {
      await rollBackPart(owners, owner, caller, job, true);
    } catch (error) {
      throw isDomainError(error) && error.kind === "conflict" ? refused(owner, error) : error;
    }
  }
}

/**
 * Rolls back every part not rolled back yet, in order, recording each as it goes; answers the
 * import once `rolled_back`. A part that fails leaves the import `rolling_back` with the reason
 * (or, when no part was removed yet and a service refused, `committed` as it was) and throws.
 */
export async function finishRollback(
  deps: Pick<OnboardingDeps, "db" | "owners" | "clock" | "logger">,
  caller: Caller,
  start: RollbackJob,
): Promise<RollbackJob> {
  const owners = deps.owners();
  let steps = withRollbackSteps(stepsOf(start));
  const save = (data: Prisma.ImportJobUpdateInput) =>
    deps.db.importJob.update({
      where: { id: start.id },
      data: { ...data, updatedAt: deps.clock() },
      omit: { workbook: true, plan: true },
    });
  for (const owner of rollbackOrder) {
    const name = rollbackStepName(owner);
    if (steps.find((s) => s.name === name)?.state === "done") continue;
    try {
      await rollBackPart(owners, owner, caller, start, false);
    } catch (error) {
      const refusal = isDomainError(error) && error.kind === "conflict";
      // A refusal is a definite answer (that part removed nothing); a lost answer is not — the
      // part may have gone — so only a refusal before any part was removed leaves it committed.
      const nothingRemoved =
        refusal && steps.every((s) => !s.name.startsWith("rollback.") || s.rowsDone === 0);
      const reason = refusal ? refused(owner, error) : error;
      const message = reason instanceof Error ? reason.message : String(reason);
      deps.logger.warn({ importId: start.id, owner, err: error }, "rollback stopped");
      await save(
        nothingRemoved
          ? { status: "committed", steps: json(committedSteps(steps)), error: message }
          : { steps: json(mark(steps, name, "failed")), error: message },
      );
      throw reason;
    }
    steps = mark(steps, name, "done");
    await save({ steps: json(steps) });
  }
  const done = await save({
    status: "rolled_back",
    error: null,
    rolledBackAt: deps.clock(),
    rolledBackBy: caller.actor,
  });
  deps.logger.info({ importId: start.id }, "import rolled back");
  return done;
}

const json = (steps: StepState[]) => steps as unknown as Prisma.InputJsonValue;

/** The commit's steps with the rollback's after them (kept as they are when already there). */
function withRollbackSteps(steps: StepState[]): StepState[] {
  const out = [...steps];
  for (const owner of rollbackOrder) {
    const name = rollbackStepName(owner) as StepState["name"];
    if (!out.some((s) => s.name === name))
      out.push({ name, state: "pending", rowsDone: 0, rowsTotal: 1 });
  }
  return out;
}

/** A rollback refused before it removed anything: the commit's steps as they were. */
const committedSteps = (steps: StepState[]) => steps.filter((s) => !s.name.startsWith("rollback."));

function mark(steps: StepState[], name: string, state: "done" | "failed"): StepState[] {
  return steps.map((s) =>
    s.name === name ? { ...s, state, rowsDone: state === "done" ? 1 : 0 } : s,
  );
}
