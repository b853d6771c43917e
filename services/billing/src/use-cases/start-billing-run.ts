import { newId, retryOnConnectionError, writeOutbox } from "@slms/db";
import { invalid, notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { toDbDate } from "@slms/primitives/zoned";
import {
  billingBillsIssued,
  billingLastRunCompleted,
  billingRunDuration,
  currentTraceparent,
  withSpan,
} from "@slms/telemetry";
import { z } from "zod";
import { type BillView, billView } from "../db/bills.ts";
import {
  type ChunkKey,
  type ChunkResult,
  candidateTotals,
  countCandidates,
  countKnownLeases,
  issueChunk,
  previewCandidates,
} from "../db/run-sql.ts";
import { type RunView, runView } from "../db/runs.ts";
import type { BillingDeps } from "../deps.ts";
import { date, id } from "../domain/fields.ts";
import { billingRunCompleted } from "../events/bill-events.ts";
import type { Bill } from "../generated/prisma/client.ts";
import { settlePrepayments } from "./settle-prepayments.ts";

const input = z
  .object({
    siteId: id.optional(),
    targetDate: date,
    dryRun: z.boolean().default(false),
    wait: z.boolean().default(false),
    leaseIds: z.array(id).max(100_000).optional(),
  })
  .superRefine((run, ctx) => {
    if (run.leaseIds === undefined || (run.dryRun && run.siteId)) return;
    ctx.addIssue({
      code: "custom",
      path: ["leaseIds"],
      message: "is only for a dry run of one site",
    });
  });

const PREVIEW_LIMIT = 10_000;

export interface StartedRun {
  run: RunView;
  /** Dry run: the first {@link PREVIEW_LIMIT} bills a real run would issue. */
  preview: BillView[];
  /**
   * Dry run: what all its bills come to, how many leases they are of, and how many of the
   * `leaseIds` asked about billing holds (0 without them).
   */
  previewTotals?: { amountMinor: number; leases: number; leasesKnown: number };
  finished: Promise<RunView>;
}

const SERVICE = { service: "billing" };
const COMPLETED = { service: "billing", outcome: "completed" };
const FAILED = { service: "billing", outcome: "failed" };

/**
 * A billing run: issues every scheduled charge due by the target date that has no bill yet, for
 * one site or all sites in scope, in chunks that each commit with their events. Progress (done of
 * total) is on the run row, committed with each chunk. Safe to repeat, to run concurrently and to
 * re-run after a crash (see db/run-sql.ts); a step whose database connection is lost is retried on
 * a new connection (up to 5 attempts over about 3 s) before the run fails. A dry run counts,
 * sums and lists (the first 10,000) what a real run would issue and writes no bill; with
 * `leaseIds` (one site only) it covers only those leases and tells how many of them billing holds
 * — a lease whose activation is still on its way has no bill in it (onboarding's first bills).
 * Customers with a prepayment balance have it applied to their new bills at the end. A run that
 * ends (completed or failed, never a dry run) announces it: `billing.run.completed`.
 *
 * A real run is one span (`billing run`) and feeds the billing metrics: its duration by outcome
 * (`slms_billing_run_duration_seconds`), the bills it issued (`slms_billing_bills_issued_total`)
 * and, when it completed, `slms_billing_last_run_completed_timestamp_seconds`.
 */
export async function startBillingRun(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<StartedRun> {
  const data = parseInput(input, request, "billing run");
  const siteIds = await sitesOf(deps, caller, data.siteId);
  const target = data.targetDate;
  const leaseIds = data.leaseIds ?? null;
  // A dry run also tells what its bills come to; a real run (up to millions) only counts.
  const totals = data.dryRun
    ? await candidateTotals(deps.db, caller.orgId, siteIds, target, leaseIds)
    : {
        count: await countCandidates(deps.db, caller.orgId, siteIds, target),
        minor: 0n,
        leases: 0,
      };
  const row = await deps.db.billingRun.create({
    data: {
      id: newId("brn"),
      orgId: caller.orgId,
      siteId: data.siteId ?? null,
      targetDate: toDbDate(target),
      dryRun: data.dryRun,
      status: data.dryRun ? "completed" : "running",
      total: totals.count,
      actor: caller.actor,
      ...(data.dryRun ? { finishedAt: deps.clock() } : {}),
    },
  });
  if (data.dryRun) {
    const rows = await previewCandidates(
      deps.db,
      caller.orgId,
      siteIds,
      target,
      PREVIEW_LIMIT,
      leaseIds,
    );
    const preview = rows.map((c) =>
      billView({
        id: "",
        dedupeKey: "",
        orgId: caller.orgId,
        siteId: c.site_id,
        leaseId: c.lease_id,
        customerId: c.customer_id,
        feeCode: c.fee_code,
        kind: "charge",
        periodStart: c.period_start,
        periodEnd: c.period_end,
        issueDate: c.issue_date,
        dueDate: c.due_date,
        currency: c.currency,
        amountMinor: c.amount_minor,
        allocatedMinor: 0n,
        waivedMinor: 0n,
        status: "open",
        overdue: false,
        version: 0,
        billingRunId: null,
        relatedBillId: null,
        note: null,
        createdAt: row.startedAt,
      } satisfies Bill),
    );
    return {
      run: runView(row),
      preview,
      previewTotals: {
        amountMinor: Number(totals.minor),
        leases: totals.leases,
        leasesKnown:
          leaseIds === null ? 0 : await countKnownLeases(deps.db, caller.orgId, siteIds, leaseIds),
      },
      finished: Promise.resolve(runView(row)),
    };
  }
  const finished = withSpan(
    "billing run",
    { attributes: { "slms.billing_run.id": row.id, "slms.billing_run.sites": siteIds.length } },
    () =>
      execute(deps, {
        orgId: caller.orgId,
        siteIds,
        target,
        runId: row.id,
        actor: caller.actor,
        traceparent: currentTraceparent(),
      }),
  );
  if (data.wait) {
    const done = await finished;
    return { run: done, preview: [], finished };
  }
  return { run: runView(row), preview: [], finished };
}

async function execute(
  deps: BillingDeps,
  run: {
    orgId: string;
    siteIds: string[];
    target: string;
    runId: string;
    actor: string;
    traceparent: string | null;
  },
): Promise<RunView> {
  // Every step is safe to repeat, so a step whose database connection was lost (a failover, an
  // operator's pg_terminate_backend) is retried on a new one instead of failing the run.
  const retrying = <T>(step: string, work: () => Promise<T>) =>
    retryOnConnectionError(work, {
      attempts: RUN_STEP_ATTEMPTS,
      backoffMs: 200,
      onRetry: (error, attempt) =>
        deps.logger.warn(
          { err: error, runId: run.runId, step, attempt },
          "billing run lost its database connection; retrying the step",
        ),
    });
  const started = performance.now();
  try {
    // Site by site, each walked in key order from where its previous chunk ended; up to
    // `runWorkers` sites at once, each on its own connection (sites share no lines or bills).
    const billSite = async (siteId: string) => {
      let after: ChunkKey | null = null;
      for (;;) {
        const from: ChunkKey | null = after;
        // The chunk and the run's progress commit together, so a chunk retried after a lost
        // COMMIT (which may have happened) neither bills twice (NOT EXISTS / ON CONFLICT skip
        // what is billed) nor counts twice.
        const chunk: ChunkResult = await retrying("chunk", () =>
          deps.db.$transaction(
            async (tx) => {
              const result = await issueChunk(tx, { ...run, siteId }, deps.runChunkSize, from);
              if (result.selected > 0) {
                await tx.billingRun.update({
                  where: { id: run.runId },
                  data: {
                    done: { increment: result.selected },
                    issued: { increment: result.inserted },
                    issuedMinor: { increment: result.insertedMinor },
                  },
                });
              }
              return result;
            },
            // With several sites at once, a chunk may wait for a connection: it waits, not fails.
            { timeout: 120_000, maxWait: 120_000 },
          ),
        );
        if (chunk.selected === 0) return;
        after = chunk.last;
        if (chunk.inserted > 0) billingBillsIssued().add(chunk.inserted, SERVICE);
        deps.outboxWritten();
        // A short chunk took every candidate left after its start: the site is done, without
        // another transaction to find nothing (a line scheduled meanwhile is the next run's).
        if (chunk.selected < deps.runChunkSize) return;
      }
    };
    // A site that failed fails the run: the other workers finish their site and take no more.
    const sites = [...run.siteIds];
    const failures: unknown[] = [];
    const worker = async () => {
      for (let siteId = sites.shift(); siteId && failures.length === 0; siteId = sites.shift()) {
        await billSite(siteId).catch((error: unknown) => void failures.push(error));
      }
    };
    await Promise.all(Array.from({ length: Math.min(deps.runWorkers, sites.length) }, worker));
    if (failures.length > 0) throw failures[0];
    await retrying("prepayments", () =>
      settlePrepayments(deps, run.actor, { billingRunId: run.runId }),
    );
    const view = await retrying("finish", () => finishRun(deps, run, { status: "completed" }));
    billingRunDuration().record((performance.now() - started) / 1000, COMPLETED);
    billingLastRunCompleted().record(Date.now() / 1000, SERVICE);
    return view;
  } catch (error) {
    deps.logger.error({ err: error, runId: run.runId }, "billing run failed; re-run to resume");
    billingRunDuration().record((performance.now() - started) / 1000, FAILED);
    return retrying("finish", () =>
      finishRun(deps, run, { status: "failed", error: String(error) }),
    );
  }
}

/** Attempts per run step (chunk, prepayments, finish) when the database connection is lost. */
const RUN_STEP_ATTEMPTS = 5;

/**
 * Marks the run finished and announces it (`billing.run.completed`, with what it issued per
 * currency) in the same transaction: the staff hear of every run that ends, once — also when
 * this is retried after a lost COMMIT that did happen (a finished run is left as it is).
 */
async function finishRun(
  deps: BillingDeps,
  run: { orgId: string; siteIds: string[]; runId: string },
  end: { status: "completed" } | { status: "failed"; error: string },
): Promise<RunView> {
  let announced = false;
  const view = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.billingRun.updateMany({
      where: { id: run.runId, status: "running" },
      data: { ...end, finishedAt: deps.clock() },
    });
    const row = await tx.billingRun.findUniqueOrThrow({ where: { id: run.runId } });
    const view = runView(row);
    if (count === 0) return view;
    const totals = await tx.$queryRawUnsafe<
      { currency: string; issued: number; issued_minor: bigint }[]
    >(
      `SELECT currency, count(*)::int AS issued, sum(amount_minor)::bigint AS issued_minor
         FROM bills WHERE billing_run_id = $1 GROUP BY currency ORDER BY currency`,
      run.runId,
    );
    await writeOutbox(
      tx,
      billingRunCompleted(
        run.orgId,
        { ...view, actor: row.actor },
        run.siteIds,
        totals.map((t) => ({
          currency: t.currency,
          issued: t.issued,
          issuedMinor: Number(t.issued_minor),
        })),
      ),
    );
    announced = true;
    return view;
  });
  if (announced) deps.outboxWritten();
  return view;
}

/** The sites a run covers: the one asked for, or every site the caller may see that has leases. */
async function sitesOf(
  deps: BillingDeps,
  caller: Caller,
  siteId: string | undefined,
): Promise<string[]> {
  if (siteId) {
    if (!canSeeSite(caller, siteId)) throw notFound("site");
    return [siteId];
  }
  // DISTINCT in SQL: Prisma's `distinct` reads every lease and dedupes in memory, which ran the
  // service out of heap at a million leases (bench/billing-run).
  const scope = caller.siteIds === "all" ? null : [...caller.siteIds];
  const rows = await deps.db.$queryRawUnsafe<{ site_id: string }[]>(
    `SELECT DISTINCT site_id FROM billing_leases
      WHERE org_id = $1 AND ($2::text[] IS NULL OR site_id = ANY ($2::text[]))
      ORDER BY site_id`,
    caller.orgId,
    scope,
  );
  if (rows.length === 0 && scope?.length === 0) {
    throw invalid("no site in scope", [{ field: "siteId", message: "is required" }]);
  }
  return rows.map((r) => r.site_id);
}
