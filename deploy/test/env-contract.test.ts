// The environment the deployment gives each service against what the service reads: every
// variable its config spec (services/<svc>/src/config.ts) requires is provided, every provided
// variable is one it reads (or a listed exception), and every literal value parses with the
// service's own parser (ports, URL schemes, minimum lengths).
import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type K8sObject, renderKustomization, repoDir } from "./lib/kustomize.ts";
import { envValue, workloads } from "./lib/policies.ts";
import { SERVICES } from "./lib/services.ts";

type VarSpec = { parse(raw: string): unknown; default?: unknown; optional?: boolean };
type Spec = Record<string, VarSpec>;

/** Variables given to a service that it does not read (yet), and why. */
const NOT_IN_SPEC: Record<string, readonly string[]> = {
  // Inputs of RABBITMQ_URL (deploy/k8s/base/patches/rabbitmq-env.yaml), every server.
  // NODE_OPTIONS is read by Node itself (deploy/k8s/base/patches/node-heap.yaml), every server.
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (with its inputs K8S_POD_NAME, K8S_NAMESPACE)
  // are the OpenTelemetry SDK's standard variables (components/otel-collector/service-env.yaml);
  // packages/telemetry does not read them yet (its resource is defaultResource() and the service
  // name in code, without the SDK's environment detector).
  "*": [
    "RABBITMQ_USERNAME",
    "RABBITMQ_PASSWORD",
    "RABBITMQ_HOST",
    "RABBITMQ_PORT",
    "NODE_OPTIONS",
    "OTEL_SERVICE_NAME",
    "OTEL_RESOURCE_ATTRIBUTES",
    "K8S_POD_NAME",
    "K8S_NAMESPACE",
  ],
  // The platform design gives the gateway a broker URL; its config does not read it yet.
  gateway: ["RABBITMQ_URL"],
};

const specs: Record<string, Spec> = {};
beforeAll(async () => {
  for (const svc of SERVICES) {
    const path = `${repoDir}services/${svc}/src/config.ts`;
    if (!existsSync(path))
      throw new Error(`services/${svc}/src/config.ts (the service's config spec) is missing`);
    const module: Record<string, unknown> = await import(path);
    const spec = Object.entries(module).find(([name]) => name.endsWith("ConfigSpec"))?.[1];
    if (!spec) throw new Error(`services/${svc}/src/config.ts exports no *ConfigSpec`);
    specs[svc] = spec as Spec;
  }
});

/** Problems with `provided` (name -> literal value, or undefined when only known at run time). */
function contractProblems(svc: string, provided: Map<string, string | undefined>): string[] {
  const spec = specs[svc]!;
  const problems: string[] = [];
  for (const [name, v] of Object.entries(spec)) {
    if (v.default === undefined && !v.optional && !provided.has(name))
      problems.push(`${name} is required but not provided`);
  }
  const allowed = new Set([...(NOT_IN_SPEC["*"] ?? []), ...(NOT_IN_SPEC[svc] ?? [])]);
  for (const [name, value] of provided) {
    const v = spec[name];
    if (!v) {
      if (!allowed.has(name)) problems.push(`${name} is provided but the service does not read it`);
      continue;
    }
    if (value === undefined || value === "" || value.includes("$(")) continue;
    try {
      v.parse(value);
    } catch (error) {
      problems.push(`${name}="${value}": ${(error as Error).message}`);
    }
  }
  return problems;
}

describe.each(["base", "overlays/dev", "overlays/prod"])(
  "deploy/k8s/%s gives each server",
  (target) => {
    let objects: K8sObject[] = [];
    beforeAll(() => {
      objects = renderKustomization(target);
    });

    const secretValue = (name: string | undefined, key: string) => {
      const secret = objects.find((o) => o.kind === "Secret" && o.metadata.name === name) as
        | { data?: Record<string, string> }
        | undefined;
      const b64 = secret?.data?.[key];
      return b64 === undefined ? undefined : Buffer.from(b64, "base64").toString("utf8");
    };

    it.each(SERVICES)("%s the variables its config reads", (svc) => {
      const deployment = workloads(objects).find((w) => w.id === `Deployment/${svc}`)!;
      const container = deployment.pod.containers[0]!;
      const provided = new Map<string, string | undefined>();
      for (const e of container.envFrom ?? []) {
        const data = (
          objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === e.configMapRef?.name) as
            | { data?: Record<string, string> }
            | undefined
        )?.data;
        for (const [k, val] of Object.entries(data ?? {}))
          provided.set(`${e.prefix ?? ""}${k}`, val);
      }
      for (const e of container.env ?? []) {
        const s = e.valueFrom?.secretKeyRef;
        provided.set(e.name, s ? secretValue(s.name, s.key) : envValue(objects, container, e.name));
      }
      expect(contractProblems(svc, provided)).toEqual([]);
    });
  },
);

describe("docker-compose.yml gives each server", () => {
  const compose = parse(readFileSync(`${repoDir}docker-compose.yml`, "utf8"), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string> }>;
  };
  const withDefaults = (value: string) =>
    value.replace(
      /\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}/g,
      (_m, _n: string, fallback?: string) => fallback ?? "",
    );

  it.each(SERVICES)("%s the variables its config reads", (svc) => {
    const env = compose.services[svc]?.environment ?? {};
    const provided = new Map(
      Object.entries(env).map(([k, v]) => [k, withDefaults(String(v))] as const),
    );
    expect(contractProblems(svc, provided)).toEqual([]);
  });
});

describe("the contract check", () => {
  it("fails on a missing required variable, an unknown one, and a value the service rejects", () => {
    const provided = new Map<string, string | undefined>([
      ["ASSETS_DATABASE_URL", "mysql://x/y"],
      ["GRPC_PORTT", "50051"],
    ]);
    expect(contractProblems("assets", provided)).toEqual([
      "RABBITMQ_URL is required but not provided",
      expect.stringMatching(/^ASSETS_DATABASE_URL="mysql:\/\/x\/y": /),
      "GRPC_PORTT is provided but the service does not read it",
    ]);
  });
});
