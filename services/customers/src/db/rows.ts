import type { Caller } from "@slms/grpc";
import type { CustomersDeps } from "../deps.ts";
import { mayReadFullIdNumber } from "../domain/id-number-access.ts";
import { maskIdNumber } from "../domain/id-numbers.ts";
import type { CustomerView } from "../domain/views.ts";
import type { Customer } from "../generated/prisma/client.ts";

/**
 * Rows as views for a caller: the ID number decrypted for callers allowed to read it, masked
 * from its stored plain parts for everyone else.
 */
export function customerViews(deps: CustomersDeps, caller: Caller) {
  const reveal = mayReadFullIdNumber(caller.roles);
  return (row: Customer): CustomerView => ({
    id: row.id,
    orgId: row.orgId,
    siteId: row.siteId,
    // A row an older replica wrote after the start-up backfill has none yet; it is derived.
    partyId: row.partyId ?? deps.idProtection.partyId(row.orgId, row.idNumberHmac),
    kind: row.kind,
    name: row.name,
    idDocumentType: row.idDocumentType,
    idNumber: reveal
      ? deps.idProtection.decrypt(row.idNumberCiphertext, row.id)
      : maskIdNumber({
          length: row.idNumberLength,
          prefix4: row.idNumberPrefix4,
          last4: row.idNumberLast4,
        }),
    idNumberMasked: !reveal,
    phones: row.phones,
    email: row.email,
    emergencyContact:
      row.emergencyContactName || row.emergencyContactPhone || row.emergencyContactRelation
        ? {
            name: row.emergencyContactName,
            phone: row.emergencyContactPhone,
            relation: row.emergencyContactRelation,
          }
        : null,
    tags: row.tags,
    consentSms: row.consentSms,
    consentEmail: row.consentEmail,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}
