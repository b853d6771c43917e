import type { CustomersDeps } from "../deps.ts";
import { plainPartsOf } from "../domain/id-numbers.ts";
import type { NewCustomer } from "../domain/new-customer.ts";
import type { Customer } from "../generated/prisma/client.ts";

/** A new customer's row as stored: the ID number encrypted, blind-indexed, partly in clear. */
export type CustomerRecord = Omit<Customer, "createdAt" | "updatedAt"> & { partyId: string };

/**
 * The row of a customer registered at a site (CreateCustomer, ImportCustomers): the ID number
 * (normalised) never in clear — ciphertext bound to the customer id, blind index, the plain
 * parts the mask shows — and the party id linking the person's records across the
 * organisation's sites.
 */
export function customerRecord(
  deps: Pick<CustomersDeps, "idProtection">,
  scope: { id: string; orgId: string; siteId: string },
  customer: NewCustomer,
  number: string,
  idNumberHmac: string = deps.idProtection.blindIndex(number),
): CustomerRecord {
  const parts = plainPartsOf(number);
  return {
    id: scope.id,
    orgId: scope.orgId,
    siteId: scope.siteId,
    partyId: deps.idProtection.partyId(scope.orgId, idNumberHmac),
    kind: customer.kind,
    name: customer.name,
    idDocumentType: customer.idDocumentType,
    idNumberCiphertext: deps.idProtection.encrypt(number, scope.id),
    idNumberHmac,
    idNumberLast4: parts.last4,
    idNumberPrefix4: parts.prefix4,
    idNumberLength: parts.length,
    phones: customer.phones,
    email: customer.email,
    emergencyContactName: customer.emergencyContact?.name ?? "",
    emergencyContactPhone: customer.emergencyContact?.phone ?? "",
    emergencyContactRelation: customer.emergencyContact?.relation ?? "",
    tags: customer.tags,
    consentSms: customer.consentSms,
    consentEmail: customer.consentEmail,
  };
}
