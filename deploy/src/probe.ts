/**
 * Container health probes for docker-compose, where no native gRPC probe exists and the slim
 * image has no curl: `node deploy/src/healthcheck.ts <url>` runs one of these and exits 0 or 1.
 * (Kubernetes uses its own httpGet and grpc probes instead.)
 */
import {
  type Client,
  credentials,
  makeGenericClientConstructor,
  type ServiceError,
} from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";

export type ProbeResult = { readonly healthy: boolean; readonly detail: string };

/** HTTP probe: healthy when the URL answers 2xx within the timeout. */
export async function probeHttp(url: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return { healthy: response.ok, detail: `${url} answered ${response.status}` };
  } catch (error) {
    return { healthy: false, detail: `${url}: ${(error as Error).message}` };
  }
}

type HealthClient = Client & {
  Check(
    request: { service: string },
    options: { deadline: number },
    callback: (error: ServiceError | null, response?: { status?: string }) => void,
  ): void;
};

const HealthClientConstructor = makeGenericClientConstructor(
  // proto-loader's ServiceDefinition has the shape grpc-js expects for a generic client.
  healthService as unknown as Parameters<typeof makeGenericClientConstructor>[0],
  "Health",
);

/**
 * gRPC probe with the standard `grpc.health.v1.Health/Check`: healthy when the server reports
 * SERVING for `service` ("" = the server as a whole) within the timeout.
 */
export function probeGrpc(
  target: string,
  service: string,
  timeoutMs: number,
): Promise<ProbeResult> {
  const client = new HealthClientConstructor(
    target,
    credentials.createInsecure(),
  ) as unknown as HealthClient;
  return new Promise<ProbeResult>((resolve) => {
    client.Check({ service }, { deadline: Date.now() + timeoutMs }, (error, response) => {
      client.close();
      if (error) resolve({ healthy: false, detail: `${target}: ${error.message}` });
      else {
        const status = response?.status ?? "UNKNOWN";
        resolve({
          healthy: status === "SERVING",
          detail: `${target} ${service || "(server)"} is ${status}`,
        });
      }
    });
  });
}

/**
 * Probes what a URL names: `http(s)://…` with GET, `grpc://host:port[/service]` with the gRPC
 * health service.
 */
export function probe(url: string, timeoutMs = 3_000): Promise<ProbeResult> {
  const parsed = new URL(url);
  if (parsed.protocol === "http:" || parsed.protocol === "https:") return probeHttp(url, timeoutMs);
  if (parsed.protocol === "grpc:") {
    return probeGrpc(
      parsed.host,
      decodeURIComponent(parsed.pathname.replace(/^\//, "")),
      timeoutMs,
    );
  }
  throw new Error(`unsupported probe URL ${url}: use http://, https:// or grpc://`);
}
