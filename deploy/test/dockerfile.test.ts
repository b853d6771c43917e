// The image cannot be built here (no Docker engine). These tests read the Dockerfile and the
// .dockerignore and check the facts the platform relies on: stages on Node 24, dependencies
// installed from the lockfile, generated code built, production dependencies only at run time,
// non-root, tini, and a build context that holds what the services need and nothing else.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { baseImage, readDockerfile, runs } from "./lib/dockerfile.ts";
import { isIgnored, parseDockerignore } from "./lib/dockerignore.ts";
import { repoDir } from "./lib/kustomize.ts";

const dockerfile = readDockerfile(`${repoDir}Dockerfile`);
const { stages } = dockerfile;
const stage = (name: string) => dockerfile.stage(name);

describe("Dockerfile", () => {
  it("builds on Node 24 images only, with a slim runtime as the last stage", () => {
    for (const s of stages) expect(baseImage(dockerfile, s), s.name).toMatch(/^node:24(?:[.-]|$)/);
    expect(stages.at(-1)?.name).toBe("runtime");
    expect(stages.at(-1)?.from).toMatch(/^node:24.*-slim$/);
  });

  it("installs from the lockfile, without the node@24 devDependency, and generates code with npm run generate", () => {
    // npm install, not npm ci: see the Dockerfile's deps stage for why.
    expect(runs(stage("deps"))).toMatch(/npm install --ignore-scripts\b/);
    expect(runs(stage("deps"))).toMatch(/rm -rf node_modules\/node\b/);
    expect(runs(stage("build"))).toMatch(/npm run generate\b/);
    expect(runs(stage("prod-deps"))).toMatch(/npm install --omit=dev\b/);
  });

  it("ships production dependencies, sources and generated code, never the dev install", () => {
    const copies = stage("runtime").lines.filter((l) => l.startsWith("COPY"));
    const sources = copies.map((l) => /--from=(\S+)/.exec(l)?.[1]);
    expect(sources.sort()).toEqual(["build", "prod-deps"]);
    // The build stage stages the runtime tree without node_modules and tests.
    expect(runs(stage("build"))).toMatch(/--exclude=node_modules/);
    expect(runs(stage("build"))).toMatch(/package\.json packages services apps protos deploy/);
  });

  it("runs as a non-root user under tini with NODE_ENV=production", () => {
    const runtime = stage("runtime").lines;
    expect(runtime).toContain("ENV NODE_ENV=production");
    const user = runtime.filter((l) => l.startsWith("USER ")).at(-1);
    expect(user).toMatch(/^USER [1-9]\d*(:[1-9]\d*)?$/);
    expect(runtime.find((l) => l.startsWith("ENTRYPOINT"))).toBe(
      'ENTRYPOINT ["/usr/bin/tini", "--"]',
    );
    expect(runs(stage("runtime"))).toMatch(/apt-get install .*\btini\b/);
    // node itself is the process (npm would not forward SIGTERM).
    expect(runtime.find((l) => l.startsWith("CMD"))).toMatch(
      /^CMD \["node", "services\/\w+\/src\/main\.ts"\]$/,
    );
  });
});

describe(".dockerignore", () => {
  const rules = parseDockerignore(readFileSync(`${repoDir}.dockerignore`, "utf8"));
  const rootPackage = JSON.parse(readFileSync(`${repoDir}package.json`, "utf8")) as {
    workspaces: string[];
  };

  it("keeps the manifests, sources, protos, migrations and the healthcheck script", () => {
    for (const path of [
      "package.json",
      "package-lock.json",
      "packages/config/package.json",
      "packages/config/src/index.ts",
      "services/assets/src/main.ts",
      "services/assets/prisma/schema.prisma",
      "services/assets/prisma/migrations/0001_init/migration.sql",
      "services/customers/src/main.ts",
      "services/customers/prisma/migrations/20261124024039_init/migration.sql",
      "services/contracts/src/main.ts",
      "services/contracts/prisma/migrations/20261124024329_init/migration.sql",
      "services/billing/src/main.ts",
      "services/billing/prisma/migrations/20261124030429_init/migration.sql",
      "services/payments/src/main.ts",
      "services/payments/prisma/migrations/20261124031357_init/migration.sql",
      "services/reporting/src/main.ts",
      "services/reporting/prisma/migrations/20261206193615_init/migration.sql",
      "apps/cli/src/main.ts",
      "protos/slms/assets/v1/assets.proto",
      "protos/slms/customers/v1/customers.proto",
      "protos/slms/contracts/v1/contracts.proto",
      "protos/slms/billing/v1/billing.proto",
      "protos/slms/payments/v1/payments.proto",
      "protos/slms/reporting/v1/reporting.proto",
      "deploy/package.json",
      "deploy/src/healthcheck.ts",
      "deploy/src/probe.ts",
    ]) {
      expect(isIgnored(rules, path), path).toBe(false);
    }
  });

  it("keeps the package.json of every workspace (npm ci needs them all)", () => {
    for (const pattern of [...rootPackage.workspaces, "deploy"]) {
      const dir = pattern.replace(/\/\*$/, "/example");
      expect(isIgnored(rules, `${dir}/package.json`), `${dir}/package.json`).toBe(false);
    }
  });

  it("keeps what the console's image builds from (apps/console/Dockerfile)", () => {
    for (const path of [
      "apps/console/package.json",
      "apps/console/index.html",
      "apps/console/vite.config.ts",
      "apps/console/src/main.tsx",
      "apps/console/nginx.conf",
      "services/gateway/src/print-openapi.ts",
    ]) {
      expect(isIgnored(rules, path), path).toBe(false);
    }
    for (const path of [
      "apps/console/dist/index.html",
      "apps/console/src/generated/schema.d.ts",
      "apps/console/Dockerfile",
    ]) {
      expect(isIgnored(rules, path), path).toBe(true);
    }
  });

  it("leaves out dependencies, generated code, VCS data, local data and deployment files", () => {
    for (const path of [
      "node_modules/vitest/package.json",
      "services/assets/node_modules/x/index.js",
      "services/assets/src/generated/prisma/client.ts",
      "packages/contracts/src/generated/assets.ts",
      ".git/HEAD",
      ".data/assets/PG_VERSION",
      ".env",
      "Dockerfile",
      "docker-compose.yml",
      "deploy/k8s/base/kustomization.yaml",
      "deploy/test/k8s.test.ts",
      "deploy/node_modules/yaml/package.json",
    ]) {
      expect(isIgnored(rules, path), path).toBe(true);
    }
  });
});
