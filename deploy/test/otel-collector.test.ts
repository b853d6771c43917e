// The OpenTelemetry Collector of the overlays (components/otel-collector): its configuration is
// a complete pipeline (OTLP in on 4317/4318, memory_limiter first, batch last, an exporter that
// exists: the backend in prod, debug in dev), every environment variable it reads is given to its container,
// its probes and ports match the listeners, and every SLMS server sends its spans to it through
// a variable packages/telemetry reads. No collector binary runs here: this is static validation.
import { readFileSync } from "node:fs";
import type { IService } from "kubernetes-models/v1";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type K8sObject, ref, renderKustomization, repoDir } from "./lib/kustomize.ts";
import { COMPONENT, envValue, workloads } from "./lib/policies.ts";
import { SERVICES } from "./lib/services.ts";

type Pipeline = { receivers: string[]; processors: string[]; exporters: string[] };
type CollectorConfig = {
  extensions?: Record<string, { endpoint?: string } | null>;
  receivers: Record<string, { protocols?: Record<string, { endpoint?: string }> }>;
  processors: Record<string, unknown>;
  exporters: Record<string, { endpoint?: string } | null>;
  service: {
    extensions?: string[];
    telemetry?: {
      metrics?: {
        readers?: { pull?: { exporter?: { prometheus?: { host?: string; port?: number } } } }[];
      };
    };
    pipelines: Record<string, Pipeline>;
  };
};

/** Problems of a collector configuration ([] when it is a complete, well-formed pipeline). */
function collectorConfigProblems(config: CollectorConfig): string[] {
  const problems: string[] = [];
  const kinds = ["receivers", "processors", "exporters"] as const;
  for (const [name, pipeline] of Object.entries(config.service?.pipelines ?? {})) {
    for (const kind of kinds) {
      const listed = pipeline[kind] ?? [];
      if (kind !== "processors" && listed.length === 0)
        problems.push(`pipeline ${name} has no ${kind}`);
      for (const id of listed)
        if (!(id in (config[kind] ?? {})))
          problems.push(`pipeline ${name} uses ${kind.slice(0, -1)} ${id}, which is not defined`);
    }
    const processors = pipeline.processors ?? [];
    if (processors[0] !== "memory_limiter")
      problems.push(`pipeline ${name}: memory_limiter is not its first processor`);
    if (processors.at(-1) !== "batch")
      problems.push(`pipeline ${name}: batch is not its last processor`);
  }
  for (const id of config.service?.extensions ?? [])
    if (!(id in (config.extensions ?? {}))) problems.push(`extension ${id} is not defined`);
  if (!config.service?.pipelines?.traces) problems.push("no traces pipeline");
  return problems;
}

const collectorOf = (objects: K8sObject[]) => {
  const w = workloads(objects).find((x) => x.id === "Deployment/otel-collector");
  if (!w) throw new Error("Deployment/otel-collector is not in the render");
  const c = w.pod.containers[0]!;
  const volume = w.pod.volumes?.find((v) => v.name === "config");
  const configMap = objects.find(
    (o) => o.kind === "ConfigMap" && o.metadata.name === volume?.configMap?.name,
  ) as { data?: Record<string, string> } | undefined;
  const mount = c.volumeMounts?.find((m) => m.name === "config");
  const file = /--config=(\S+)/.exec((c.args ?? []).join(" "))?.[1] ?? "";
  const key = file.startsWith(`${mount?.mountPath}/`)
    ? file.slice((mount?.mountPath.length ?? 0) + 1)
    : "";
  const text = configMap?.data?.[key];
  if (!text) throw new Error(`the collector's --config ${file} is not a key of its ConfigMap`);
  return { w, c, config: parse(text) as CollectorConfig, text };
};

const port = (endpoint: string | undefined) => Number(/:(\d+)$/.exec(endpoint ?? "")?.[1]);

const renders: Record<string, K8sObject[]> = {};
beforeAll(() => {
  for (const target of ["overlays/dev", "overlays/prod"])
    renders[target] = renderKustomization(target);
});

describe.each(["overlays/dev", "overlays/prod"])("deploy/k8s/%s", (target) => {
  it("runs a collector whose configuration is a complete pipeline", () => {
    const { config } = collectorOf(renders[target]!);
    expect(collectorConfigProblems(config)).toEqual([]);
    const otlp = config.receivers.otlp?.protocols;
    // Collectors >= 0.104 listen on localhost unless told otherwise.
    expect(otlp?.grpc?.endpoint).toBe("0.0.0.0:4317");
    expect(otlp?.http?.endpoint).toBe("0.0.0.0:4318");
    for (const pipeline of Object.values(config.service.pipelines))
      expect(pipeline.receivers).toEqual(["otlp"]);
  });

  it("gives the collector every environment variable its configuration reads, and ports and probes that match it", () => {
    const objects = renders[target]!;
    const { c, config, text } = collectorOf(objects);
    const names = new Set((c.env ?? []).map((e) => e.name));
    for (const e of c.envFrom ?? []) {
      const data = (
        objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === e.configMapRef?.name) as
          | { data?: Record<string, string> }
          | undefined
      )?.data;
      for (const k of Object.keys(data ?? {})) names.add(k);
    }
    const used = [...text.matchAll(/\$\{env:([A-Z0-9_]+)\}/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !names.has(name))).toEqual([]);

    const declared = (name: string) => c.ports?.find((p) => p.name === name)?.containerPort;
    expect(declared("otlp-grpc")).toBe(4317);
    expect(declared("otlp-http")).toBe(4318);
    expect(declared("health")).toBe(port(config.extensions?.health_check?.endpoint));
    expect(config.service.extensions).toContain("health_check");
    expect(c.readinessProbe?.httpGet?.port).toBe("health");
    expect(c.livenessProbe?.httpGet?.port).toBe("health");
    const prometheus = config.service.telemetry?.metrics?.readers?.[0]?.pull?.exporter?.prometheus;
    expect(prometheus?.host).toBe("0.0.0.0");
    expect(declared("metrics")).toBe(prometheus?.port);
    // memory_limiter works from the container's memory limit.
    expect(c.resources?.limits?.memory).toBeDefined();
  });

  it("sends every SLMS server's spans to the collector's OTLP/HTTP Service port, and nothing else's", () => {
    const objects = renders[target]!;
    const service = objects.find((o) => ref(o) === "Service/otel-collector") as unknown as IService;
    const http = service.spec?.ports?.find((p) => p.name === "otlp-http");
    expect(http?.targetPort).toBe("otlp-http");
    expect(service.spec?.ports?.find((p) => p.name === "otlp-grpc")?.port).toBe(4317);
    const expected = `http://${service.metadata?.name}:${http?.port}`;
    for (const w of workloads(objects)) {
      const c = w.pod.containers[0]!;
      const value = envValue(objects, c, "OTEL_EXPORTER_OTLP_ENDPOINT");
      const server =
        w.podLabels["app.kubernetes.io/part-of"] === "slms" && w.podLabels[COMPONENT] === "server";
      expect(value, w.id).toBe(server ? expected : undefined);
      if (!server) continue;
      expect(SERVICES.map((svc) => `Deployment/${svc}`)).toContain(w.id);
      // The service name the SDK would take is the pod's app.kubernetes.io/name (the one the
      // service uses in code).
      const name = c.env?.find((e) => e.name === "OTEL_SERVICE_NAME")?.valueFrom?.fieldRef;
      expect(name?.fieldPath, w.id).toBe("metadata.labels['app.kubernetes.io/name']");
    }
  });

  it("reads OTEL_EXPORTER_OTLP_ENDPOINT the way packages/telemetry does: an OTLP/HTTP base URL", () => {
    // packages/telemetry appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT and sends OTLP/HTTP
    // (exporter-trace-otlp-http): the URL must name the HTTP port, not the gRPC one.
    const start = readFileSync(`${repoDir}packages/telemetry/src/start.ts`, "utf8");
    expect(start).toContain("process.env.OTEL_EXPORTER_OTLP_ENDPOINT");
    expect(start).toContain("/v1/traces");
    expect(start).toContain("@opentelemetry/exporter-trace-otlp-http");
  });
});

describe("the collector's exporters", () => {
  it("prod: the OTLP/gRPC backend named by OTLP_BACKEND_ENDPOINT (host:port), on every pipeline", () => {
    const objects = renders["overlays/prod"]!;
    const { c, config } = collectorOf(objects);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the collector's syntax, not a template
    expect(config.exporters.otlp_grpc?.endpoint).toBe("${env:OTLP_BACKEND_ENDPOINT}");
    expect(envValue(objects, c, "OTLP_BACKEND_ENDPOINT")).toMatch(/^[a-z0-9.-]+:\d{1,5}$/);
    expect(["true", "false"]).toContain(envValue(objects, c, "OTLP_BACKEND_INSECURE"));
    expect(envValue(objects, c, "DEPLOYMENT_ENVIRONMENT")).toBe("production");
    for (const pipeline of Object.values(config.service.pipelines))
      expect(pipeline.exporters).toEqual(["otlp_grpc"]);
  });

  it("dev: the debug exporter (no backend)", () => {
    const objects = renders["overlays/dev"]!;
    const { c, config } = collectorOf(objects);
    expect(Object.keys(config.exporters)).toEqual(["debug"]);
    for (const pipeline of Object.values(config.service.pipelines))
      expect(pipeline.exporters).toEqual(["debug"]);
    expect(envValue(objects, c, "DEPLOYMENT_ENVIRONMENT")).toBe("dev");
  });
});

describe("the collector configuration check", () => {
  it("fails on an undefined component, a misplaced memory_limiter or batch, and no traces", () => {
    const config: CollectorConfig = {
      receivers: { otlp: {} },
      processors: { batch: {}, memory_limiter: {} },
      exporters: { debug: null },
      service: {
        extensions: ["health_check"],
        pipelines: {
          metrics: {
            receivers: ["otlp"],
            processors: ["batch", "memory_limiter"],
            exporters: ["otlp_grpc"],
          },
        },
      },
    };
    expect(collectorConfigProblems(config)).toEqual([
      "pipeline metrics uses exporter otlp_grpc, which is not defined",
      "pipeline metrics: memory_limiter is not its first processor",
      "pipeline metrics: batch is not its last processor",
      "extension health_check is not defined",
      "no traces pipeline",
    ]);
  });
});
