export { type Caller, canSeeSite, readCaller, requireCaller, writeCaller } from "./caller.ts";
export {
  type CallOptions,
  type ClientOptions,
  createClient,
  type GrpcClient,
  type PromiseClient,
} from "./client.ts";
export {
  type CallContext,
  createGrpcServer,
  type GrpcServer,
  type GrpcServerOptions,
  type UnaryHandlers,
} from "./server.ts";
export { fromGrpcError, toGrpcStatus } from "./status.ts";
