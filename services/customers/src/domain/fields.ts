import { customerKinds, idDocumentTypes } from "@slms/contracts";
import { type FieldIssue, fieldIssues } from "@slms/errors";
import { z } from "zod";
import { emailRule, isEmail, isPhone, normalisePhone, phoneRule } from "./contact.ts";
import { text } from "./text.ts";

/**
 * Field rules shared by the customers use-cases; messages are shown to users as they are. Every
 * string is bounded and storable (text.ts), checked before anything reaches the database.
 */
export const name = text(200).trim().min(1, "must not be empty");
export const customerKind = z.enum(customerKinds);
export const idDocumentType = z.enum(idDocumentTypes);
/** Normalised and checked against its document type by `checkIdentity`. */
export const idNumber = text(40);
export const phone = text(40).overwrite(normalisePhone).refine(isPhone, phoneRule);
export const phones = z.array(phone).max(10, "must have at most 10 numbers");
/** "" means none. */
export const email = text(254)
  .trim()
  .refine((value) => value === "" || isEmail(value), emailRule);
export const tag = text(50).trim().min(1, "must not be empty");
/** Duplicates are dropped, order kept. */
export const tags = z
  .array(tag)
  .max(30, "must have at most 30 tags")
  .transform((list) => [...new Set(list)]);
/** All fields empty means no emergency contact. */
export const emergencyContact = z.object({
  name: text(100).trim().default(""),
  phone: text(40)
    .overwrite(normalisePhone)
    .refine((value) => value === "" || isPhone(value), phoneRule)
    .default(""),
  relation: text(50).trim().default(""),
});

/** Ids are generated (`cus_…`, `sit_…`, `pty_…`: 30 characters); 64 leaves room. */
const anyId = text(64);
/** A site id; "" where a use-case allows "any site in the caller's scope". */
export const siteId = anyId;
export const customerId = anyId.min(1, "is required");
export const partyId = anyId;

/**
 * The issues of the ids a request names beside its body (`siteId`, `id`), to report together
 * with the body's. Absent ids are not checked.
 */
export function idIssues(ids: { siteId?: string; id?: string; partyId?: string }): FieldIssue[] {
  const result = z
    .object({
      siteId: siteId.optional(),
      id: customerId.optional(),
      partyId: partyId.optional(),
    })
    .safeParse(ids);
  return result.success ? [] : fieldIssues(result.error);
}
