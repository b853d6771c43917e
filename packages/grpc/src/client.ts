import {
  type ChannelCredentials,
  type ChannelOptions,
  type Client,
  credentials,
  Metadata,
  type ServiceDefinition,
  type ServiceError,
} from "@grpc/grpc-js";
import type { MethodDefinition } from "@grpc/proto-loader";
import { type Attributes, context, SpanKind } from "@opentelemetry/api";
import { currentService, injectGrpcMetadata, rpcClientDuration, withSpan } from "@slms/telemetry";
import { type Caller, writeCaller } from "./caller.ts";
import { serviceOfPath } from "./server.ts";
import { fromGrpcError } from "./status.ts";

export interface CallOptions {
  /** Who is calling; services scope everything by it. */
  caller?: Caller;
  /** Overrides the client's default deadline for this call. */
  deadlineMs?: number;
}

/** Promise-returning methods for every unary method of a service definition. */
export type PromiseClient<D> = {
  [K in keyof D as string extends K ? never : K]: D[K] extends MethodDefinition<
    infer RequestIn,
    infer _ResponseIn,
    infer _RequestOut,
    infer ResponseOut
  >
    ? (request: RequestIn, options?: CallOptions) => Promise<ResponseOut>
    : never;
};

export interface ClientOptions {
  /** Deadline of every call unless the call says otherwise. Default 5 s. */
  deadlineMs?: number;
  /**
   * Methods that are safe to repeat (reads). Only these are retried, up to 3 attempts, on
   * UNAVAILABLE; a write is never sent twice by the transport.
   */
  idempotent?: readonly string[];
}

export type GrpcClient<D> = PromiseClient<D> & {
  /** Resolves once the channel is connected, or rejects after `deadlineMs`. */
  waitForReady(deadlineMs: number): Promise<void>;
  close(): void;
};

/**
 * A typed client over a generated service constructor. Every call carries a deadline, the
 * caller's identity and the trace context in metadata; a domain failure on the server comes
 * back as the same DomainError kind.
 */
export function createClient<D extends ServiceDefinition>(
  Client: ClientConstructor,
  target: string,
  options: ClientOptions = {},
): GrpcClient<D> {
  const definition = Client.service;
  const paths = Object.values(definition).map((method) => method.path);
  const service = paths[0] ? serviceOfPath(paths[0]) : "";
  const idempotent = new Set(options.idempotent ?? []);
  const serviceConfig = {
    methodConfig: [
      {
        name: [...idempotent].map((method) => ({ service, method })),
        retryPolicy: {
          maxAttempts: 3,
          initialBackoff: "0.05s",
          maxBackoff: "0.5s",
          backoffMultiplier: 2,
          retryableStatusCodes: ["UNAVAILABLE"],
        },
      },
    ],
  };
  const client = new Client(target, credentials.createInsecure(), {
    "grpc.service_config": JSON.stringify(serviceConfig),
    "grpc.keepalive_time_ms": 30_000,
    // A peer that restarted is reached again within seconds: grpc-js's default reconnect backoff
    // grows to two minutes, during which every call fails at once though the peer is back.
    "grpc.initial_reconnect_backoff_ms": 200,
    "grpc.max_reconnect_backoff_ms": 5_000,
  });
  const defaultDeadline = options.deadlineMs ?? 5_000;
  const duration = rpcClientDuration();

  const methods: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(definition)) {
    const call = (client as unknown as Record<string, UnaryCall>)[name]!.bind(client);
    const spanOptions = {
      kind: SpanKind.CLIENT,
      attributes: { "rpc.system": "grpc", "rpc.service": service, "rpc.method": name },
    };
    // Label sets by calling service and status code, built once per pair.
    const labels = new Map<string, Attributes[]>();
    const labelsOf = (caller: string, code: number): Attributes => {
      let byCode = labels.get(caller);
      if (!byCode) {
        byCode = [];
        labels.set(caller, byCode);
      }
      let found = byCode[code];
      if (!found) {
        found = {
          service: caller,
          "rpc.service": service,
          "rpc.method": name,
          "rpc.grpc.status_code": code,
        };
        byCode[code] = found;
      }
      return found;
    };
    methods[name] = (request: unknown, callOptions: CallOptions = {}) => {
      const caller = currentService(context.active());
      const started = performance.now();
      return withSpan(
        method.path.slice(1),
        spanOptions,
        () =>
          new Promise((resolve, reject) => {
            const metadata = new Metadata();
            if (callOptions.caller) writeCaller(metadata, callOptions.caller);
            injectGrpcMetadata(metadata);
            const deadline = Date.now() + (callOptions.deadlineMs ?? defaultDeadline);
            call(request, metadata, { deadline }, (error, response) => {
              duration.record(
                (performance.now() - started) / 1000,
                labelsOf(caller, error ? error.code : 0),
              );
              if (error) reject(fromGrpcError(error));
              else resolve(response);
            });
          }),
      );
    };
  }

  return {
    ...(methods as PromiseClient<D>),
    waitForReady(deadlineMs: number) {
      return new Promise((resolve, reject) => {
        client.waitForReady(Date.now() + deadlineMs, (error) =>
          error ? reject(error) : resolve(),
        );
      });
    },
    close() {
      client.close();
    },
  };
}

/** A generated service client constructor (`loadProto(...).grpc.<pkg>.<Service>`). */
export interface ClientConstructor {
  new (address: string, credentials: ChannelCredentials, options?: ChannelOptions): Client;
  service: ServiceDefinition;
}

type UnaryCall = (
  request: unknown,
  metadata: Metadata,
  options: { deadline: number },
  callback: (error: ServiceError | null, response: unknown) => void,
) => void;
