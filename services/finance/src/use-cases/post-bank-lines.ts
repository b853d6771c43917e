import type { Site } from "@slms/contracts/assets";
import type { BankLineResult } from "@slms/contracts/finance";
import { newId } from "@slms/db";
import {
  conflict,
  type FieldIssue,
  forbidden,
  invalid,
  isDomainError,
  parseInput,
} from "@slms/errors";
import { isDateInRange, MAX_AMOUNT_MINOR, todayIn } from "@slms/primitives";
import { z } from "zod";
import { customersPaidFrom, storedBankLine } from "../db/bank-lines.ts";
import type { FinanceDeps } from "../deps.ts";
import { candidatesIn, type MatchKind, normalisedAccount } from "../domain/bank-reference.ts";
import { type EdgeClient, edgeCaller } from "../domain/edge-caller.ts";
import type { BankLine, Prisma } from "../generated/prisma/client.ts";
import { type BankPayer, recordBankPayment } from "./bank-payment.ts";
import { siteInScope } from "./site-in-scope.ts";

export const MAX_BANK_LINES = 500;

/** Printable text: no control characters, well-formed. */
const printable = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .refine(
      (v) => v.isWellFormed() && ![...v].some((c) => c < " " || c === "\u007f"),
      "has control characters",
    );

const line = z.object({
  lineId: printable(100).refine((v) => v.trim().length > 0, "is required"),
  amount: z.object(
    {
      currencyCode: z.string(),
      amountMinor: z
        .number()
        .int()
        .min(1, "must be positive")
        .max(MAX_AMOUNT_MINOR, `at most ${MAX_AMOUNT_MINOR}`),
    },
    { error: "is required" },
  ),
  valueDate: z.string().refine(isDateInRange, "must be a date YYYY-MM-DD (2000–2099)"),
  payerName: printable(200),
  payerAccount: printable(200),
  reference: printable(200),
});

const input = z.object({
  siteId: z.string(),
  lines: z
    .array(line)
    .min(1, "give at least one line")
    .max(MAX_BANK_LINES, `at most ${MAX_BANK_LINES} lines`)
    .superRefine((lines, ctx) => {
      const seen = new Set<string>();
      for (const [i, l] of lines.entries()) {
        if (seen.has(l.lineId))
          ctx.addIssue({ code: "custom", path: [i, "lineId"], message: "is given twice" });
        seen.add(l.lineId);
      }
    }),
});

export interface PostBankLinesInput {
  siteId: string;
  lines: {
    lineId: string;
    /** Absent when the request left it out (named as required). */
    amount?: { currencyCode: string; amountMinor: number } | null;
    valueDate: string;
    payerName: string;
    payerAccount: string;
    reference: string;
  }[];
}
type Line = z.output<typeof line>;

/** The content a line id stands for: posting the same id again must carry the same. */
const sameContent = (row: BankLine, siteId: string, l: Line) =>
  row.siteId === siteId &&
  Number(row.amountMinor) === l.amount.amountMinor &&
  row.currency === l.amount.currencyCode &&
  row.valueDate === l.valueDate &&
  row.payerName === l.payerName &&
  row.payerAccount === l.payerAccount &&
  row.reference === l.reference;

/**
 * Takes bank statement lines of a site from an ERP client that may post. Each line is stored once
 * per line id (in the organisation); a line whose reference names a bill, a lease or a customer
 * of the site becomes a payment by bank transfer, recorded by the payments service under the
 * request id `bank:<line>` — so however often a line is posted, raced or resumed after a crash,
 * it is one payment; the others wait for a cashier (`unmatched`). Posting a line again answers
 * its current state; with other content it is a `conflict` naming it, and nothing is written.
 *
 * Refused before anything is written: a site out of the client's scope (NOT_FOUND), a read-only
 * client (forbidden), a line in another currency than the site's or with a value date after
 * today at the site (`invalid` naming it).
 */
export async function postBankLines(
  deps: FinanceDeps,
  client: EdgeClient,
  request: PostBankLinesInput,
): Promise<BankLineResult[]> {
  const value = parseInput(input, request, "request");
  const site = await siteInScope(deps, client, value.siteId);
  if (!client.canPost) throw forbidden("this API client may only read");
  const today = todayIn(site.timeZone, deps.clock());
  const issues: FieldIssue[] = [];
  for (const [i, l] of value.lines.entries()) {
    if (l.amount.currencyCode !== site.currencyCode)
      issues.push({
        field: `lines.${i}.amount.currencyCode`,
        message: `must be the site's currency, ${site.currencyCode}`,
      });
    if (l.valueDate > today)
      issues.push({ field: `lines.${i}.valueDate`, message: "is after today at the site" });
  }
  if (issues.length > 0) throw invalid("invalid request", issues);

  const ids = value.lines.map((l) => l.lineId);
  const stored = async (db: Prisma.TransactionClient = deps.db) => {
    const rows = await db.bankLine.findMany({
      where: { orgId: client.orgId, lineId: { in: ids } },
    });
    const byId = new Map(rows.map((r) => [r.lineId, r]));
    const clashes = value.lines.flatMap((l, i) => {
      const row = byId.get(l.lineId);
      return row && !sameContent(row, site.id, l)
        ? [{ field: `lines.${i}.lineId`, message: "was posted before with other content" }]
        : [];
    });
    if (clashes.length > 0) throw conflict("bank line posted before with other content", clashes);
    return byId;
  };

  const before = await stored();
  // One transaction: a line another call stored meanwhile with other content takes back what
  // this call stored, so a refused call writes nothing.
  const rows = await deps.db.$transaction(async (tx) => {
    await tx.bankLine.createMany({
      data: value.lines
        .filter((l) => !before.has(l.lineId))
        .map((l) => ({
          id: newId("bnk"),
          orgId: client.orgId,
          siteId: site.id,
          lineId: l.lineId,
          amountMinor: BigInt(l.amount.amountMinor),
          currency: l.amount.currencyCode,
          valueDate: l.valueDate,
          payerName: l.payerName,
          payerAccount: l.payerAccount,
          reference: l.reference,
          status: "pending",
          postedBy: client.id,
        })),
      // A concurrent post of the same line: its row stands (once committed), read back below.
      skipDuplicates: true,
    });
    return stored(tx);
  });

  const results: BankLineResult[] = [];
  for (const l of value.lines) {
    let row = rows.get(l.lineId)!;
    if (row.status === "pending") row = await settle(deps, client, site, row);
    results.push(result(row));
  }
  return results;
}

/** What the client is told of a line: a part of what the cashiers see. */
const result = (row: BankLine): BankLineResult => {
  const { siteId, lineId, status, matchedBy, paymentId, receiptNumber, customerId } =
    storedBankLine(row);
  return { siteId, lineId, status, matchedBy, paymentId, receiptNumber, customerId };
};

interface Payer extends BankPayer {
  kind: MatchKind;
}

/**
 * Whose payment a line is: the first id of its reference that is a bill, lease or customer of
 * the site; else the lease whose contract number the reference names (contracts'
 * FindLeaseInText); else the customer earlier lines from the same payer account were paid to,
 * when that is one customer (an account that paid two customers is matched on no more); else
 * null.
 */
async function payerOf(
  deps: FinanceDeps,
  client: EdgeClient,
  row: BankLine,
): Promise<Payer | null> {
  const { siteId, reference } = row;
  const owners = deps.owners();
  const caller = edgeCaller(client);
  const missing = (error: unknown) => {
    if (isDomainError(error) && (error.kind === "not_found" || error.kind === "invalid"))
      return null;
    throw error;
  };
  for (const candidate of candidatesIn(reference)) {
    const request = { siteId, id: candidate.id };
    if (candidate.kind === "bill") {
      const found = await owners.billing.GetBill(request, { caller }).catch(missing);
      const bill = found?.bill;
      if (bill)
        return {
          kind: "bill",
          customerId: bill.customerId,
          leaseId: bill.leaseId,
          billIds: [bill.id],
        };
    } else if (candidate.kind === "lease") {
      const found = await owners.contracts.GetLease(request, { caller }).catch(missing);
      const lease = found?.lease;
      if (lease)
        return { kind: "lease", customerId: lease.customerId, leaseId: lease.id, billIds: [] };
    } else {
      const found = await owners.customers.GetCustomer(request, { caller }).catch(missing);
      const customer = found?.customer;
      if (customer) return { kind: "customer", customerId: customer.id, leaseId: "", billIds: [] };
    }
  }
  const named = await owners.contracts
    .FindLeaseInText({ siteId, text: reference }, { caller })
    .catch(missing);
  if (named?.lease) {
    const { lease } = named;
    return {
      kind: "contract_number",
      customerId: lease.customerId,
      leaseId: lease.id,
      billIds: [],
    };
  }
  const account = normalisedAccount(row.payerAccount);
  if (!account) return null;
  const customers = await customersPaidFrom(deps.db, client.orgId, siteId, account);
  if (customers.length !== 1) return null;
  // Still the site's customer (an import rolled back takes its customers away).
  const found = await owners.customers
    .GetCustomer({ siteId, id: customers[0]! }, { caller })
    .catch(missing);
  return found?.customer
    ? { kind: "payer_account", customerId: found.customer.id, leaseId: "", billIds: [] }
    : null;
}

/** Matches a pending line and records its payment, or puts it in the unmatched queue. */
async function settle(
  deps: FinanceDeps,
  client: EdgeClient,
  site: Site,
  row: BankLine,
): Promise<BankLine> {
  const payer = await payerOf(deps, client, row);
  if (!payer) {
    return deps.db.bankLine.update({ where: { id: row.id }, data: { status: "unmatched" } });
  }
  const payment = await recordBankPayment(
    deps,
    edgeCaller(client),
    row,
    site.timeZone,
    payer,
    "银行到账 / bank statement",
  );
  return deps.db.bankLine.update({
    where: { id: row.id },
    data: {
      status: "matched",
      matchedBy: payer.kind,
      customerId: payer.customerId,
      leaseId: payer.leaseId || null,
      billId: payer.billIds[0] ?? null,
      paymentId: payment.id,
      receiptNumber: payment.receiptNumber,
    },
  });
}
