import type { UserCreatedV1 } from "@slms/contracts";
import type { Db, Tx } from "../deps.ts";

/** A staff user a notice goes to, with the role that makes them a recipient. */
export interface StaffUserRecipient {
  userId: string;
  email: string;
  name: string;
  /** The site role (finance, site_manager, clerk…) or the HQ role (hq_admin). */
  role: string;
}

/** Who a staff notice goes to: users holding one of the roles at a site, or an HQ role. */
export type StaffUserQuery =
  | { siteId: string; siteRoles: readonly string[] }
  | { hqRoles: readonly string[] };

/**
 * Keeps a user and their memberships as the event describes them; an event older than the one
 * shown changes nothing (the memberships are replaced with the newer event's).
 */
export async function applyStaffUser(
  tx: Tx,
  orgId: string,
  occurredAt: string,
  user: UserCreatedV1,
): Promise<void> {
  const changed = await tx.$executeRawUnsafe(
    `INSERT INTO staff_users (user_id, org_id, email, name, hq_role, as_of)
     VALUES ($1, $2, $3, $4, $5, $6::timestamptz)
     ON CONFLICT (user_id) DO UPDATE
       SET email = EXCLUDED.email, name = EXCLUDED.name, hq_role = EXCLUDED.hq_role,
           as_of = EXCLUDED.as_of
       WHERE staff_users.as_of <= EXCLUDED.as_of AND staff_users.org_id = EXCLUDED.org_id`,
    user.userId,
    orgId,
    user.email.trim(),
    user.name,
    user.hqRole,
    occurredAt,
  );
  if (changed === 0) return;
  await tx.staffMembership.deleteMany({ where: { userId: user.userId } });
  await tx.staffMembership.createMany({
    data: user.memberships.map((m) => ({ userId: user.userId, siteId: m.siteId, role: m.role })),
    skipDuplicates: true,
  });
}

/** The organisation's users a notice goes to (by user id, each once, with one of their roles). */
export async function findStaffUsers(
  db: Db,
  orgId: string,
  query: StaffUserQuery,
): Promise<StaffUserRecipient[]> {
  const rows =
    "siteId" in query
      ? await db.$queryRawUnsafe<StaffUserRecipient[]>(
          `SELECT u.user_id AS "userId", u.email, u.name, m.role
             FROM staff_memberships m JOIN staff_users u ON u.user_id = m.user_id
            WHERE u.org_id = $1 AND m.site_id = $2 AND m.role = ANY ($3::text[])
            ORDER BY u.user_id`,
          orgId,
          query.siteId,
          [...query.siteRoles],
        )
      : await db.$queryRawUnsafe<StaffUserRecipient[]>(
          `SELECT user_id AS "userId", email, name, hq_role AS role
             FROM staff_users
            WHERE org_id = $1 AND hq_role = ANY ($2::text[])
            ORDER BY user_id`,
          orgId,
          [...query.hqRoles],
        );
  return rows;
}

/** A user's name as the gateway announced it, or null if not heard of. */
export async function staffUserName(db: Db, userId: string): Promise<string | null> {
  const user = await db.staffUser.findUnique({ where: { userId }, select: { name: true } });
  return user?.name ?? null;
}
