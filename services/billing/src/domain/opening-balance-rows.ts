import { feeCodePattern } from "@slms/contracts";
import { type FieldIssue, fieldIssues } from "@slms/errors";
import { z } from "zod";
import { date, id, instant, positiveAmount, text } from "./fields.ts";

// The rows of a go-live import's opening balances (billing's ImportOpeningBalances), as the
// request brings them: each row checked on its own, then what only the call as a whole shows.

/** Rows of each list a call takes at most. */
export const MAX_IMPORT_ROWS = 10_000;

const key = z.string().min(1, "is required").pipe(text(200));

export const billRow = z
  .object({
    key,
    leaseId: id,
    customerId: id,
    feeCode: z.string().regex(feeCodePattern, "must be a fee item code"),
    periodStart: date,
    periodEnd: date,
    dueDate: date,
    amountMinor: positiveAmount,
    note: z.string().trim().pipe(text(500)).default(""),
  })
  .refine((row) => row.periodEnd >= row.periodStart, {
    path: ["periodEnd"],
    message: "must be on or after periodStart",
  });

export const prepaymentRow = z.object({
  key,
  customerId: id,
  leaseId: z
    .string()
    .pipe(text(100))
    .default("")
    .transform((value) => value || null),
  amountMinor: positiveAmount,
  effectiveAt: instant,
});

export const input = z.object({
  siteId: id,
  batchId: id,
  bills: z.array(z.unknown()).max(MAX_IMPORT_ROWS, `at most ${MAX_IMPORT_ROWS} rows a call`),
  prepayments: z.array(z.unknown()).max(MAX_IMPORT_ROWS, `at most ${MAX_IMPORT_ROWS} rows a call`),
});

export type ImportOpeningBalancesRequest = {
  siteId: string;
  batchId: string;
  bills: z.input<typeof billRow>[];
  prepayments: z.input<typeof prepaymentRow>[];
};

export type BillInput = z.output<typeof billRow>;
export type PrepaymentInput = z.output<typeof prepaymentRow>;

/** What makes an opening-arrears bill unique: one per lease, fee item and period. */
export const dedupeKeyOf = (b: Pick<BillInput, "leaseId" | "feeCode" | "periodStart">) =>
  `opening:${b.leaseId}:${b.feeCode}:${b.periodStart}`;

/**
 * Every row checked, every problem reported (`bills.3.periodEnd`); then what only the call as a
 * whole shows: a key twice, a lease, fee and period twice. Rows with a problem are null.
 */
export function parseRows(head: z.output<typeof input>) {
  const issues: FieldIssue[] = [];
  const parseList = <S extends z.ZodType>(schema: S, rows: unknown[], list: string) =>
    rows.map((row, i) => {
      const parsed = schema.safeParse(row);
      if (parsed.success) return parsed.data as z.output<S>;
      issues.push(...fieldIssues(parsed.error, `${list}.${i}.`));
      return null;
    });
  const bills = parseList(billRow, head.bills, "bills");
  const prepayments = parseList(prepaymentRow, head.prepayments, "prepayments");
  issues.push(
    ...repeats(bills, "bills", "key", (b) => b.key, "repeats the key of row"),
    ...repeats(
      bills,
      "bills",
      "periodStart",
      (b) => dedupeKeyOf(b),
      "repeats the lease, fee item and period of row",
    ),
    ...repeats(prepayments, "prepayments", "key", (p) => p.key, "repeats the key of row"),
  );
  return { bills, prepayments, issues };
}

function repeats<T>(
  rows: readonly (T | null)[],
  list: string,
  field: string,
  keyOf: (row: T) => string,
  message: string,
): FieldIssue[] {
  const first = new Map<string, number>();
  const issues: FieldIssue[] = [];
  rows.forEach((row, i) => {
    if (row === null) return;
    const k = keyOf(row);
    const earlier = first.get(k);
    if (earlier === undefined) first.set(k, i);
    else issues.push({ field: `${list}.${i}.${field}`, message: `${message} ${earlier}` });
  });
  return issues;
}
