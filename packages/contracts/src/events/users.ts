import { z } from "zod";

/**
 * `gateway.user.created` v1: a user of an organisation was created, with their HQ role and site
 * memberships (never their password or its hash).
 */
export const userCreatedV1 = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  hqRole: z.string().nullable(),
  memberships: z.array(z.object({ siteId: z.string(), role: z.string() })),
});

export type UserCreatedV1 = z.infer<typeof userCreatedV1>;
