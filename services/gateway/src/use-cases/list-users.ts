import type { PrismaClient } from "../generated/prisma/client.ts";
import { type UserView, userView } from "./user-view.ts";

/** The users of an organisation, by e-mail. */
export async function listUsers(db: PrismaClient, orgId: string): Promise<UserView[]> {
  const users = await db.user.findMany({
    where: { orgId },
    include: { memberships: true },
    orderBy: { email: "asc" },
  });
  return users.map(userView);
}
