import { conflict, type DomainError } from "@slms/errors";
import type { CustomersDeps } from "../deps.ts";
import { isUniqueViolation } from "./unique.ts";

/**
 * The customer of the organisation already holding an ID number (by its blind index), other
 * than `except`, or null.
 */
export function findIdNumberHolder(
  db: CustomersDeps["db"],
  orgId: string,
  idNumberHmac: string,
  except?: string,
): Promise<{ id: string; name: string } | null> {
  return db.customer.findFirst({
    where: { orgId, idNumberHmac, ...(except ? { id: { not: except } } : {}) },
    select: { id: true, name: true },
  });
}

/**
 * The conflict for an ID number registered to another customer. It names that customer (in
 * any site of the organisation) so staff can pick the existing record instead of a second one.
 */
export function idNumberTaken(holder: { id: string; name: string }): DomainError {
  return conflict(`id number already registered to customer ${holder.id} (${holder.name})`, [
    { field: "idNumber", message: `already registered to ${holder.id}` },
  ]);
}

/**
 * Runs a write that may violate the (org, ID number) unique index. A violation means a
 * concurrent registration of the same number committed first: it becomes the same conflict as
 * the check before the write, naming the customer that won.
 */
export async function guardIdNumberRace<T>(
  db: CustomersDeps["db"],
  orgId: string,
  idNumberHmac: string,
  except: string | undefined,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const holder = await findIdNumberHolder(db, orgId, idNumberHmac, except);
    if (!holder) throw error;
    throw idNumberTaken(holder);
  }
}
