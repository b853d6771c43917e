import { type FieldIssue, fieldIssues } from "@slms/errors";
import { z } from "zod";
import {
  customerKind,
  email,
  emergencyContact,
  idDocumentType,
  idNumber,
  name,
  phones,
  tags,
} from "./fields.ts";
import { checkIdentity } from "./id-numbers.ts";

/** A customer to register: what CreateCustomer takes (and each row of ImportCustomers). */
export const newCustomer = z.object({
  kind: customerKind,
  name,
  idDocumentType,
  idNumber,
  phones: phones.default([]),
  email: email.default(""),
  emergencyContact: emergencyContact.optional(),
  tags: tags.default([]),
  consentSms: z.boolean().default(false),
  consentEmail: z.boolean().default(false),
});

export type NewCustomerRequest = z.input<typeof newCustomer>;
export type NewCustomer = z.output<typeof newCustomer>;

/**
 * Checks a customer to register: its fields, and the ID number against the document type and the
 * type against the kind once all three are readable (a bad kind, type or number is named by the
 * field rules already). Answers the customer with its normalised ID number, or every issue
 * (fields named as in the request).
 */
export function checkNewCustomer(
  request: unknown,
): { customer: NewCustomer; number: string } | { issues: FieldIssue[] } {
  const parsed = newCustomer.safeParse(request);
  if (parsed.success) {
    const { kind, idDocumentType, idNumber } = parsed.data;
    const identity = checkIdentity(kind, idDocumentType, idNumber);
    return "issues" in identity ? identity : { customer: parsed.data, number: identity.number };
  }
  const issues = fieldIssues(parsed.error);
  const fields = (typeof request === "object" && request !== null ? request : {}) as Record<
    string,
    unknown
  >;
  const kind = customerKind.safeParse(fields.kind);
  const type = idDocumentType.safeParse(fields.idDocumentType);
  const number = idNumber.safeParse(fields.idNumber);
  const identity =
    kind.success && type.success && number.success
      ? checkIdentity(kind.data, type.data, number.data)
      : null;
  if (identity && "issues" in identity) issues.push(...identity.issues);
  return { issues };
}
