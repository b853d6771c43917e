// Renders deploy/k8s (base and every overlay) with `kubectl kustomize`, validates every object's
// schema and checks the deployment policies (test/lib/policies.ts). No API server runs here: this
// is static validation of what `kubectl apply -k` would send.
import { beforeAll, describe, expect, it } from "vitest";
import { documentedSecrets } from "./lib/docs.ts";
import { type K8sObject, ref, renderKustomization } from "./lib/kustomize.ts";
import {
  allowedEgress,
  allowedIngress,
  COMPONENT,
  checkImagesPinned,
  checkPolicies,
  envValue,
  externalSecretsUsed,
  WEB,
  workloads,
} from "./lib/policies.ts";
import { validateAll } from "./lib/schema.ts";
import { SERVICES } from "./lib/services.ts";

const externalSecrets = documentedSecrets();

const renders: Record<string, K8sObject[]> = {};
beforeAll(() => {
  for (const target of ["base", "overlays/dev", "overlays/prod"])
    renders[target] = renderKustomization(target);
});

const kinds = (objects: K8sObject[]) => objects.map(ref).sort();

describe.each(["base", "overlays/dev", "overlays/prod"])("deploy/k8s/%s", (target) => {
  it("renders valid objects (kubernetes-models schemas; CRDs checked by hand)", () => {
    const objects = renders[target]!;
    expect(objects.length).toBeGreaterThan(10);
    expect(validateAll(objects)).toEqual([]);
  });

  it("meets the deployment policies", () => {
    expect(checkPolicies(renders[target]!, { externalSecrets })).toEqual([]);
  });

  it("has, per service, a Deployment, Service, PDB, ConfigMap, ServiceAccount and migration Job", () => {
    const names = kinds(renders[target]!);
    for (const svc of SERVICES) {
      for (const expected of [
        `Deployment/${svc}`,
        `Service/${svc}`,
        `PodDisruptionBudget/${svc}`,
        `ServiceAccount/${svc}`,
        `Job/${svc}-migrate`,
      ]) {
        expect(names).toContain(expected);
      }
      expect(names.some((n) => n.startsWith(`ConfigMap/${svc}-config-`))).toBe(true);
    }
  });

  it("runs the web console from its own image: Deployment, Service, PDB, ServiceAccount, no Job", () => {
    const objects = renders[target]!;
    const names = kinds(objects);
    for (const expected of [
      "Deployment/console",
      "Service/console",
      "PodDisruptionBudget/console",
      "ServiceAccount/console",
    ])
      expect(names).toContain(expected);
    expect(names.filter((n) => n.startsWith("Job/console"))).toEqual([]);
    const web = workloads(objects).find((w) => w.id === "Deployment/console")!;
    expect(web.podLabels[COMPONENT]).toBe(WEB);
    const c = web.pod.containers[0]!;
    // nginx from the image (apps/console/Dockerfile): its own command, port 8080, /healthz.
    expect([c.command, c.args]).toEqual([undefined, undefined]);
    expect(c.ports?.find((p) => p.name === "http")?.containerPort).toBe(8080);
    expect(c.readinessProbe?.httpGet?.path).toBe("/healthz");
    expect(c.livenessProbe?.httpGet?.path).toBe("/healthz");
    // No Secrets, none of the Node servers' settings (rabbitmq-env.yaml, node-heap.yaml).
    expect(c.env ?? []).toEqual([]);
    // /api/ goes to the gateway's Service, on the port it serves HTTP on.
    const gatewayService = objects.find((o) => ref(o) === "Service/gateway") as unknown as {
      spec: { ports: { name: string; port: number }[] };
    };
    const http = gatewayService.spec.ports.find((p) => p.name === "http")!;
    expect(envValue(objects, c, "SLMS_GATEWAY_UPSTREAM")).toBe(`gateway:${http.port}`);
  });

  it("gives every SLMS container the same settings the services read", () => {
    const objects = renders[target]!;
    const configMap = (prefix: string) =>
      (
        objects.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith(prefix)) as
          | { data: Record<string, string> }
          | undefined
      )?.data;
    expect(configMap("gateway-config-")).toMatchObject({
      PORT: "8080",
      ASSETS_GRPC_URL: "assets:50051",
      CUSTOMERS_GRPC_URL: "customers:50052",
      CONTRACTS_GRPC_URL: "contracts:50053",
      BILLING_GRPC_URL: "billing:50054",
      PAYMENTS_GRPC_URL: "payments:50055",
      REPORTING_GRPC_URL: "reporting:50056",
      NOTIFICATIONS_GRPC_URL: "notifications:50057",
      ONBOARDING_GRPC_URL: "onboarding:50058",
      FINANCE_GRPC_URL: "finance:50059",
    });
    expect(configMap("contracts-config-")).toMatchObject({
      ASSETS_GRPC_URL: "assets:50051",
      CUSTOMERS_GRPC_URL: "customers:50052",
    });
    expect(configMap("billing-config-")).toMatchObject({
      ASSETS_GRPC_URL: "assets:50051",
      CUSTOMERS_GRPC_URL: "customers:50052",
      CONTRACTS_GRPC_URL: "contracts:50053",
    });
    expect(configMap("reporting-config-")).toMatchObject({
      ASSETS_GRPC_URL: "assets:50051",
      CUSTOMERS_GRPC_URL: "customers:50052",
      CONTRACTS_GRPC_URL: "contracts:50053",
      BILLING_GRPC_URL: "billing:50054",
      PAYMENTS_GRPC_URL: "payments:50055",
    });
    expect(configMap("payments-config-")).toMatchObject({
      BILLING_GRPC_URL: "billing:50054",
      ASSETS_GRPC_URL: "assets:50051",
      CUSTOMERS_GRPC_URL: "customers:50052",
      CONTRACTS_GRPC_URL: "contracts:50053",
    });
    expect(configMap("finance-config-")).toMatchObject({
      ASSETS_GRPC_URL: "assets:50051",
      CUSTOMERS_GRPC_URL: "customers:50052",
      CONTRACTS_GRPC_URL: "contracts:50053",
    });
    for (const [svc, port] of [
      ["assets", 50051],
      ["customers", 50052],
      ["contracts", 50053],
      ["billing", 50054],
      ["payments", 50055],
      ["reporting", 50056],
      ["notifications", 50057],
      ["onboarding", 50058],
      ["finance", 50059],
    ] as const) {
      expect(configMap(`${svc}-config-`)).toMatchObject({
        GRPC_PORT: String(port),
        METRICS_PORT: "9464",
      });
      const c = workloads(objects).find((w) => w.id === `Deployment/${svc}`)!.pod.containers[0]!;
      expect(c.readinessProbe?.grpc?.port).toBe(port);
      expect(c.livenessProbe?.grpc?.port).toBe(port);
      expect(c.ports?.find((p) => p.name === "grpc")?.containerPort).toBe(port);
    }
    const assets = workloads(objects).find((w) => w.id === "Deployment/assets")!;
    const container = assets.pod.containers[0]!;
    const gateway = workloads(objects).find((w) => w.id === "Deployment/gateway")!.pod
      .containers[0]!;
    expect(gateway.readinessProbe?.httpGet?.path).toBe("/readyz");
    expect(gateway.livenessProbe?.httpGet?.path).toBe("/healthz");
    expect(gateway.env?.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        "GATEWAY_DATABASE_URL",
        "REDIS_URL",
        "RABBITMQ_URL",
        "SLMS_JWT_SECRET",
        "SLMS_ADMIN_PASSWORD",
      ]),
    );
    expect(container.env?.map((e) => e.name)).toEqual(
      expect.arrayContaining(["ASSETS_DATABASE_URL", "RABBITMQ_URL"]),
    );
    // The ID-number keys come from a Secret, never from a ConfigMap or a literal.
    const customers = workloads(objects).find((w) => w.id === "Deployment/customers")!.pod
      .containers[0]!;
    for (const [name, key] of [
      ["CUSTOMERS_ENCRYPTION_KEY", "encryption-key"],
      ["CUSTOMERS_HMAC_KEY", "hmac-key"],
    ]) {
      const secret = customers.env?.find((e) => e.name === name)?.valueFrom?.secretKeyRef;
      expect(secret?.name, name).toMatch(/^customers-secrets(-[a-z0-9]+)?$/);
      expect(secret?.key, name).toBe(key);
    }
  });
});

describe("deploy/k8s/base", () => {
  it("is namespace-agnostic and leaves the image to the overlays", () => {
    const objects = renders.base!;
    expect(objects.filter((o) => o.metadata.namespace !== undefined).map(ref)).toEqual([]);
    expect(objects.some((o) => o.kind === "Namespace")).toBe(false);
    const images = new Set(workloads(objects).flatMap((w) => w.pod.containers.map((c) => c.image)));
    expect([...images].sort()).toEqual(["slms", "slms-console"]);
  });

  it("sizes every server's V8 heap inside its memory limit, in the base and every overlay", () => {
    const servers = Object.values(renders).flatMap((objects) =>
      workloads(objects).filter((w) => SERVICES.some((svc) => w.id === `Deployment/${svc}`)),
    );
    expect(servers).toHaveLength(SERVICES.length * Object.keys(renders).length);
    for (const server of servers) {
      const container = server.pod.containers[0]!;
      const options = container.env?.find((e) => e.name === "NODE_OPTIONS")?.value ?? "";
      const oldSpaceMiB = Number(/--max-old-space-size=(\d+)/.exec(options)?.[1]);
      const limitMiB = Number(/^(\d+)Mi$/.exec(String(container.resources?.limits?.memory))?.[1]);
      expect(options, server.id).toMatch(/--max-semi-space-size=\d+/);
      // About 180 MiB of a service is not old-generation heap (code, young generation, buffers).
      expect(oldSpaceMiB + 180, server.id).toBeLessThanOrEqual(limitMiB);
    }
  });

  it("reads only the Secrets documented as external", () => {
    const databases = SERVICES.map((svc) => `${svc}-db-app`);
    expect(externalSecretsUsed(renders.base!)).toEqual(
      [
        ...databases,
        "customers-secrets",
        "finance-edge-tls",
        "gateway-secrets",
        "notifications-secrets",
        "rabbitmq-default-user",
        "slms-redis",
      ].sort(),
    );
  });
});

describe.each([
  ["overlays/dev", "slms-dev"],
  ["overlays/prod", "slms"],
])("deploy/k8s/%s", (target, namespace) => {
  it(`puts everything in namespace ${namespace}, created by the overlay`, () => {
    const objects = renders[target]!;
    const namespaced = objects.filter((o) => o.kind !== "Namespace");
    expect(namespaced.filter((o) => o.metadata.namespace !== namespace).map(ref)).toEqual([]);
    expect(objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name)).toEqual([
      namespace,
    ]);
  });

  it("pins every image to an explicit tag or digest (never latest), one image for SLMS and one for the console", () => {
    expect(checkImagesPinned(renders[target]!)).toEqual([]);
    const slms = workloads(renders[target]!).filter(
      (w) => w.podLabels["app.kubernetes.io/part-of"] === "slms",
    );
    const images = (web: boolean) =>
      slms
        .filter((w) => (w.podLabels[COMPONENT] === WEB) === web)
        .flatMap((w) => w.pod.containers.map((c) => c.image));
    expect(new Set(images(false)).size).toBe(1);
    expect(images(false)[0]).toMatch(/^[^:]+\/slms:|^slms:/);
    expect(images(true)).toHaveLength(1);
    expect(images(true)[0]).toMatch(/^[^:]+\/slms-console:|^slms-console:/);
    // Released together: the same tag.
    expect(images(true)[0]?.split(":").at(-1)).toBe(images(false)[0]?.split(":").at(-1));
  });

  it("runs PostgreSQL (one CloudNativePG Cluster per service) and RabbitMQ from the operators", () => {
    const objects = renders[target]!;
    for (const svc of SERVICES) {
      const cluster = objects.find((o) => o.kind === "Cluster" && o.metadata.name === `${svc}-db`);
      expect(cluster?.apiVersion).toBe("postgresql.cnpg.io/v1");
      expect(cluster).toMatchObject({
        spec: { bootstrap: { initdb: { database: svc, owner: svc } } },
      });
    }
    const rabbit = objects.find((o) => o.kind === "RabbitmqCluster");
    expect(rabbit).toMatchObject({
      apiVersion: "rabbitmq.com/v1beta1",
      metadata: { name: "rabbitmq" },
    });
    expect(rabbit).toMatchObject({ spec: { image: "rabbitmq:3.13-management" } });
  });

  it("admits ingress only to the gateway, the console and from each gRPC service's callers", () => {
    // The OpenTelemetry Collector's rules: the next test.
    const { "Deployment/otel-collector": _collector, ...allowed } = Object.fromEntries(
      allowedIngress(renders[target]!),
    );
    const monitoring = "namespace{kubernetes.io/metadata.name=monitoring} -> TCP/9464";
    expect(allowed).toEqual({
      "Deployment/gateway": ["* -> TCP/8080"],
      "Deployment/console": ["* -> TCP/8080"],
      "Deployment/assets": [
        "Deployment/billing -> TCP/50051",
        "Deployment/contracts -> TCP/50051",
        "Deployment/finance -> TCP/50051",
        "Deployment/gateway -> TCP/50051",
        "Deployment/onboarding -> TCP/50051",
        "Deployment/payments -> TCP/50051",
        "Deployment/reporting -> TCP/50051",
        monitoring,
      ],
      "Deployment/customers": [
        "Deployment/billing -> TCP/50052",
        "Deployment/contracts -> TCP/50052",
        "Deployment/finance -> TCP/50052",
        "Deployment/gateway -> TCP/50052",
        "Deployment/onboarding -> TCP/50052",
        "Deployment/payments -> TCP/50052",
        "Deployment/reporting -> TCP/50052",
        monitoring,
      ],
      "Deployment/contracts": [
        "Deployment/billing -> TCP/50053",
        "Deployment/finance -> TCP/50053",
        "Deployment/gateway -> TCP/50053",
        "Deployment/onboarding -> TCP/50053",
        "Deployment/payments -> TCP/50053",
        "Deployment/reporting -> TCP/50053",
        monitoring,
      ],
      "Deployment/billing": [
        "Deployment/finance -> TCP/50054",
        "Deployment/gateway -> TCP/50054",
        "Deployment/onboarding -> TCP/50054",
        "Deployment/payments -> TCP/50054",
        "Deployment/reporting -> TCP/50054",
        monitoring,
      ],
      "Deployment/payments": [
        "Deployment/finance -> TCP/50055",
        "Deployment/gateway -> TCP/50055",
        "Deployment/notifications -> TCP/50055",
        "Deployment/onboarding -> TCP/50055",
        "Deployment/reporting -> TCP/50055",
        monitoring,
      ],
      "Deployment/reporting": ["Deployment/gateway -> TCP/50056", monitoring],
      "Deployment/notifications": ["Deployment/gateway -> TCP/50057", monitoring],
      "Deployment/onboarding": ["Deployment/gateway -> TCP/50058", monitoring],
      // The finance edge (TLS) is public; its internal ApiClientService is the gateway's.
      "Deployment/finance": ["* -> TCP/50443", "Deployment/gateway -> TCP/50059", monitoring],
      // Migration pods accept nothing.
      ...Object.fromEntries(SERVICES.map((svc) => [`Job/${svc}-migrate`, []])),
    });
  });

  it("admits every server's OTLP to the collector, and the collector's egress only to DNS and its backend", () => {
    const objects = renders[target]!;
    const servers = workloads(objects).filter(
      (w) =>
        w.podLabels["app.kubernetes.io/part-of"] === "slms" && w.podLabels[COMPONENT] === "server",
    );
    expect(servers.map((w) => w.id).sort()).toEqual(
      SERVICES.map((svc) => `Deployment/${svc}`).sort(),
    );
    const senders = servers.map((w) => w.id).join("+");
    expect(allowedIngress(objects).get("Deployment/otel-collector")).toEqual([
      `${senders} -> TCP/4317`,
      `${senders} -> TCP/4318`,
      "namespace{kubernetes.io/metadata.name=monitoring} -> TCP/8888",
    ]);
    // The servers' own egress is not restricted, so they reach the collector; only the
    // collector's egress is.
    const egress = allowedEgress(objects);
    expect([...egress.keys()]).toEqual(["Deployment/otel-collector"]);
    const dns = "pods{k8s-app=kube-dns} in namespace{kubernetes.io/metadata.name=kube-system}";
    expect(egress.get("Deployment/otel-collector")).toEqual([
      "-> * TCP/4317",
      "-> * TCP/4318",
      "-> * TCP/443",
      `-> ${dns} TCP/53`,
      `-> ${dns} UDP/53`,
    ]);
    // Whatever backend the overlay names, its port is one the egress rule admits.
    const collector = workloads(objects).find((w) => w.id === "Deployment/otel-collector")!;
    const backend = envValue(objects, collector.pod.containers[0]!, "OTLP_BACKEND_ENDPOINT");
    const port = /:(\d+)$/.exec(backend ?? "")?.[1];
    expect(egress.get("Deployment/otel-collector")).toContain(`-> * TCP/${port}`);
  });
});

describe.each(["base", "overlays/dev", "overlays/prod"])("deploy/k8s/%s", (target) => {
  it("serves the finance edge over TLS from a read-only Secret mount, on a Service of its own", () => {
    const objects = renders[target]!;
    const finance = workloads(objects).find((w) => w.id === "Deployment/finance")!;
    const c = finance.pod.containers[0]!;
    const port = (name: string) => c.ports?.find((p) => p.name === name)?.containerPort;
    expect([port("grpc"), port("edge")]).toEqual([50059, 50443]);
    expect(envValue(objects, c, "GRPC_PORT")).toBe("50059");
    expect(envValue(objects, c, "FINANCE_EDGE_PORT")).toBe("50443");
    // Probed on the internal port, like every gRPC service.
    expect(c.readinessProbe?.grpc?.port).toBe(50059);
    // The certificate and key are files of the Secret finance-edge-tls, mounted read-only.
    const volume = finance.pod.volumes?.find((v) => v.secret?.secretName === "finance-edge-tls");
    const mount = c.volumeMounts?.find((m) => m.name === volume?.name);
    expect(mount?.readOnly).toBe(true);
    expect(envValue(objects, c, "FINANCE_TLS_CERT_FILE")).toBe(`${mount?.mountPath}/tls.crt`);
    expect(envValue(objects, c, "FINANCE_TLS_KEY_FILE")).toBe(`${mount?.mountPath}/tls.key`);
    // Internal Service: gRPC and metrics; the edge only on finance-edge.
    const service = (name: string) =>
      (
        objects.find((o) => ref(o) === `Service/${name}`) as unknown as {
          spec: { type?: string; ports: { name: string; port: number; targetPort: string }[] };
        }
      ).spec;
    expect(service("finance").ports.map((p) => [p.name, p.port, p.targetPort])).toEqual([
      ["grpc", 50059, "grpc"],
      ["metrics", 9464, "metrics"],
    ]);
    expect(service("finance-edge").ports.map((p) => [p.name, p.port, p.targetPort])).toEqual([
      ["edge", 50443, "edge"],
    ]);
    expect(service("finance-edge").type ?? "ClusterIP").toBe("ClusterIP");
  });
});

describe("deploy/k8s/overlays/dev", () => {
  it("is self-contained: every Secret it reads is generated or written by an operator", () => {
    expect(externalSecretsUsed(renders["overlays/dev"]!)).toEqual([]);
  });

  it("has cert-manager issue the finance edge a self-signed certificate for its Service", () => {
    const objects = renders["overlays/dev"]!;
    const certificate = objects.find((o) => ref(o) === "Certificate/finance-edge") as
      | (K8sObject & {
          spec: { secretName: string; issuerRef: { name: string }; dnsNames: string[] };
        })
      | undefined;
    expect(certificate?.apiVersion).toBe("cert-manager.io/v1");
    expect(certificate?.spec.secretName).toBe("finance-edge-tls");
    expect(certificate?.spec.dnsNames).toContain("finance-edge");
    expect(certificate?.spec.dnsNames).toContain("finance-edge.slms-dev.svc");
    const issuer = objects.find(
      (o) => o.kind === "Issuer" && o.metadata.name === certificate?.spec.issuerRef.name,
    );
    expect(issuer?.spec).toEqual({ selfSigned: {} });
  });

  it("runs one replica of each server", () => {
    const replicas = renders["overlays/dev"]!.filter((o) => o.kind === "Deployment").map((o) => [
      o.metadata.name,
      (o.spec as { replicas?: number }).replicas,
    ]);
    expect(Object.fromEntries(replicas)).toEqual({
      gateway: 1,
      assets: 1,
      customers: 1,
      contracts: 1,
      billing: 1,
      payments: 1,
      reporting: 1,
      notifications: 1,
      onboarding: 1,
      finance: 1,
      console: 1,
      redis: 1,
      "otel-collector": 1,
    });
  });
});

describe("deploy/k8s/overlays/prod", () => {
  const prod = () => renders["overlays/prod"]!;

  it("reads only gateway-secrets, customers-secrets, notifications-secrets, slms-redis and finance-edge-tls from outside; no Secret values in the render", () => {
    expect(externalSecretsUsed(prod())).toEqual([
      "customers-secrets",
      "finance-edge-tls",
      "gateway-secrets",
      "notifications-secrets",
      "slms-redis",
    ]);
    expect(
      prod()
        .filter((o) => o.kind === "Secret")
        .map(ref),
    ).toEqual([]);
  });

  it("autoscales every server and the console from at least 3 replicas", () => {
    const hpas = prod().filter((o) => o.kind === "HorizontalPodAutoscaler");
    expect(hpas.map((o) => o.metadata.name).sort()).toEqual([...SERVICES, "console"].sort());
    for (const hpa of hpas)
      expect((hpa.spec as { minReplicas: number }).minReplicas).toBeGreaterThanOrEqual(3);
  });

  it("runs highly available data services", () => {
    for (const o of prod().filter((x) => x.kind === "Cluster"))
      expect(o.spec).toMatchObject({ instances: 3 });
    expect(prod().find((o) => o.kind === "RabbitmqCluster")?.spec).toMatchObject({ replicas: 3 });
  });
});
