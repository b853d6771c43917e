import { customerKinds, idDocumentTypes } from "@slms/contracts";
import { z } from "zod";
import { emailRule, isEmail, isPhone, normalisePhone, phoneRule } from "./contact.ts";

/** Field rules shared by the customers use-cases; messages are shown to users as they are. */
export const name = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters");
export const customerKind = z.enum(customerKinds);
export const idDocumentType = z.enum(idDocumentTypes);
/** Normalised and checked against its document type by `checkIdentity`. */
export const idNumber = z.string();
export const phone = z.string().overwrite(normalisePhone).refine(isPhone, phoneRule);
export const phones = z.array(phone).max(10, "must have at most 10 numbers");
/** "" means none. */
export const email = z
  .string()
  .trim()
  .refine((value) => value === "" || isEmail(value), emailRule);
export const tag = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(50, "must be at most 50 characters");
/** Duplicates are dropped, order kept. */
export const tags = z
  .array(tag)
  .max(30, "must have at most 30 tags")
  .transform((list) => [...new Set(list)]);
/** All fields empty means no emergency contact. */
export const emergencyContact = z.object({
  name: z.string().trim().max(100, "must be at most 100 characters").default(""),
  phone: z
    .string()
    .overwrite(normalisePhone)
    .refine((value) => value === "" || isPhone(value), phoneRule)
    .default(""),
  relation: z.string().trim().max(50, "must be at most 50 characters").default(""),
});
export const id = z.string().min(1, "is required");
