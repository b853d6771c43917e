import type { Caller } from "@slms/grpc";

/** The gateway acting on its own behalf (bootstrap, checks), not for a user. */
export const systemCaller: Caller = {
  actor: "system:gateway",
  orgId: "system",
  siteIds: "all",
  roles: ["system"],
};
