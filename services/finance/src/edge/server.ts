/**
 * The public edge: `slms.finance.v1.FinanceService` over TLS (mutual TLS when a client CA is
 * given), with gRPC health and server reflection, for ERP and finance systems.
 *
 * Unlike the internal servers (@slms/grpc createGrpcServer), which trust the `x-slms-*` caller
 * metadata, this server reads no caller from metadata at all: every call is authenticated from
 * its bearer credential, counted against the client's rate, served with an internal caller the
 * edge builds for the client, and audited — one row per authenticated call.
 */

import { X509Certificate } from "node:crypto";
import {
  type Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type sendUnaryData,
  status,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { ReflectionService } from "@grpc/reflection";
import { type Attributes, ROOT_CONTEXT, SpanKind } from "@opentelemetry/api";
import { FinanceServiceClient } from "@slms/contracts/finance";
import { findUnacceptableText, invalid } from "@slms/errors";
import type { Logger } from "@slms/logging";
import {
  contextWithService,
  EDGE_CERTIFICATE_EXPIRY,
  observeGauge,
  rpcServerDuration,
  withSpan,
} from "@slms/telemetry";
import { HealthImplementation } from "grpc-health-check";
import type { FinanceDeps } from "../deps.ts";
import type { EdgeClient } from "../domain/edge-caller.ts";
import { authenticateApiClient } from "../use-cases/authenticate-api-client.ts";
import { recordApiCall } from "../use-cases/record-api-call.ts";
import { financeHandlers } from "./handlers.ts";
import { publicStatus } from "./public-errors.ts";
import { ClientRateLimiter } from "./rate-limit.ts";
import { financeReflectionDefinition } from "./reflection.ts";

/** PEM material of the edge's TLS. */
export interface EdgeTls {
  /** The server's certificate chain. */
  certPem: string | Buffer;
  keyPem: string | Buffer;
  /** CA bundle of client certificates: when given, every client must present one (mTLS). */
  clientCaPem?: string | Buffer;
}

export interface EdgeOptions {
  /** Address to bind, e.g. "0.0.0.0". */
  host: string;
  /** Port; 0 picks a free one. */
  port: number;
  tls: EdgeTls;
}

export interface EdgeServer {
  /** The bound port. */
  port: number;
  close(graceMs?: number): Promise<void>;
}

const serviceName = "slms.finance.v1.FinanceService";
const idLike = /^[A-Za-z0-9_-]{1,64}$/;

export async function startEdgeServer(
  deps: FinanceDeps,
  logger: Logger,
  options: EdgeOptions,
): Promise<EdgeServer> {
  const server = new Server({ "grpc.max_receive_message_length": 1024 * 1024 });
  const health = new HealthImplementation({ "": "NOT_SERVING", [serviceName]: "NOT_SERVING" });
  health.addToServer(server);
  new ReflectionService(financeReflectionDefinition()).addToServer(server);

  const handlers = financeHandlers(deps) as unknown as Record<string, Handler>;
  const limiter = new ClientRateLimiter();
  const implementation: UntypedServiceImplementation = {};
  for (const [method, spec] of Object.entries(FinanceServiceClient.service)) {
    const handler = handlers[method];
    if (!handler) throw new Error(`no handler for ${spec.path}`);
    implementation[method] = (
      call: ServerUnaryCall<unknown, unknown>,
      callback: sendUnaryData<unknown>,
    ) => {
      void withSpan(
        spec.path.slice(1),
        {
          kind: SpanKind.SERVER,
          attributes: { "rpc.system": "grpc", "rpc.service": serviceName, "rpc.method": method },
          parent: contextWithService("finance", ROOT_CONTEXT),
        },
        () => serve({ deps, logger, limiter, method, handler }, call, callback),
      );
    };
  }
  server.addService(FinanceServiceClient.service, implementation);

  const tls = options.tls;
  const credentials = ServerCredentials.createSsl(
    tls.clientCaPem ? Buffer.from(tls.clientCaPem) : null,
    [{ cert_chain: Buffer.from(tls.certPem), private_key: Buffer.from(tls.keyPem) }],
    Boolean(tls.clientCaPem),
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${options.host}:${options.port}`, credentials, (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  health.setStatus("", "SERVING");
  health.setStatus(serviceName, "SERVING");
  // When the certificate it serves expires (the first of the chain: the edge's own), for the
  // expiry alerts; read once, as the files are read once (rotation is a restart).
  const expiresAt = new X509Certificate(Buffer.from(tls.certPem)).validToDate;
  const stopGauge = observeGauge(
    EDGE_CERTIFICATE_EXPIRY,
    "Unix time when the finance edge's TLS certificate expires",
    (result) => result.observe(expiresAt.getTime() / 1000, { service: "finance" }),
  );
  logger.info(
    { port, mutualTls: Boolean(tls.clientCaPem), certificateExpiresAt: expiresAt },
    "finance edge serving gRPC over TLS",
  );

  return {
    port,
    close(graceMs = 10_000) {
      stopGauge();
      health.setStatus("", "NOT_SERVING");
      health.setStatus(serviceName, "NOT_SERVING");
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          logger.warn({ graceMs }, "finance edge: grace period over, cancelling calls");
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

type Handler = (request: unknown, client: EdgeClient) => Promise<unknown>;

interface CallSetup {
  deps: FinanceDeps;
  logger: Logger;
  limiter: ClientRateLimiter;
  method: string;
  handler: Handler;
}

/** One call: authenticate → rate → serve → audit → answer. */
async function serve(
  { deps, logger, limiter, method, handler }: CallSetup,
  call: ServerUnaryCall<unknown, unknown>,
  callback: sendUnaryData<unknown>,
): Promise<void> {
  const started = performance.now();
  let client: EdgeClient | null = null;
  let response: unknown = null;
  let failure: ReturnType<typeof publicStatus> | null = null;
  try {
    client = await authenticateApiClient(deps, authorization(call.metadata));
    await limiter.take(client);
    const issue = findUnacceptableText(call.request, "(request)");
    if (issue) throw invalid("the request holds text that cannot be accepted", [issue]);
    response = await handler(call.request, client);
  } catch (error) {
    failure = publicStatus(error);
    if (failure.code === status.UNAUTHENTICATED) {
      // Not audited in the database (no client to attribute it to): logged with the peer.
      logger.warn({ rpc: method, peer: call.getPeer() }, "finance edge: credentials refused");
    } else if (failure.code === status.INTERNAL) {
      logger.error({ err: error, rpc: method, clientId: client?.id }, "finance edge call failed");
    }
  }
  const code = failure?.code ?? status.OK;
  const durationMs = performance.now() - started;
  rpcServerDuration().record(durationMs / 1000, edgeLabels(method, code));
  if (client) {
    const siteId = (call.request as { siteId?: unknown }).siteId;
    await recordApiCall(deps, {
      client,
      rpc: method,
      siteId: typeof siteId === "string" && idLike.test(siteId) ? siteId : null,
      status: code,
      durationMs,
    }).catch((error: unknown) => {
      logger.error({ err: error, rpc: method, clientId: client?.id }, "audit row not written");
    });
  }
  logger.debug(
    { rpc: method, code, clientId: client?.id, ms: Math.round(durationMs * 10) / 10 },
    "finance edge call",
  );
  if (failure) callback(failure);
  else callback(null, response);
}

/** Label sets of `rpc_server_duration_seconds` for the edge, built once per method and code. */
const edgeLabelSets = new Map<string, Attributes>();
function edgeLabels(method: string, code: number): Attributes {
  const key = `${method} ${code}`;
  let labels = edgeLabelSets.get(key);
  if (!labels) {
    labels = {
      service: "finance",
      "rpc.service": serviceName,
      "rpc.method": method,
      "rpc.grpc.status_code": code,
    };
    edgeLabelSets.set(key, labels);
  }
  return labels;
}

function authorization(metadata: Metadata): string | undefined {
  const value = metadata.get("authorization")[0];
  return typeof value === "string" ? value : undefined;
}
