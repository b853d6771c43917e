import { importedObjects, newId, openImportBatch, recordImportedRows, writeOutbox } from "@slms/db";
import { conflict, type FieldIssue, fieldIssues, invalid } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { customerRecord } from "../db/customer-record.ts";
import { idNumberHolders, insertCustomers } from "../db/import-customers.ts";
import { requireSiteInScope } from "../db/scope.ts";
import type { CustomersDeps } from "../deps.ts";
import { importCall, importKinds, repeatIssues, rowKey } from "../domain/import-rows.ts";
import {
  checkNewCustomer,
  type NewCustomer,
  type NewCustomerRequest,
} from "../domain/new-customer.ts";
import { customerCreated } from "../events/customer-events.ts";

/** A row: a customer as CreateCustomer takes one, with the row's key. */
export type ImportCustomerRow = NewCustomerRequest & { key: string };

export interface ImportCustomersRequest {
  batchId: string;
  customers: readonly ImportCustomerRow[];
}

/** What a row made (or had made when sent before), in the request's order. */
export interface ImportedObject {
  key: string;
  id: string;
}

/**
 * Registers the customers of an import batch as CreateCustomer registers one — the ID number
 * checked against its document type, encrypted, blind-indexed, masked parts kept, the party id
 * linking the person's records at the organisation's other sites, the emergency contact in the
 * customer's own columns, `customers.customer.created` (as CreateCustomer's, without the
 * emergency contact) — in one transaction and a few statements whatever the number of rows.
 * The events are held until the batch is released (release-import.ts).
 *
 * Every row is checked first and every bad field named (`customers.<i>.<field>`); an ID number
 * the site already has, or repeated in the call, is a conflict naming `customers.<i>.idNumber`.
 * Nothing is written then. A row sent again (same batch and key) makes nothing and answers the
 * customer it made.
 */
export async function importCustomers(
  deps: CustomersDeps,
  caller: Caller,
  siteId: string,
  request: ImportCustomersRequest,
): Promise<ImportedObject[]> {
  const rows = parseRows(request).map((r) => ({
    ...r,
    idNumberHmac: deps.idProtection.blindIndex(r.number),
  }));
  const repeated = repeatIssues(
    "customers",
    "idNumber",
    rows.map((r) => r.idNumberHmac),
  );
  if (repeated.length > 0) throw conflict("ID numbers repeat within the import", repeated);
  requireSiteInScope(caller, siteId);

  return deps.db.$transaction(
    async (tx) => {
      await openImportBatch(tx, { batchId: request.batchId, orgId: caller.orgId, siteId });
      const made = await importedObjects(
        tx,
        request.batchId,
        importKinds.customer,
        rows.map((r) => r.key),
      );
      const fresh = rows.flatMap((r, index) => (made.has(r.key) ? [] : [{ ...r, index }]));
      const scope = { orgId: caller.orgId, siteId };
      const holders = await idNumberHolders(
        tx,
        scope,
        fresh.map((r) => r.idNumberHmac),
      );
      const taken = fresh.flatMap((r) => {
        const holder = holders.get(r.idNumberHmac);
        return holder ? [{ field: `customers.${r.index}.idNumber`, holder }] : [];
      });
      if (taken.length > 0) throw idNumbersTaken(taken);

      const records = fresh.map((r) =>
        customerRecord(deps, { id: newId("cus"), ...scope }, r.customer, r.number, r.idNumberHmac),
      );
      const now = new Date();
      if (!(await insertCustomers(tx, records, now))) {
        // A customer of the same number committed since the check above (a concurrent
        // CreateCustomer): name it as the check would have.
        const winners = await idNumberHolders(
          tx,
          scope,
          fresh.map((r) => r.idNumberHmac),
        );
        throw idNumbersTaken(
          fresh.flatMap((r, i) => {
            const holder = winners.get(r.idNumberHmac);
            return holder && holder.id !== records[i]!.id
              ? [{ field: `customers.${r.index}.idNumber`, holder }]
              : [];
          }),
        );
      }
      const events = records.map((record) =>
        customerCreated(caller, { ...record, createdAt: now, updatedAt: now }),
      );
      await writeOutbox(tx, events, { hold: true });
      await recordImportedRows(
        tx,
        request.batchId,
        importKinds.customer,
        fresh.map((r, i) => ({
          rowKey: r.key,
          objectId: records[i]!.id,
          eventIds: [events[i]!.id],
        })),
      );
      const ids = new Map(fresh.map((r, i) => [r.key, records[i]!.id]));
      return rows.map((r) => ({ key: r.key, id: made.get(r.key) ?? ids.get(r.key)! }));
    },
    { timeout: 120_000 },
  );
}

interface ParsedRow {
  key: string;
  customer: NewCustomer;
  number: string;
}

/** Every row checked as CreateCustomer checks a customer; every bad field named, or the rows. */
function parseRows(request: ImportCustomersRequest): ParsedRow[] {
  const head = importCall("customers").safeParse(request);
  if (!head.success) throw invalid("invalid import", fieldIssues(head.error));
  const issues: FieldIssue[] = [];
  const rows: ParsedRow[] = [];
  request.customers.forEach((raw, i) => {
    const { key, ...fields } = raw ?? {};
    const prefix = `customers.${i}.`;
    const keyCheck = rowKey.safeParse(key);
    if (!keyCheck.success) issues.push(...fieldIssues(keyCheck.error, `${prefix}key`));
    const checked = checkNewCustomer(fields);
    if ("issues" in checked) {
      issues.push(...checked.issues.map((x) => ({ ...x, field: prefix + x.field })));
    } else if (keyCheck.success) {
      rows.push({ key: keyCheck.data, customer: checked.customer, number: checked.number });
    }
  });
  if (issues.length > 0) throw invalid("invalid customers", issues);
  const keyIssues = repeatIssues(
    "customers",
    "key",
    rows.map((r) => r.key),
  );
  if (keyIssues.length > 0) throw invalid("invalid customers", keyIssues);
  return rows;
}

/** The conflict naming, for each row, the site's customer already holding its ID number. */
function idNumbersTaken(taken: { field: string; holder: { id: string; name: string } }[]) {
  const first = taken[0]!.holder;
  return conflict(
    taken.length === 1
      ? `id number already registered to customer ${first.id} (${first.name})`
      : `${taken.length} id numbers are already registered at this site`,
    taken.map((t) => ({ field: t.field, message: `already registered to ${t.holder.id}` })),
  );
}
