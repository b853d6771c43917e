import type { OnboardingDeps } from "../deps.ts";
import type { ImportPlan } from "../domain/plan.ts";
import { type RowDifference, rowDifferences, type SystemRows } from "../domain/reconciliation.ts";

/** The sheets of a plan, as a commit reads them. */
export const planSheets = [
  "units",
  "customers",
  "leases",
  "arrears",
  "prepayments",
  "deposits",
] as const;
export type PlanSheet = (typeof planSheets)[number];

/**
 * A plan's rows as a commit reads them: how many each sheet has, and a slice at a time — so a
 * commit holds one chunk of the plan, not the whole (tens of megabytes at 10,000 units). The
 * commit worker reads slices from the stored plan (worker.ts); {@link planRowsOf} serves a plan
 * in memory.
 */
export interface PlanRows {
  counts: Readonly<Record<PlanSheet, number>>;
  slice<S extends PlanSheet>(sheet: S, from: number, count: number): Promise<ImportPlan[S]>;
}

/** A plan in memory as {@link PlanRows}. */
export function planRowsOf(plan: ImportPlan): PlanRows {
  return {
    counts: Object.fromEntries(planSheets.map((sheet) => [sheet, plan[sheet].length])) as Record<
      PlanSheet,
      number
    >,
    slice: async (sheet, from, count) => plan[sheet].slice(from, from + count) as never,
  };
}

/**
 * The plan of a stored import as {@link PlanRows}: the counts read once, each slice read from the
 * stored plan when asked (`jsonb_path_query_array` over the sheet's array), so only that slice
 * crosses into the process.
 */
export async function storedPlanRows(
  db: OnboardingDeps["db"],
  importId: string,
): Promise<PlanRows> {
  const [row] = await db.$queryRawUnsafe<Record<PlanSheet, number>[]>(
    `SELECT ${planSheets.map((sheet) => `jsonb_array_length(plan -> '${sheet}')::int AS ${sheet}`).join(", ")}
       FROM import_jobs WHERE id = $1`,
    importId,
  );
  if (!row) throw new Error(`import ${importId} has no plan`);
  return {
    counts: row,
    async slice(sheet, from, count) {
      if (count <= 0 || from >= row[sheet]) return [] as never;
      const [slice] = await db.$queryRawUnsafe<{ rows: unknown }[]>(
        `SELECT jsonb_path_query_array(plan -> $2, ('$[' || $3::int || ' to ' || $4::int || ']')::jsonpath) AS rows
           FROM import_jobs WHERE id = $1`,
        importId,
        sheet,
        from,
        from + count - 1,
      );
      return (slice?.rows ?? []) as never;
    },
  };
}

/** Rows compared per slice by {@link rowDifferencesOf}. */
const COMPARED = 2_000;

/**
 * {@link rowDifferences} over a plan read a slice at a time (the rows are independent), in the
 * same sheet and row order.
 */
export async function rowDifferencesOf(
  plan: PlanRows,
  made: Parameters<typeof rowDifferences>[1],
  system: SystemRows,
): Promise<RowDifference[]> {
  const out: RowDifference[] = [];
  const none = { units: [], leases: [], arrears: [], deposits: [], prepayments: [] };
  for (const sheet of ["units", "leases", "arrears", "deposits", "prepayments"] as const)
    for (let from = 0; from < plan.counts[sheet]; from += COMPARED) {
      const rows = await plan.slice(sheet, from, COMPARED);
      out.push(...rowDifferences({ ...none, [sheet]: rows }, made, system));
    }
  return out;
}
