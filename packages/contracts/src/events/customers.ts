import { z } from "zod";

export const customerKinds = ["person", "company"] as const;
export const idDocumentTypes = [
  "resident_id",
  "passport",
  "hk_macao_taiwan_permit",
  "unified_social_credit_code",
  "other",
] as const;

/**
 * `customers.customer.created` / `customers.customer.updated` v1: the customer as it now is.
 * ID numbers never travel on the bus; contact details and consents do (notifications need them).
 */
export const customerChangedV1 = z.object({
  customerId: z.string(),
  siteId: z.string(),
  kind: z.enum(customerKinds),
  name: z.string(),
  phones: z.array(z.string()),
  email: z.string(),
  tags: z.array(z.string()),
  consentSms: z.boolean(),
  consentEmail: z.boolean(),
});

export type CustomerChangedV1 = z.infer<typeof customerChangedV1>;
