import type { Paths } from "../../api/client";

export type Customer =
  Paths["/api/v1/sites/{siteId}/customers/{customerId}"]["get"]["responses"][200]["content"]["application/json"];
export type NewCustomer = NonNullable<
  Paths["/api/v1/sites/{siteId}/customers"]["post"]["requestBody"]
>["content"]["application/json"];
export type CustomerChange = NonNullable<
  Paths["/api/v1/sites/{siteId}/customers/{customerId}"]["patch"]["requestBody"]
>["content"]["application/json"];

export type CustomerKind = Customer["kind"];
export type IdDocumentType = Customer["idDocumentType"];

export const customerKinds: CustomerKind[] = ["person", "company"];
export const idDocumentTypes: IdDocumentType[] = [
  "resident_id",
  "passport",
  "hk_macao_taiwan_permit",
  "unified_social_credit_code",
  "other",
];

/** What the customer drawer's form holds. */
export interface CustomerFormValues {
  kind: CustomerKind;
  name: string;
  idDocumentType: IdDocumentType;
  /** Blank on edit: keep the stored number (the masked one is never sent back). */
  idNumber?: string;
  /** Phone numbers as typed, separated by commas, semicolons or new lines. */
  phones?: string;
  email?: string;
  emergencyContact?: { name?: string; phone?: string; relation?: string };
  tags?: string[];
  consentSms?: boolean;
  consentEmail?: boolean;
}

/** The phone numbers of a text such as `138 0000 0000, +86-21-1234`, in order, without blanks. */
export function splitPhones(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[,;，；\n]+/)
    .map((phone) => phone.trim())
    .filter((phone) => phone.length > 0);
}

function emergencyOf(values: CustomerFormValues) {
  const contact = values.emergencyContact ?? {};
  const name = contact.name?.trim() ?? "";
  const phone = contact.phone?.trim() ?? "";
  const relation = contact.relation?.trim() ?? "";
  // All blank: none. Partly filled: sent as typed, so the API names what is missing.
  if (!name && !phone && !relation) return undefined;
  return { name, phone, relation };
}

/** The create body for the form's values. */
export function newCustomerBody(values: CustomerFormValues): NewCustomer {
  const body: NewCustomer = {
    kind: values.kind,
    name: values.name.trim(),
    idDocumentType: values.idDocumentType,
    idNumber: (values.idNumber ?? "").trim(),
    phones: splitPhones(values.phones),
    email: values.email?.trim() ?? "",
    tags: (values.tags ?? []).map((tag) => tag.trim()).filter(Boolean),
    consentSms: values.consentSms ?? false,
    consentEmail: values.consentEmail ?? false,
  };
  const emergency = emergencyOf(values);
  if (emergency) body.emergencyContact = emergency;
  return body;
}

/**
 * The change body for the form's values: every editable field, but the ID number only when one
 * was typed (a blank keeps the stored number; the document type goes with it).
 */
export function customerChangeBody(values: CustomerFormValues, before: Customer): CustomerChange {
  const body: CustomerChange = {
    name: values.name.trim(),
    phones: splitPhones(values.phones),
    email: values.email?.trim() ?? "",
    tags: (values.tags ?? []).map((tag) => tag.trim()).filter(Boolean),
    consentSms: values.consentSms ?? false,
    consentEmail: values.consentEmail ?? false,
  };
  const idNumber = values.idNumber?.trim() ?? "";
  const typeChanged = values.idDocumentType !== before.idDocumentType;
  const numberChanged = idNumber !== "" && (before.idNumberMasked || idNumber !== before.idNumber);
  if (numberChanged) body.idNumber = idNumber;
  if (numberChanged || typeChanged) body.idDocumentType = values.idDocumentType;
  const emergency = emergencyOf(values);
  if (emergency) body.emergencyContact = emergency;
  return body;
}

/** The form's values for a stored customer (a masked ID number is left blank). */
export function customerFormValues(customer: Customer): CustomerFormValues {
  return {
    kind: customer.kind,
    name: customer.name,
    idDocumentType: customer.idDocumentType,
    idNumber: customer.idNumberMasked ? "" : customer.idNumber,
    phones: customer.phones.join(", "),
    email: customer.email,
    emergencyContact: customer.emergencyContact ?? { name: "", phone: "", relation: "" },
    tags: customer.tags,
    consentSms: customer.consentSms,
    consentEmail: customer.consentEmail,
  };
}

/**
 * The form field an API error detail names (`phones.2` → `phones`, `body.idNumber` →
 * `idNumber`, `emergencyContact.phone` stays), or null when the form has no such field.
 */
export function customerFieldOf(apiField: string): string | null {
  const path = apiField.replace(/^(body|query|params)\./, "");
  if (/^phones(\.\d+)?$/.test(path)) return "phones";
  if (/^tags(\.\d+)?$/.test(path)) return "tags";
  if (/^emergencyContact\.(name|phone|relation)$/.test(path)) return path;
  if (path === "emergencyContact") return "emergencyContact.name";
  if (
    ["kind", "name", "idDocumentType", "idNumber", "email", "consentSms", "consentEmail"].includes(
      path,
    )
  )
    return path;
  return null;
}
