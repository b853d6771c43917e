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
 * `customers.customer.created` / `customers.customer.updated` v1: a site's customer record as
 * it now is. ID numbers never travel on the bus; contact details and consents do (notifications
 * need them).
 */
export const customerChangedV1 = z.object({
  customerId: z.string(),
  /** The site whose record this is. */
  siteId: z.string(),
  /**
   * `pty_…`, shared by the records of one person or company at every site of the organisation
   * (added to v1 as optional: events published before it have none).
   */
  partyId: z.string().optional(),
  kind: z.enum(customerKinds),
  name: z.string(),
  phones: z.array(z.string()),
  email: z.string(),
  tags: z.array(z.string()),
  consentSms: z.boolean(),
  consentEmail: z.boolean(),
});

export type CustomerChangedV1 = z.infer<typeof customerChangedV1>;
