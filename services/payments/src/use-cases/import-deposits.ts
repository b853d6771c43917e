import { importedObjects, newId, openImportBatch, recordImportedRows, writeOutbox } from "@slms/db";
import { conflict, type FieldIssue, fieldIssues, invalid, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { z } from "zod";
import {
  heldByLease,
  insertDepositEntries,
  lockDepositAccounts,
  settledLeases,
} from "../db/deposit-import.ts";
import { requireSiteInScope } from "../db/scope.ts";
import type { PaymentsDeps } from "../deps.ts";
import { amountMinor, id, method, receivedAt, text } from "../domain/fields.ts";
import { fingerprint } from "../domain/fingerprint.ts";
import { toSafeNumber } from "../domain/money.ts";
import { depositEntryEvent } from "../events/deposit-events.ts";
import type { DepositEntry } from "../generated/prisma/client.ts";

/** Rows a call takes at most. */
export const MAX_IMPORT_ROWS = 10_000;

/** The import-row kind of payments' part of a batch (`import_rows.kind`). */
export const DEPOSIT_KIND = "deposit";

const row = (now: Date) =>
  z.object({
    key: text(200).refine((value) => value.length > 0, "is required"),
    leaseId: id,
    customerId: id,
    amountMinor,
    receivedAt: receivedAt(now),
    reference: text(200),
    method: method.default("other"),
  });

const input = z.object({
  siteId: id,
  batchId: id,
  deposits: z.array(z.unknown()).max(MAX_IMPORT_ROWS, `at most ${MAX_IMPORT_ROWS} rows a call`),
});

type Row = z.output<ReturnType<typeof row>>;

export interface ImportDepositsRequest {
  siteId: string;
  batchId: string;
  deposits: z.input<ReturnType<typeof row>>[];
}

/**
 * Go-live import, payments' part: the deposits held per lease at go-live, as `received` entries
 * of the deposit ledger written exactly as RecordDeposit writes them — the lease's account opened
 * (in the site's currency) and locked, `held_after` the lease's running total, the method (other
 * when not given), when and reference, the caller as actor — announced by
 * `payments.deposit.received` with what is held after each, held until the batch is released
 * (@slms/db imports.ts). A deposit takes no receipt number (RecordDeposit assigns none). The
 * request id of an imported entry is `import:<batch>:<row key>`, its fingerprint the one
 * RecordDeposit would store for the same content.
 *
 * Leases and customers are taken as given: contracts and customers make them in the same batch
 * and nothing is asked per row. Several rows may be of one lease (one receipt per row): each
 * adds to what it holds, in the request's order; they must name the same customer. Every row is
 * checked before anything is written, each problem naming `deposits.<i>.<field>`. A lease whose
 * deposit another customer holds, or whose deposit was settled, is a conflict naming the row.
 * All of a call's rows or none; rows sent again in the batch are not made twice.
 */
export async function importDeposits(
  deps: PaymentsDeps,
  caller: Caller,
  request: ImportDepositsRequest,
): Promise<{ deposits: { key: string; id: string }[] }> {
  const head = parseInput(input, request, "deposits");
  const { siteId, batchId } = head;
  requireSiteInScope(caller, siteId);
  const rows = parseRows(head.deposits, deps.clock());
  const site = await deps.sites.facts(caller, siteId);
  const scope = { orgId: caller.orgId, siteId };

  return deps.db.$transaction(
    async (tx) => {
      await openImportBatch(tx, { batchId, ...scope });
      const made = await importedObjects(
        tx,
        batchId,
        DEPOSIT_KIND,
        rows.map((r) => r.key),
      );
      const fresh = rows.map((r, index) => ({ r, index })).filter(({ r }) => !made.has(r.key));

      const leases = new Map(fresh.map(({ r }) => [r.leaseId, r.customerId]));
      const accounts = await lockDepositAccounts(tx, { ...scope, currency: site.currency }, leases);
      const settled = await settledLeases(tx, [...leases.keys()]);
      const conflicts: FieldIssue[] = fresh.flatMap(({ r, index }): FieldIssue[] => {
        const account = accounts.get(r.leaseId)!;
        if (account.orgId !== caller.orgId || account.siteId !== siteId)
          return [{ field: `deposits.${index}.leaseId`, message: "is a lease of another site" }];
        if (account.customerId !== r.customerId)
          return [
            {
              field: `deposits.${index}.customerId`,
              message: "is not the customer this lease's deposit is held for",
            },
          ];
        if (settled.has(r.leaseId))
          return [{ field: `deposits.${index}.leaseId`, message: "deposit already settled" }];
        return [];
      });
      if (conflicts.length > 0) throw conflict("deposits the ledger cannot take", conflicts);

      const held = await heldByLease(tx, [...leases.keys()]);
      const tooMuch: FieldIssue[] = [];
      const entries = fresh.map(({ r, index }) => {
        const after = (held.get(r.leaseId) ?? 0n) + BigInt(r.amountMinor);
        held.set(r.leaseId, after);
        if (after > BigInt(MAX_AMOUNT_MINOR))
          tooMuch.push({
            field: `deposits.${index}.amountMinor`,
            message: `would make the deposit held more than ${MAX_AMOUNT_MINOR}`,
          });
        return receivedEntry(caller, siteId, site.currency, batchId, r, after);
      });
      if (tooMuch.length > 0) throw invalid("invalid deposits", tooMuch);

      await insertDepositEntries(tx, entries);
      const events = entries.map((e) => depositEntryEvent(e, toSafeNumber(e.heldAfterMinor)));
      await writeOutbox(tx, events, { hold: true });
      await recordImportedRows(
        tx,
        batchId,
        DEPOSIT_KIND,
        entries.map((e, i) => ({
          rowKey: fresh[i]!.r.key,
          objectId: e.id,
          eventIds: [events[i]!.id],
        })),
      );
      const ids = new Map(made);
      for (const [i, { r }] of fresh.entries()) ids.set(r.key, entries[i]!.id);
      return { deposits: rows.map((r) => ({ key: r.key, id: ids.get(r.key)! })) };
    },
    { timeout: 120_000 },
  );
}

/**
 * Every row checked, every problem reported (`deposits.3.receivedAt`); then what only the call
 * as a whole shows: a key twice, one lease with two customers.
 */
function parseRows(raw: unknown[], now: Date): Row[] {
  const schema = row(now);
  const issues: FieldIssue[] = [];
  const rows = raw.map((value, i) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    issues.push(...fieldIssues(parsed.error, `deposits.${i}.`));
    return null;
  });
  const keys = new Map<string, number>();
  const customers = new Map<string, { customerId: string; index: number }>();
  rows.forEach((r, i) => {
    if (r === null) return;
    const earlier = keys.get(r.key);
    if (earlier === undefined) keys.set(r.key, i);
    else issues.push({ field: `deposits.${i}.key`, message: `repeats the key of row ${earlier}` });
    const first = customers.get(r.leaseId);
    if (first === undefined) customers.set(r.leaseId, { customerId: r.customerId, index: i });
    else if (first.customerId !== r.customerId)
      issues.push({
        field: `deposits.${i}.customerId`,
        message: `is not the customer row ${first.index} names for this lease`,
      });
  });
  if (issues.length > 0) throw invalid("invalid deposits", issues);
  return rows as Row[];
}

/** The ledger entry RecordDeposit would write for the row. */
function receivedEntry(
  caller: Caller,
  siteId: string,
  currency: string,
  batchId: string,
  r: Row,
  heldAfter: bigint,
): DepositEntry {
  const { key, ...content } = r;
  return {
    id: newId("dep"),
    leaseId: r.leaseId,
    orgId: caller.orgId,
    siteId,
    customerId: r.customerId,
    type: "received",
    amountMinor: BigInt(r.amountMinor),
    heldAfterMinor: heldAfter,
    currency,
    method: r.method,
    receivedAt: r.receivedAt,
    reference: r.reference,
    note: "",
    actor: caller.actor,
    requestId: `import:${batchId}:${key}`,
    requestFingerprint: fingerprint({ siteId, ...content }),
    settlementId: null,
    createdAt: new Date(),
  };
}
