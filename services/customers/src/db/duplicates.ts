import { conflict, type DomainError } from "@slms/errors";
import type { CustomersDeps } from "../deps.ts";
import { isUniqueViolation } from "./unique.ts";

/** Where an ID number must be unique: one record per number in a site of an organisation. */
export interface IdNumberSlot {
  orgId: string;
  siteId: string;
  idNumberHmac: string;
}

/**
 * The customer of the site already holding an ID number (by its blind index), other than
 * `except`, or null. Other sites' records of the number are not duplicates: they are the same
 * party's records there.
 */
export function findIdNumberHolder(
  db: CustomersDeps["db"],
  slot: IdNumberSlot,
  except?: string,
): Promise<{ id: string; name: string } | null> {
  return db.customer.findFirst({
    where: { ...slot, ...(except ? { id: { not: except } } : {}) },
    select: { id: true, name: true },
  });
}

/**
 * The conflict for an ID number registered to another customer of the same site. It names that
 * customer so staff can pick the existing record instead of a second one; it never names a
 * customer of another site, which the caller may not see.
 */
export function idNumberTaken(holder: { id: string; name: string }): DomainError {
  return conflict(`id number already registered to customer ${holder.id} (${holder.name})`, [
    { field: "idNumber", message: `already registered to ${holder.id}` },
  ]);
}

/**
 * Runs a write that may violate the (org, site, ID number) unique index. A violation means a
 * concurrent registration of the same number at the site committed first: it becomes the same
 * conflict as the check before the write, naming the customer that won.
 */
export async function guardIdNumberRace<T>(
  db: CustomersDeps["db"],
  slot: IdNumberSlot,
  except: string | undefined,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const holder = await findIdNumberHolder(db, slot, except);
    if (!holder) throw error;
    throw idNumberTaken(holder);
  }
}
