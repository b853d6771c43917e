// docker-compose.yml cannot be run here (no Docker engine): these tests parse it and check the
// structural facts that make `docker compose up` work — dependencies, healthchecks, one image,
// the commands, and that every service's URLs point at the right container, user and database.
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoDir } from "./lib/kustomize.ts";
import { SERVICES } from "./lib/services.ts";

type Healthcheck = { test: string[]; interval?: string; timeout?: string; retries?: number };
type ComposeService = {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: Healthcheck;
  ports?: string[];
  volumes?: string[];
  read_only?: boolean;
  tmpfs?: string[];
  cap_drop?: string[];
  security_opt?: string[];
  stop_grace_period?: string;
};
type ComposeFile = {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};

const compose: ComposeFile = parse(readFileSync(`${repoDir}docker-compose.yml`, "utf8"), {
  merge: true,
});
const services = compose.services;

/** What Compose substitutes for `${VAR:-default}` when VAR is unset. */
const withDefaults = (value: string) =>
  value.replace(
    /\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}/g,
    (_m, _name: string, fallback?: string) => fallback ?? "",
  );
const env = (service: string, name: string) => {
  const raw = services[service]?.environment?.[name];
  return raw === undefined ? undefined : withDefaults(String(raw));
};
const seconds = (duration: string) => {
  const m = /^(\d+)(ms|s|m)$/.exec(duration);
  if (!m) throw new Error(`unsupported duration ${duration}`);
  return Number(m[1]) * ({ ms: 0.001, s: 1, m: 60 } as const)[m[2] as "ms" | "s" | "m"];
};

const SLMS_SERVERS: readonly string[] = SERVICES;
/** Who calls whom over gRPC (the same pairs as the Kubernetes NetworkPolicies). */
const GRPC_CALLS = [
  ["gateway", "assets"],
  ["gateway", "customers"],
  ["gateway", "contracts"],
  ["gateway", "billing"],
  ["gateway", "payments"],
  ["gateway", "reporting"],
  ["gateway", "notifications"],
  ["contracts", "assets"],
  ["contracts", "customers"],
  ["billing", "assets"],
  ["payments", "billing"],
  ["payments", "assets"],
  ["reporting", "assets"],
  ["reporting", "customers"],
  ["reporting", "contracts"],
  ["reporting", "billing"],
  ["reporting", "payments"],
  ["notifications", "payments"],
  ["gateway", "onboarding"],
  ["onboarding", "assets"],
  ["onboarding", "customers"],
  ["onboarding", "contracts"],
  ["onboarding", "billing"],
  ["onboarding", "payments"],
  ["gateway", "finance"],
  ["finance", "assets"],
  ["finance", "customers"],
  ["finance", "contracts"],
] as const;
const MIGRATIONS = SERVICES.map((svc) => `migrate-${svc}`);
/** Containers built from the repository: the SLMS image's, and the web console's. */
const builtContainers = Object.entries(services).filter(([, s]) => s.build !== undefined);
const slmsContainers = builtContainers.filter(([, s]) => s.build?.dockerfile === "Dockerfile");

describe("docker-compose.yml", () => {
  it("has the infrastructure, a migration per service and the servers", () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        "postgres",
        "rabbitmq",
        "redis",
        "mailpit",
        ...SLMS_SERVERS,
        ...MIGRATIONS,
        "console",
      ].sort(),
    );
    expect(services.postgres?.image).toMatch(/^postgres:15(\.|-|$)/);
    expect(services.rabbitmq?.image).toBe("rabbitmq:3.13-management");
    expect(services.redis?.image).toMatch(/^redis:7(\.|-|$)/);
  });

  it("builds one image from the repository's Dockerfile for every SLMS container", () => {
    expect(slmsContainers.map(([name]) => name).sort()).toEqual(
      [...SLMS_SERVERS, ...MIGRATIONS].sort(),
    );
    expect(new Set(slmsContainers.map(([, s]) => s.image)).size).toBe(1);
    for (const [name, s] of slmsContainers)
      expect(s.build, name).toEqual({ context: ".", dockerfile: "Dockerfile" });
    expect(existsSync(`${repoDir}Dockerfile`)).toBe(true);
  });

  it("hardens every container built from the repository the same way", () => {
    expect(builtContainers.map(([name]) => name).sort()).toEqual(
      [...SLMS_SERVERS, ...MIGRATIONS, "console"].sort(),
    );
    for (const [name, s] of builtContainers) {
      expect(s.read_only, name).toBe(true);
      expect(s.tmpfs, name).toEqual(["/tmp"]);
      expect(s.cap_drop, name).toEqual(["ALL"]);
      expect(s.security_opt, name).toEqual(["no-new-privileges:true"]);
    }
  });

  it("runs the web console from its own image, in front of the gateway", () => {
    const web = services.console!;
    expect(web.build).toEqual({ context: ".", dockerfile: "apps/console/Dockerfile" });
    expect(existsSync(`${repoDir}apps/console/Dockerfile`)).toBe(true);
    expect(web.image).not.toBe(services.gateway?.image);
    expect(web.command).toBeUndefined();
    // nginx proxies /api/ to the gateway's container and port, once that is healthy.
    expect(env("console", "SLMS_GATEWAY_UPSTREAM")).toBe(`gateway:${env("gateway", "PORT")}`);
    expect(web.depends_on).toEqual({ gateway: { condition: "service_healthy" } });
    // Published next to the gateway; nginx listens on 8080 (apps/console/nginx.conf).
    expect(web.ports).toEqual(["8081:8080"]);
    expect(web.healthcheck?.test).toEqual([
      "CMD",
      "wget",
      "-q",
      "-O",
      "/dev/null",
      "http://127.0.0.1:8080/healthz",
    ]);
    // nginx's worker_shutdown_timeout is 30 s.
    expect(seconds(web.stop_grace_period ?? "10s")).toBeGreaterThan(30);
  });

  it("runs each server's entry point and each migration for its own service", () => {
    for (const svc of SLMS_SERVERS) {
      expect(services[svc]?.command).toEqual(["node", `services/${svc}/src/main.ts`]);
      expect(services[`migrate-${svc}`]?.command).toEqual([
        "node",
        "apps/cli/src/main.ts",
        "migrate",
        "--service",
        svc,
      ]);
      expect(
        existsSync(`${repoDir}services/${svc}/package.json`),
        `services/${svc} is a workspace`,
      ).toBe(true);
    }
    expect(existsSync(`${repoDir}apps/cli/src/main.ts`)).toBe(true);
  });

  it("depends only on services that exist, with conditions those services can meet", () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        const target = services[dep];
        expect(target, `${name} depends on missing ${dep}`).toBeDefined();
        expect(["service_started", "service_healthy", "service_completed_successfully"]).toContain(
          condition,
        );
        if (condition === "service_healthy")
          expect(target?.healthcheck, `${dep} needs a healthcheck`).toBeDefined();
        if (condition === "service_completed_successfully") expect(dep).toMatch(/^migrate-/);
      }
    }
    // No cycles.
    const visiting = new Set<string>();
    const visit = (name: string, path: string[]) => {
      expect(visiting.has(name), `dependency cycle ${[...path, name].join(" -> ")}`).toBe(false);
      visiting.add(name);
      for (const dep of Object.keys(services[name]?.depends_on ?? {})) visit(dep, [...path, name]);
      visiting.delete(name);
    };
    for (const name of Object.keys(services)) visit(name, []);
  });

  it("starts every server after its migration succeeded and its brokers are healthy", () => {
    for (const svc of SLMS_SERVERS) {
      expect(services[`migrate-${svc}`]?.depends_on).toEqual({
        postgres: { condition: "service_healthy" },
      });
      expect(services[svc]?.depends_on?.[`migrate-${svc}`]).toEqual({
        condition: "service_completed_successfully",
      });
      expect(services[svc]?.depends_on?.rabbitmq).toEqual({ condition: "service_healthy" });
    }
    expect(services.gateway?.depends_on?.redis).toEqual({ condition: "service_healthy" });
    // The gateway's /readyz checks every gRPC service it calls; each service waits for its peers.
    for (const [caller, peer] of GRPC_CALLS)
      expect(services[caller]?.depends_on?.[peer], `${caller} -> ${peer}`).toEqual({
        condition: "service_healthy",
      });
  });

  it("points every database URL at the service's own database, role and the postgres container", () => {
    const databases = String(services.postgres?.environment?.SLMS_DATABASES).split(/\s+/).sort();
    const password = env("postgres", "SLMS_DB_PASSWORD");
    const withUrls = new Set<string>();
    for (const [name, s] of Object.entries(services)) {
      for (const key of Object.keys(s.environment ?? {}).filter((k) =>
        k.endsWith("_DATABASE_URL"),
      )) {
        const svc = key.replace(/_DATABASE_URL$/, "").toLowerCase();
        expect(name === svc || name === `migrate-${svc}`, `${name} reads ${key}`).toBe(true);
        const url = new URL(env(name, key) ?? "");
        expect(url.protocol).toBe("postgresql:");
        expect([url.hostname, url.port, url.pathname, url.username, url.password]).toEqual([
          "postgres",
          "5432",
          `/${svc}`,
          svc,
          password,
        ]);
        withUrls.add(svc);
      }
    }
    expect([...withUrls].sort()).toEqual(databases);
    for (const svc of SLMS_SERVERS) {
      const key = `${svc.toUpperCase()}_DATABASE_URL`;
      expect(env(`migrate-${svc}`, key), `migrate-${svc} and ${svc} share ${key}`).toBe(
        env(svc, key),
      );
    }
    const initScript =
      "./deploy/compose/postgres-init.sh:/docker-entrypoint-initdb.d/10-slms-databases.sh:ro";
    expect(services.postgres?.volumes).toContain(initScript);
    accessSync(`${repoDir}deploy/compose/postgres-init.sh`, constants.X_OK);
  });

  it("gives the servers broker, cache and peer URLs that match those containers", () => {
    for (const svc of SLMS_SERVERS) {
      const amqp = new URL(env(svc, "RABBITMQ_URL") ?? "");
      expect([amqp.protocol, amqp.hostname, amqp.port]).toEqual(["amqp:", "rabbitmq", "5672"]);
      expect(amqp.username).toBe(env("rabbitmq", "RABBITMQ_DEFAULT_USER"));
      expect(amqp.password).toBe(env("rabbitmq", "RABBITMQ_DEFAULT_PASS"));
    }
    const redis = new URL(env("gateway", "REDIS_URL") ?? "");
    expect([redis.protocol, redis.hostname, redis.port]).toEqual(["redis:", "redis", "6379"]);
    for (const [caller, peer] of GRPC_CALLS) {
      expect(env(caller, `${peer.toUpperCase()}_GRPC_URL`), `${caller} -> ${peer}`).toBe(
        `${peer}:${env(peer, "GRPC_PORT")}`,
      );
    }
    expect(services.gateway?.ports).toEqual([
      `${env("gateway", "PORT")}:${env("gateway", "PORT")}`,
    ]);
    expect((env("gateway", "SLMS_JWT_SECRET") ?? "").length).toBeGreaterThanOrEqual(32);
    expect(env("gateway", "SLMS_ADMIN_EMAIL")).toMatch(/@/);
    expect(env("gateway", "SLMS_ADMIN_PASSWORD")).toBeTruthy();
  });

  it("health-checks the servers the way Kubernetes probes them, on the ports they listen on", () => {
    for (const svc of SLMS_SERVERS.filter((s) => s !== "gateway")) {
      expect(services[svc]?.healthcheck?.test, svc).toEqual([
        "CMD",
        "node",
        "deploy/src/healthcheck.ts",
        `grpc://127.0.0.1:${env(svc, "GRPC_PORT")}`,
      ]);
    }
    expect(services.gateway?.healthcheck?.test).toEqual([
      "CMD",
      "node",
      "deploy/src/healthcheck.ts",
      `http://127.0.0.1:${env("gateway", "PORT")}/readyz`,
    ]);
    expect(existsSync(`${repoDir}deploy/src/healthcheck.ts`)).toBe(true);
    for (const infra of ["postgres", "rabbitmq", "redis"])
      expect(services[infra]?.healthcheck, infra).toBeDefined();
    expect(services.postgres?.healthcheck?.test).toContain("--host=127.0.0.1");
  });

  it("publishes the finance edge on its TLS port with a certificate mounted read-only, not its internal port", () => {
    const finance = services.finance!;
    const edge = env("finance", "FINANCE_EDGE_PORT");
    expect(finance.ports).toEqual([`${edge}:${edge}`]);
    expect(finance.ports?.join(" ")).not.toContain(env("finance", "GRPC_PORT"));
    // deploy/compose/finance-tls holds tls.crt and tls.key made with openssl (deploy/README.md);
    // the folder is committed with a .gitignore that keeps the files out of git.
    expect(finance.volumes).toEqual(["./deploy/compose/finance-tls:/run/finance-tls:ro"]);
    expect(env("finance", "FINANCE_TLS_CERT_FILE")).toBe("/run/finance-tls/tls.crt");
    expect(env("finance", "FINANCE_TLS_KEY_FILE")).toBe("/run/finance-tls/tls.key");
    expect(env("finance", "FINANCE_TLS_CLIENT_CA_FILE")).toBe("");
    const ignore = readFileSync(`${repoDir}deploy/compose/finance-tls/.gitignore`, "utf8");
    expect(ignore.split("\n")).toEqual(expect.arrayContaining(["*", "!.gitignore"]));
    const readme = readFileSync(`${repoDir}deploy/README.md`, "utf8");
    expect(readme).toContain("-keyout deploy/compose/finance-tls/tls.key");
    expect(readme).toContain("-out deploy/compose/finance-tls/tls.crt");
  });

  it("gives customers two different 32-byte ID-number keys", () => {
    const keys = ["CUSTOMERS_ENCRYPTION_KEY", "CUSTOMERS_HMAC_KEY"].map((name) =>
      Buffer.from(env("customers", name) ?? "", "base64"),
    );
    for (const key of keys) expect(key.length).toBe(32);
    expect(keys[0]?.equals(keys[1]!)).toBe(false);
  });

  it("lets a graceful shutdown finish before Docker sends SIGKILL", () => {
    for (const svc of SLMS_SERVERS) {
      const shutdownMs = Number(env(svc, "SHUTDOWN_TIMEOUT_MS") ?? 20_000);
      expect(seconds(services[svc]?.stop_grace_period ?? "10s") * 1000, svc).toBeGreaterThan(
        shutdownMs,
      );
    }
  });

  it("declares the named volumes it mounts", () => {
    const declared = Object.keys(compose.volumes ?? {});
    for (const s of Object.values(services)) {
      for (const volume of s.volumes ?? []) {
        const source = volume.split(":")[0] ?? "";
        if (!source.startsWith(".") && !source.startsWith("/")) expect(declared).toContain(source);
      }
    }
  });
});
