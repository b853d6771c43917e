import { customerKinds, fromProtoEnum, idDocumentTypes } from "@slms/contracts";
import type { Customer } from "@slms/contracts/customers";
import { z } from "zod";

// REST shapes of customers. Strict: unknown fields are a 400 naming them.

const id = z.string().min(1).max(64);
const phone = z
  .string()
  .min(1)
  .max(30)
  .describe("digits, optional leading +; spaces and hyphens are ignored");
const emergencyContact = z.strictObject({
  name: z.string().trim().max(200),
  phone: z.string().max(30),
  relation: z.string().trim().max(50),
});

export const customerParams = z.strictObject({ siteId: id, customerId: id });

export const createCustomerBody = z.strictObject({
  kind: z.enum(customerKinds),
  name: z.string().trim().min(1).max(200),
  idDocumentType: z.enum(idDocumentTypes),
  idNumber: z.string().min(1).max(40).describe("stored encrypted; shown masked to most roles"),
  phones: z.array(phone).max(10).default([]),
  email: z.string().max(200).optional(),
  emergencyContact: emergencyContact.optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  consentSms: z.boolean().default(false),
  consentEmail: z.boolean().default(false),
});

export const updateCustomerBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    idDocumentType: z.enum(idDocumentTypes).optional(),
    idNumber: z.string().min(1).max(40).optional(),
    phones: z.array(phone).max(10).optional().describe("replaces the whole list"),
    email: z.string().max(200).optional(),
    emergencyContact: emergencyContact.optional(),
    tags: z
      .array(z.string().trim().min(1).max(40))
      .max(20)
      .optional()
      .describe("replaces the whole list"),
    consentSms: z.boolean().optional(),
    consentEmail: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, "must change at least one field");

export const listCustomersQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  // A page can end at a 200-character name; the customers service's tokens stay within 2048.
  cursor: z.string().max(2048).optional(),
  q: z
    .string()
    .max(100)
    .optional()
    .describe(
      "part of the name (% and _ match themselves), phone digits, or the last characters of the ID number",
    ),
  kind: z.enum(customerKinds).optional(),
  tag: z.string().max(40).optional(),
  partyId: id.optional().describe("only this site's record of the party (`pty_…`)"),
});

export const customerSchema = z.object({
  id: z.string(),
  siteId: z.string().describe("the site whose record this is"),
  partyId: z
    .string()
    .describe(
      "`pty_…`, the same for this person's or company's records at every site of the organisation",
    ),
  kind: z.enum(customerKinds),
  name: z.string(),
  idDocumentType: z.enum(idDocumentTypes),
  idNumber: z.string(),
  idNumberMasked: z.boolean(),
  phones: z.array(z.string()),
  email: z.string(),
  emergencyContact: emergencyContact.nullable(),
  tags: z.array(z.string()),
  consentSms: z.boolean(),
  consentEmail: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const customerOut = (c: Customer) => ({
  id: c.id,
  siteId: c.siteId,
  partyId: c.partyId,
  kind: fromProtoEnum("CUSTOMER_KIND", c.kind, customerKinds),
  name: c.name,
  idDocumentType: fromProtoEnum("ID_DOCUMENT_TYPE", c.idDocumentType, idDocumentTypes),
  idNumber: c.idNumber,
  idNumberMasked: c.idNumberMasked,
  phones: c.phones,
  email: c.email,
  emergencyContact:
    c.emergencyContact?.name || c.emergencyContact?.phone ? c.emergencyContact : null,
  tags: c.tags,
  consentSms: c.consentSms,
  consentEmail: c.consentEmail,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});
