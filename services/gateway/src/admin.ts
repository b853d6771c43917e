// What the admin CLI uses besides the server: dependencies and user administration.

export type { GatewayDeps } from "./deps.ts";
export { migrationsDir, openGatewayDeps, startGateway } from "./service.ts";
export { createUser } from "./use-cases/create-user.ts";
export { ensureAdmin } from "./use-cases/ensure-admin.ts";
export { systemCaller } from "./use-cases/system-caller.ts";
