import { conflict } from "@slms/errors";
import type { ContractsDeps, Tx } from "../deps.ts";

// A lease an import made is announced (`contracts.lease.activated`) only when its batch is
// released. Until then nothing else may be announced of it — an amendment, a renewal, a
// termination, the lease job's expiry or critical-date alert — or consumers would hear of a
// lease before its activation, or of one the import then discards.

const HELD_LEASES = `SELECT r.object_id FROM import_batches b
  JOIN import_rows r ON r.batch_id = b.batch_id AND r.kind = 'lease'
 WHERE b.state = 'held'`;

/** The leases of import batches not released yet (held): a few per go-live in progress. */
export async function leasesOfHeldImports(db: ContractsDeps["db"] | Tx): Promise<Set<string>> {
  const rows = await db.$queryRawUnsafe<{ object_id: string }[]>(HELD_LEASES);
  return new Set(rows.map((r) => r.object_id));
}

/** A conflict if the lease was made by an import not released yet. */
export async function refuseHeldImport(db: ContractsDeps["db"] | Tx, leaseId: string) {
  const rows = await db.$queryRawUnsafe<unknown[]>(`${HELD_LEASES} AND r.object_id = $1`, leaseId);
  if (rows.length > 0)
    throw conflict("the lease's import is not released yet; it cannot change until then");
}
