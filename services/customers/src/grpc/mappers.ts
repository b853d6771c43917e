import { customerKinds, fromProtoEnum, idDocumentTypes, toProtoEnum } from "@slms/contracts";
import type { Customer } from "@slms/contracts/customers";
import type { CustomerView } from "../domain/views.ts";

/** Views → proto messages. Timestamps are RFC 3339 strings; enums proto-named. */
export const toCustomer = (c: CustomerView): Customer => ({
  id: c.id,
  orgId: c.orgId,
  siteId: c.siteId,
  partyId: c.partyId,
  kind: toProtoEnum<Customer["kind"]>("CUSTOMER_KIND", c.kind),
  name: c.name,
  idDocumentType: toProtoEnum<Customer["idDocumentType"]>("ID_DOCUMENT_TYPE", c.idDocumentType),
  idNumber: c.idNumber,
  idNumberMasked: c.idNumberMasked,
  phones: c.phones,
  email: c.email,
  emergencyContact: c.emergencyContact,
  tags: c.tags,
  consentSms: c.consentSms,
  consentEmail: c.consentEmail,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

/**
 * Proto enum strings → domain names. An UNSPECIFIED or unknown value is passed through as the
 * raw string (typed as the name) so the use-case's validation rejects it with the field name
 * instead of it being silently dropped.
 */
function enumIn<T extends string>(prefix: string, allowed: readonly T[]) {
  function convert(value: string): T;
  function convert(value: string | undefined): T | undefined;
  function convert(value: string | undefined): T | undefined {
    return value === undefined
      ? undefined
      : (fromProtoEnum(prefix, value, allowed) ?? (value as T));
  }
  return convert;
}

export const customerKindIn = enumIn("CUSTOMER_KIND", customerKinds);
export const idDocumentTypeIn = enumIn("ID_DOCUMENT_TYPE", idDocumentTypes);
