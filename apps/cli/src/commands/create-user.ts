import { createUser, systemCaller } from "@slms/gateway/admin";
import type { Logger } from "@slms/logging";
import { withPlatform } from "../handles.ts";

export interface CreateUserArgs {
  email: string;
  name: string;
  password: string;
  /** Organisation code; the user's organisation. */
  org: string;
  hqRole?: string | undefined;
  /** `siteCode:role` pairs. */
  sites: string[];
}

/** Creates a user; sites are given by code (`SH-01:clerk`) as staff know them. */
export async function createUserCommand(logger: Logger, args: CreateUserArgs) {
  return withPlatform(logger, async (deps) => {
    const { organisation } = await deps.assets.GetOrganisation(
      { code: args.org },
      { caller: systemCaller },
    );
    const orgId = organisation!.id;
    const caller = { ...systemCaller, orgId };
    const { sites } = await deps.assets.ListSites({ pageSize: 500 }, { caller });
    const memberships = args.sites.map((pair) => {
      const [code, role] = pair.split(":");
      const site = sites.find((s) => s.code === code);
      if (!site || !role) throw new Error(`--site ${pair}: expected <existing site code>:<role>`);
      return { siteId: site.id, role: role as never };
    });
    const user = await createUser(deps.db, async () => true, orgId, "system:cli", {
      email: args.email,
      name: args.name,
      password: args.password,
      hqRole: (args.hqRole as never) ?? null,
      memberships,
    });
    logger.info({ userId: user.id, email: user.email }, "user created");
    return user;
  });
}
