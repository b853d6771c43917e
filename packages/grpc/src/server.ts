import {
  type Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
  status,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import type { MethodDefinition, PackageDefinition } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import {
  type Attributes,
  type Histogram,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { findUnacceptableText, invalid } from "@slms/errors";
import type { Logger } from "@slms/logging";
import {
  contextFromGrpcMetadata,
  contextWithService,
  rpcServerDuration,
  withSpan,
} from "@slms/telemetry";
import { HealthImplementation } from "grpc-health-check";
import { type Caller, readCaller } from "./caller.ts";
import { toGrpcStatus } from "./status.ts";

/** What a handler knows about the call besides the request. */
export interface CallContext {
  /** The caller from metadata; null for calls that carry none (health checks, tooling). */
  caller: Caller | null;
  metadata: Metadata;
  /** `/package.Service/Method`. */
  path: string;
}

/**
 * Promise-returning handlers for every unary method of a service definition; typed from the
 * generated `…ServiceDefinition` so request and response shapes come from the protos.
 * A handler throws a DomainError for expected failures; the server maps it to a status.
 */
export type UnaryHandlers<D> = {
  [K in keyof D as string extends K ? never : K]: D[K] extends MethodDefinition<
    infer _RequestIn,
    infer ResponseIn,
    infer RequestOut,
    infer _ResponseOut
  >
    ? (request: RequestOut, context: CallContext) => Promise<ResponseIn>
    : never;
};

export interface GrpcServerOptions {
  /**
   * Service name, e.g. "assets": the `service` label of `rpc_server_duration_seconds`, and the
   * service whose tracer records the server spans (embedded mode runs several in one process).
   */
  name: string;
  logger: Logger;
  /** Package definitions to expose through gRPC server reflection (grpcurl, grpcui). */
  reflection?: readonly PackageDefinition[];
}

export interface GrpcServer {
  add<D extends ServiceDefinition>(definition: D, handlers: UnaryHandlers<D>): void;
  /** Binds and starts; returns the bound port (useful with port 0). */
  listen(address: string): Promise<number>;
  /** Health of the whole server (service name ""), as seen by Kubernetes gRPC probes. */
  setServing(serving: boolean): void;
  /**
   * Graceful stop: reports NOT_SERVING, lets in-flight calls finish for up to `graceMs`, then
   * cancels what is left.
   */
  close(graceMs?: number): Promise<void>;
}

export function createGrpcServer(options: GrpcServerOptions): GrpcServer {
  // Obtained here, not at import, so it binds to the meter provider telemetry registered.
  const rpcDuration = rpcServerDuration();
  const server = new Server({ "grpc.max_receive_message_length": 16 * 1024 * 1024 });
  const health = new HealthImplementation({ "": "NOT_SERVING" });
  health.addToServer(server);
  if (options.reflection?.length) {
    // One reflection service for all of them (a server takes one handler per method).
    new ReflectionService(Object.assign({}, ...options.reflection)).addToServer(server);
  }
  const serviceNames: string[] = [];

  return {
    add(definition, handlers) {
      const implementation: UntypedServiceImplementation = {};
      for (const [method, spec] of Object.entries(definition)) {
        const handler = (handlers as Record<string, HandlerFn>)[method];
        if (!handler) throw new Error(`no handler for ${spec.path}`);
        implementation[method] = wrapUnary(
          options.name,
          spec.path,
          handler,
          options.logger,
          rpcDuration,
        );
      }
      server.addService(definition, implementation);
      const first = Object.values(definition)[0];
      if (first) serviceNames.push(serviceOfPath(first.path));
    },

    listen(address) {
      return new Promise((resolve, reject) => {
        server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) => {
          if (error) reject(error);
          else resolve(port);
        });
      });
    },

    setServing(serving) {
      const value = serving ? "SERVING" : "NOT_SERVING";
      health.setStatus("", value);
      for (const name of serviceNames) health.setStatus(name, value);
    },

    close(graceMs = 10_000) {
      this.setServing(false);
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          options.logger.warn({ graceMs }, "grpc server: grace period over, cancelling calls");
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

/** A call served in this long or longer is logged at info. */
const SLOW_MS = 1_000;

type HandlerFn = (request: unknown, context: CallContext) => Promise<unknown>;

/**
 * Each call: a server span continuing the caller's trace (named `package.Service/Method`), one
 * `rpc_server_duration_seconds` sample, and one log line carrying the trace and span ids — at
 * debug for a call that succeeded or failed as the domain says it may (not found, invalid…), at
 * info when it took a second or more, at error for an internal failure.
 */
function wrapUnary(
  service: string,
  path: string,
  handler: HandlerFn,
  logger: Logger,
  rpcDuration: Histogram,
) {
  const rpcService = serviceOfPath(path);
  const rpcMethod = path.slice(path.lastIndexOf("/") + 1);
  const attributes = { "rpc.system": "grpc", "rpc.service": rpcService, "rpc.method": rpcMethod };
  // Metric label sets by status code, built once (no allocation per call).
  const labelsByCode: Attributes[] = [];
  const labelsOf = (code: number): Attributes => {
    let found = labelsByCode[code];
    if (!found) {
      found = {
        service,
        "rpc.service": rpcService,
        "rpc.method": rpcMethod,
        "rpc.grpc.status_code": code,
      };
      labelsByCode[code] = found;
    }
    return found;
  };
  return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
    const started = performance.now();
    const parent = contextWithService(service, contextFromGrpcMetadata(call.metadata));
    void withSpan(path.slice(1), { kind: SpanKind.SERVER, attributes, parent }, async () => {
      const context: CallContext = {
        caller: readCaller(call.metadata),
        metadata: call.metadata,
        path,
      };
      let code: status = status.OK;
      try {
        const issue = findUnacceptableText(call.request, "(request)");
        if (issue) throw invalid("the request holds text that cannot be accepted", [issue]);
        callback(null, await handler(call.request, context));
      } catch (error) {
        const failure = toGrpcStatus(error);
        code = failure.code;
        const span = trace.getActiveSpan();
        if (code === status.INTERNAL) {
          logger.error({ err: error, rpc: path }, "grpc call failed");
          span?.recordException(error as Error);
          span?.setStatus({ code: SpanStatusCode.ERROR });
        }
        callback({ code: failure.code, details: failure.details, metadata: failure.metadata });
      } finally {
        const ms = performance.now() - started;
        trace.getActiveSpan()?.setAttribute("rpc.grpc.status_code", code);
        rpcDuration.record(ms / 1000, labelsOf(code));
        if (ms >= SLOW_MS)
          logger.info({ rpc: path, code, ms: Math.round(ms * 10) / 10 }, "grpc call (slow)");
        else if (logger.isLevelEnabled("debug"))
          logger.debug({ rpc: path, code, ms: Math.round(ms * 10) / 10 }, "grpc call");
      }
    });
  };
}

/** `/slms.assets.v1.AssetsService/GetUnit` → `slms.assets.v1.AssetsService`. */
export function serviceOfPath(path: string): string {
  return path.slice(1, path.lastIndexOf("/"));
}
