// Proves the checks in k8s.test.ts can fail: each case breaks one thing in a copy of a real
// render and expects the policy (or schema) check to name it.
import { beforeAll, describe, expect, it } from "vitest";
import { documentedSecrets } from "./lib/docs.ts";
import { type K8sObject, ref, renderKustomization } from "./lib/kustomize.ts";
import {
  allowedEgress,
  allowedIngress,
  checkImagesPinned,
  checkPolicies,
  externalSecretsUsed,
} from "./lib/policies.ts";
import { validateAll } from "./lib/schema.ts";

// biome-ignore lint/suspicious/noExplicitAny: the cases below poke at arbitrary rendered YAML
type Json = any;
const externalSecrets = documentedSecrets();

let prod: K8sObject[] = [];
let dev: K8sObject[] = [];
beforeAll(() => {
  prod = renderKustomization("overlays/prod");
  dev = renderKustomization("overlays/dev");
});

/** A deep copy of `objects` with `change` applied to the object `id` ("Kind/name"). */
function broken(objects: K8sObject[], id: string, change: (o: Json) => void): K8sObject[] {
  const copy = structuredClone(objects);
  const target = copy.find((o) => ref(o) === id);
  if (!target) throw new Error(`${id} is not in the render`);
  change(target);
  return copy;
}
const pod = (o: Json) => o.spec.template.spec;
const app = (o: Json) => pod(o).containers[0];
const violations = (objects: K8sObject[]) => checkPolicies(objects, { externalSecrets });

describe("the policy checks fail when", () => {
  it("both renders pass unbroken (the baseline of every case below)", () => {
    expect(violations(prod)).toEqual([]);
    expect(violations(dev)).toEqual([]);
  });

  const cases: [string, () => K8sObject[], RegExp][] = [
    [
      "a server has no readiness probe",
      () =>
        broken(prod, "Deployment/gateway", (o) => {
          delete app(o).readinessProbe;
        }),
      /Deployment\/gateway container app: no readinessProbe/,
    ],
    [
      "a gRPC probe targets a port the container does not declare",
      () =>
        broken(prod, "Deployment/assets", (o) => {
          app(o).livenessProbe = { grpc: { port: 50052 } };
        }),
      /Deployment\/assets container app: livenessProbe uses port 50052/,
    ],
    [
      "the root filesystem is writable",
      () =>
        broken(prod, "Deployment/assets", (o) => {
          app(o).securityContext.readOnlyRootFilesystem = false;
        }),
      /Deployment\/assets container app: readOnlyRootFilesystem is not true/,
    ],
    [
      "a migration pod may run as root",
      () =>
        broken(prod, "Job/assets-migrate", (o) => {
          delete pod(o).securityContext.runAsNonRoot;
          delete app(o).securityContext.runAsNonRoot;
        }),
      /Job\/assets-migrate container app: runAsNonRoot is not true/,
    ],
    [
      "capabilities are not dropped",
      () =>
        broken(dev, "Deployment/redis", (o) => {
          app(o).securityContext.capabilities = {};
        }),
      /Deployment\/redis container redis: capabilities.drop does not contain ALL/,
    ],
    [
      "a container has no memory limit",
      () =>
        broken(prod, "Deployment/gateway", (o) => {
          delete app(o).resources.limits.memory;
        }),
      /Deployment\/gateway container app: resources.limits.memory is not set/,
    ],
    [
      "a PDB selects no pods",
      () =>
        broken(prod, "PodDisruptionBudget/assets", (o) => {
          o.spec.selector.matchLabels["app.kubernetes.io/name"] = "asset";
        }),
      /PodDisruptionBudget\/assets: selector matches the pods of no Deployment/,
    ],
    [
      "a PDB also selects migration pods",
      () =>
        broken(prod, "PodDisruptionBudget/assets", (o) => {
          delete o.spec.selector.matchLabels["app.kubernetes.io/component"];
        }),
      /PodDisruptionBudget\/assets: selector matches the pods of Job\/assets-migrate/,
    ],
    [
      "a Service selects no pods",
      () =>
        broken(prod, "Service/gateway", (o) => {
          o.spec.selector["app.kubernetes.io/name"] = "gw";
        }),
      /Service\/gateway: selector matches the pods of no Deployment/,
    ],
    [
      "a Service targets an undeclared port",
      () =>
        broken(prod, "Service/assets", (o) => {
          o.spec.ports[0].targetPort = "rpc";
        }),
      /Service\/assets: port grpc targets rpc, which Deployment\/assets does not declare/,
    ],
    [
      "an env var reads a key the operator's Secret does not have",
      () =>
        broken(dev, "Deployment/assets", (o) => {
          const env = app(o).env.find((e: Json) => e.name === "ASSETS_DATABASE_URL");
          env.valueFrom.secretKeyRef.key = "url";
        }),
      /Secret assets-db-app \(CloudNativePG Cluster\/assets-db\) has no key "url"/,
    ],
    [
      "an env var reads an undocumented Secret",
      () =>
        broken(prod, "Deployment/gateway", (o) => {
          app(o).env.push({
            name: "X",
            valueFrom: { secretKeyRef: { name: "mystery", key: "k" } },
          });
        }),
      /Secret mystery is neither in the render, written by an operator, nor documented as external/,
    ],
    [
      "an env var reads a key the external Secret is not documented with",
      () =>
        broken(prod, "Deployment/gateway", (o) => {
          const env = app(o).env.find((e: Json) => e.name === "SLMS_JWT_SECRET");
          env.valueFrom.secretKeyRef.key = "jwt";
        }),
      /external Secret gateway-secrets is documented without key "jwt"/,
    ],
    [
      "a file variable names a key the mounted external Secret is not documented with",
      () =>
        broken(prod, "Deployment/finance", (o) => {
          app(o).env.push({ name: "FINANCE_TLS_KEY_FILE", value: "/etc/slms/finance-tls/key.pem" });
        }),
      /env FINANCE_TLS_KEY_FILE: external Secret finance-edge-tls is documented without key "key.pem"/,
    ],
    [
      "a file variable names a key cert-manager does not write",
      () =>
        broken(dev, "Deployment/finance", (o) => {
          app(o).env.push({
            name: "FINANCE_TLS_CERT_FILE",
            value: "/etc/slms/finance-tls/cert.pem",
          });
        }),
      /Secret finance-edge-tls \(cert-manager Certificate\/finance-edge\) has no key "cert.pem"/,
    ],
    [
      "envFrom names a ConfigMap that is not rendered",
      () =>
        broken(prod, "Deployment/assets", (o) => {
          app(o).envFrom[0].configMapRef.name = "assets-config";
        }),
      /ConfigMap assets-config is not in the render/,
    ],
    [
      "$(VAR) refers to a variable defined after it",
      () =>
        broken(prod, "Deployment/gateway", (o) => {
          const env = app(o).env;
          const url = env.findIndex((e: Json) => e.name === "RABBITMQ_URL");
          const [entry] = env.splice(url, 1);
          env.unshift(entry!);
        }),
      /env RABBITMQ_URL: \$\(RABBITMQ_USERNAME\) is not defined before it/,
    ],
    [
      "a service has no migration Job",
      () => structuredClone(prod).filter((o) => ref(o) !== "Job/assets-migrate"),
      /Deployment\/assets: expected one migration Job for "assets", found 0/,
    ],
    [
      "a migration Job migrates another service",
      () =>
        broken(prod, "Job/assets-migrate", (o) => {
          app(o).args[4] = "gateway";
        }),
      /Job\/assets-migrate: runs "node apps\/cli\/src\/main.ts migrate --service gateway"/,
    ],
    [
      "a migration Job reads another database than its server",
      () =>
        broken(prod, "Job/assets-migrate", (o) => {
          app(o).env[0].valueFrom.secretKeyRef.name = "gateway-db-app";
        }),
      /Job\/assets-migrate: ASSETS_DATABASE_URL comes from gateway-db-app\/uri, the server's from assets-db-app\/uri/,
    ],
    [
      "the grace period does not cover preStop + SHUTDOWN_TIMEOUT_MS",
      () =>
        broken(prod, "Deployment/gateway", (o) => {
          pod(o).terminationGracePeriodSeconds = 25;
        }),
      /Deployment\/gateway: terminationGracePeriodSeconds 25 does not cover preStop 5 s \+ SHUTDOWN_TIMEOUT_MS 20000/,
    ],
    [
      "a rollout may take pods down first",
      () =>
        broken(prod, "Deployment/assets", (o) => {
          o.spec.strategy.rollingUpdate.maxUnavailable = 1;
        }),
      /Deployment\/assets: rolling update maxUnavailable is not 0/,
    ],
    [
      "a server has no preStop hook",
      () =>
        broken(prod, "Deployment/assets", (o) => {
          delete app(o).lifecycle;
        }),
      /Deployment\/assets container app: no preStop hook/,
    ],
    [
      "/tmp is not writable",
      () =>
        broken(prod, "Deployment/gateway", (o) => {
          app(o).volumeMounts = [];
        }),
      /Deployment\/gateway container app: \/tmp is not an emptyDir/,
    ],
    [
      "a server runs another image",
      () =>
        broken(prod, "Deployment/gateway", (o) => {
          app(o).image = "registry.example.com/slms/slms:0.0.9";
        }),
      /SLMS workloads use several images/,
    ],
    [
      "a server runs another service's entry point",
      () =>
        broken(prod, "Deployment/gateway", (o) => {
          app(o).args[1] = "services/assets/src/main.ts";
        }),
      /Deployment\/gateway container app: runs "node services\/assets\/src\/main.ts"/,
    ],
    [
      "the web console runs the servers' image",
      () =>
        broken(prod, "Deployment/console", (o) => {
          app(o).image = "registry.example.com/slms/slms:0.1.0";
        }),
      /Deployment\/console: runs the servers' image registry.example.com\/slms\/slms:0.1.0/,
    ],
    [
      "the web console overrides its image's command",
      () =>
        broken(prod, "Deployment/console", (o) => {
          app(o).args = ["node", "services/gateway/src/main.ts"];
        }),
      /Deployment\/console container app: overrides its image's command/,
    ],
    [
      "the web console's rollout may take pods down first",
      () =>
        broken(prod, "Deployment/console", (o) => {
          o.spec.strategy.rollingUpdate.maxUnavailable = 1;
        }),
      /Deployment\/console: rolling update maxUnavailable is not 0/,
    ],
    [
      "an autoscaled Deployment still sets replicas",
      () =>
        broken(prod, "Deployment/assets", (o) => {
          o.spec.replicas = 3;
        }),
      /HorizontalPodAutoscaler\/assets: Deployment\/assets sets spec.replicas/,
    ],
    [
      "a workload's ServiceAccount is not rendered",
      () => structuredClone(prod).filter((o) => ref(o) !== "ServiceAccount/assets"),
      /Deployment\/assets: ServiceAccount assets is not in the render/,
    ],
    [
      "an operator resource carries the label the default-deny policy selects",
      () =>
        broken(prod, "RabbitmqCluster/rabbitmq", (o) => {
          o.metadata.labels = { "app.kubernetes.io/part-of": "slms" };
        }),
      /RabbitmqCluster\/rabbitmq: carries app.kubernetes.io\/part-of=slms/,
    ],
  ];

  it.each(cases)("%s", (_name, make, expected) => {
    const found = violations(make());
    expect(
      found.some((v) => expected.test(v)),
      `expected ${expected} among:\n${found.join("\n")}`,
    ).toBe(true);
  });

  it("the dev overlay's TLS Secret is no longer written by cert-manager", () => {
    const renamed = broken(dev, "Certificate/finance-edge", (o) => {
      o.spec.secretName = "finance-edge-cert";
    });
    expect(externalSecretsUsed(renamed)).toEqual(["finance-edge-tls"]);
  });

  it("an image uses latest or no tag", () => {
    const latest = broken(prod, "Deployment/gateway", (o) => {
      app(o).image = "registry.example.com/slms/slms:latest";
    });
    expect(checkImagesPinned(latest)).toEqual([
      expect.stringMatching(/Deployment\/gateway .*uses the latest tag/),
    ]);
    const untagged = broken(dev, "Deployment/redis", (o) => {
      app(o).image = "redis";
    });
    expect(checkImagesPinned(untagged)).toEqual([
      expect.stringMatching(/Deployment\/redis .*has no tag or digest/),
    ]);
  });

  it("a NetworkPolicy opens assets to everyone, or the default deny is gone", () => {
    const open = broken(prod, "NetworkPolicy/assets-ingress", (o) => {
      delete o.spec.ingress[0].from;
    });
    expect(allowedIngress(open).get("Deployment/assets")).toContain("* -> TCP/50051");
    const noDeny = structuredClone(prod).filter(
      (o) => ref(o) !== "NetworkPolicy/slms-default-deny-ingress",
    );
    expect(allowedIngress(noDeny).get("Job/assets-migrate")).toEqual([
      "* -> any port (not isolated)",
    ]);
  });

  it("the collector's NetworkPolicy admits everyone, or its egress rule goes", () => {
    const open = broken(prod, "NetworkPolicy/otel-collector", (o) => {
      delete o.spec.ingress[0].from;
    });
    expect(allowedIngress(open).get("Deployment/otel-collector")).toContain("* -> TCP/4318");
    const noEgress = broken(prod, "NetworkPolicy/otel-collector", (o) => {
      o.spec.policyTypes = ["Ingress"];
      delete o.spec.egress;
    });
    expect(allowedEgress(noEgress).has("Deployment/otel-collector")).toBe(false);
  });

  it("a ServiceMonitor or a PrometheusRule breaks its schema", () => {
    const noEndpoints = broken(prod, "ServiceMonitor/assets", (o) => {
      o.spec.endpoints = [];
    });
    expect(validateAll(noEndpoints)).toEqual([
      "ServiceMonitor/assets: spec.endpoints must list at least one endpoint",
    ]);
    const badRule = broken(prod, "PrometheusRule/slms", (o) => {
      const alert = o.spec.groups.flatMap((g: Json) => g.rules).find((r: Json) => r.alert);
      delete alert.labels.severity;
      alert.for = "five minutes";
    });
    expect(validateAll(badRule)).toEqual([
      expect.stringMatching(/PrometheusRule\/slms: .*\.for must be a Prometheus duration/),
      expect.stringMatching(/PrometheusRule\/slms: .* has no severity label/),
    ]);
  });

  it("an object breaks its schema, or has a kind nobody validates", () => {
    const badPort = broken(prod, "Deployment/assets", (o) => {
      app(o).readinessProbe.grpc.port = "grpc";
    });
    expect(validateAll(badPort)).toEqual([
      expect.stringMatching(/Deployment\/assets: .*port must be integer/),
    ]);
    const badCluster = broken(prod, "Cluster/assets-db", (o) => {
      o.spec.instances = 0;
    });
    expect(validateAll(badCluster)).toEqual([
      "Cluster/assets-db: spec.instances must be an integer >= 1",
    ]);
    const evenRabbit = broken(prod, "RabbitmqCluster/rabbitmq", (o) => {
      o.spec.replicas = 2;
    });
    expect(validateAll(evenRabbit)).toEqual([expect.stringMatching(/replicas must be odd/)]);
    const noNames = broken(dev, "Certificate/finance-edge", (o) => {
      delete o.spec.dnsNames;
    });
    expect(validateAll(noNames)).toEqual([
      "Certificate/finance-edge: spec.dnsNames must list at least one name",
    ]);
    const unknown = [
      ...prod,
      { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } },
    ];
    expect(validateAll(unknown)).toEqual([
      expect.stringMatching(/Widget\/w: no validator for example.com\/v1\/Widget/),
    ]);
  });

  it("the README's Secrets table is what the reference check reads", () => {
    expect(Object.fromEntries([...externalSecrets].map(([k, v]) => [k, [...v].sort()]))).toEqual({
      "gateway-db-app": ["uri"],
      "assets-db-app": ["uri"],
      "customers-db-app": ["uri"],
      "contracts-db-app": ["uri"],
      "billing-db-app": ["uri"],
      "payments-db-app": ["uri"],
      "reporting-db-app": ["uri"],
      "notifications-db-app": ["uri"],
      "onboarding-db-app": ["uri"],
      "finance-db-app": ["uri"],
      "finance-edge-tls": ["ca.crt", "tls.crt", "tls.key"],
      "rabbitmq-default-user": ["host", "password", "port", "username"],
      "gateway-secrets": ["admin-password", "jwt-secret"],
      "customers-secrets": ["encryption-key", "hmac-key"],
      "slms-redis": ["url"],
      "notifications-secrets": ["aliyun-sms-access-key-secret", "smtp-password"],
    });
  });
});
