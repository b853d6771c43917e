// The web console's own image (apps/console/Dockerfile) and its nginx config (apps/console/nginx.conf)
// cannot be built or run here (no Docker engine). These tests read them and check what the
// deployment relies on: the build generates what the console's API types need, the runtime is an
// unprivileged nginx that writes only to /tmp, the config is the template the image renders, and
// it serves the console the way the gateway's embedded mode does (same CSP, caching, fallback).
// Where an nginx binary is installed, the rendered config is also checked with `nginx -t`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { baseImage, readDockerfile, runs } from "./lib/dockerfile.ts";
import { repoDir } from "./lib/kustomize.ts";

const file = readDockerfile(`${repoDir}apps/console/Dockerfile`);
const root = readDockerfile(`${repoDir}Dockerfile`);
const runtime = file.stages.at(-1)!;
const nginxConf = readFileSync(`${repoDir}apps/console/nginx.conf`, "utf8");
/** nginx.conf without comments. */
const conf = nginxConf.replace(/#.*$/gm, "");

/** `ENV` settings of a stage (the `ENV A=1 B=2` form). */
const envOf = (lines: string[]) =>
  Object.fromEntries(
    lines
      .filter((l) => l.startsWith("ENV "))
      .flatMap((l) => [...l.slice(4).matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]])),
  ) as Record<string, string>;

/** The body of the block `<head> { … }` in nginx.conf (braces balanced). */
function block(head: string): string {
  const start = conf.indexOf(`${head} {`);
  if (start < 0) throw new Error(`apps/console/nginx.conf has no block "${head}"`);
  let depth = 0;
  for (let i = conf.indexOf("{", start); i < conf.length; i++) {
    if (conf[i] === "{") depth++;
    else if (conf[i] === "}" && --depth === 0) return conf.slice(conf.indexOf("{", start) + 1, i);
  }
  throw new Error(`unbalanced block "${head}"`);
}
/** The arguments of each `name …;` directive in `text`. */
const directives = (text: string, name: string) =>
  [...text.matchAll(new RegExp(`(?:^|[\\s;{}])${name}\\s+((?:"[^"]*"|[^;"])*);`, "g"))].map((m) =>
    m[1]!.trim(),
  );

const gatewayCsp = /"Content-Security-Policy",\s*"([^"]+)"/.exec(
  readFileSync(`${repoDir}services/gateway/src/http/console.ts`, "utf8"),
)?.[1];

describe("apps/console/Dockerfile", () => {
  it("builds on Node 24 and serves from a pinned, unprivileged nginx", () => {
    for (const s of file.stages.slice(0, -1))
      expect(baseImage(file, s), s.name).toMatch(/^node:24(?:[.-]|$)/);
    expect(runtime.name).toBe("runtime");
    expect(runtime.from).toMatch(/^nginxinc\/nginx-unprivileged:\d+\.\d+[\w.-]*$/);
  });

  it("installs dependencies with the same steps as the SLMS image (shared build cache)", () => {
    for (const name of ["manifests", "deps"])
      expect(file.stage(name).lines, name).toEqual(root.stage(name).lines);
    expect(file.stage("build").from).toBe("deps");
  });

  it("generates the gateway's code before the console's API types, then builds the console", () => {
    const build = runs(file.stage("build"));
    const order = ["@slms/contracts", "@slms/gateway", "@slms/console"].map((w) =>
      build.indexOf(`npm run generate -w ${w}`),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The API document is written into src/generated/, absent from a clean tree.
    expect(build.indexOf("mkdir -p apps/console/src/generated")).toBeLessThan(order[2]!);
    expect(build.indexOf("mkdir -p apps/console/src/generated")).toBeGreaterThanOrEqual(0);
    // The console's generate is its API types and then the build the image serves.
    const pkg = JSON.parse(readFileSync(`${repoDir}apps/console/package.json`, "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.generate).toMatch(/^npm run api-types && vite build\b/);
    expect(pkg.scripts["api-types"]).toMatch(/services\/gateway\/src\/print-openapi\.ts/);
    expect(build).toMatch(/gzip -9 --keep/);
  });

  it("ships only the build and the config template, as a non-root user, running nginx on the rendered config", () => {
    const copies = runtime.lines.filter((l) => l.startsWith("COPY"));
    expect(copies).toHaveLength(2);
    const dist = copies.find((l) => l.includes("--from="));
    const [, from, source, target] = /--from=(\S+) (\S+) (\S+)$/.exec(dist ?? "") ?? [];
    expect([from, source]).toEqual(["build", "/app/apps/console/dist/"]);
    expect(directives(conf, "root")).toEqual([target?.replace(/\/$/, "")]);
    const env = envOf(runtime.lines);
    const template = copies.find((l) => !l.includes("--from="))?.split(" ");
    expect(template?.slice(1)).toEqual([
      "apps/console/nginx.conf",
      `${env.NGINX_ENVSUBST_TEMPLATE_DIR}/nginx.conf.template`,
    ]);
    // The entrypoint renders <template dir>/nginx.conf.template to <output dir>/nginx.conf.
    expect(env.NGINX_ENVSUBST_OUTPUT_DIR).toBe("/tmp");
    expect(env.NGINX_ENVSUBST_FILTER).toBe("^SLMS_");
    expect(env.SLMS_GATEWAY_UPSTREAM).toBe("gateway:8080");
    expect(runtime.lines.find((l) => l.startsWith("CMD"))).toBe(
      'CMD ["nginx", "-c", "/tmp/nginx.conf", "-e", "stderr", "-g", "daemon off;"]',
    );
    // Nothing runs as root in the runtime stage; the user is numeric (runAsNonRoot can check it).
    expect(runs(runtime)).toBe("");
    expect(runtime.lines.filter((l) => l.startsWith("USER ")).at(-1)).toMatch(
      /^USER [1-9]\d*(:[1-9]\d*)?$/,
    );
    expect(runtime.lines).toContain("EXPOSE 8080");
  });
});

describe("apps/console/nginx.conf", () => {
  it("substitutes only SLMS_* variables (what the entrypoint replaces), each with a default in the image", () => {
    const substituted = [...conf.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
    expect(substituted.length).toBeGreaterThan(0);
    const env = envOf(runtime.lines);
    for (const name of substituted) {
      expect(name).toMatch(/^SLMS_/);
      expect(env[name!], name).toBeDefined();
    }
  });

  it("writes only under /tmp (read-only root filesystem) and listens on 8080", () => {
    expect(directives(conf, "pid")).toEqual(["/tmp/nginx.pid"]);
    for (const temp of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"])
      expect(directives(conf, `${temp}_temp_path`), temp).toEqual([
        expect.stringMatching(/^\/tmp\//),
      ]);
    expect(directives(conf, "error_log")).toEqual([expect.stringMatching(/^stderr\b/)]);
    expect(directives(conf, "access_log")).toEqual(["/dev/stdout slms", "off"]);
    expect(directives(conf, "listen")).toEqual(["8080"]);
    expect(conf).not.toMatch(/^\s*user\s/m);
  });

  it("sends the gateway's Content-Security-Policy and security headers with the console", () => {
    expect(gatewayCsp).toBeDefined();
    expect(directives(block("server"), "set")).toContain(`$slms_csp "${gatewayCsp}"`);
    for (const location of ["location /", "location /assets/"]) {
      const headers = directives(block(location), "add_header");
      expect(headers, location).toEqual(
        expect.arrayContaining([
          "Content-Security-Policy $slms_csp always",
          "X-Content-Type-Options nosniff always",
          "Referrer-Policy no-referrer always",
        ]),
      );
    }
  });

  it("caches hashed assets for good, revalidates the app's page, and falls back to it", () => {
    const assets = block("location /assets/");
    expect(directives(assets, "add_header")).toContain(
      'Cache-Control "public, max-age=31536000, immutable"',
    );
    expect(directives(assets, "try_files")).toEqual(["$uri =404"]);
    const app = block("location /");
    expect(directives(app, "add_header")).toContain('Cache-Control "no-cache" always');
    expect(directives(app, "try_files")).toEqual(["$uri /index.html"]);
    expect(directives(conf, "gzip")).toContain("on");
    expect(directives(conf, "gzip_static")).toEqual(["on"]);
  });

  it("answers /healthz itself and passes /api to the gateway untouched", () => {
    expect(directives(block("location = /healthz"), "return")).toEqual(['200 "ok\\n"']);
    expect(directives(block("upstream slms_gateway"), "server")).toEqual([
      `\${SLMS_GATEWAY_UPSTREAM}`,
    ]);
    for (const location of ["location /api/", "location = /api"]) {
      const api = block(location);
      expect(directives(api, "proxy_pass"), location).toEqual(["http://slms_gateway"]);
      // The gateway's own headers and caching stand: nothing added on the way.
      expect(directives(api, "add_header"), location).toEqual([]);
    }
    const api = block("location /api/");
    // Not a hop for the gateway's TRUST_PROXY: X-Forwarded-For is passed on as it came.
    expect(directives(api, "proxy_set_header")).toContain("X-Forwarded-For $http_x_forwarded_for");
    // Room for the largest upload (imports: 20 MiB), streamed; nothing spooled to the small /tmp.
    const imports = readFileSync(`${repoDir}services/gateway/src/routes/imports.ts`, "utf8");
    const maxMiB = Number(/const MAX_BYTES = (\d+) \* 1024 \* 1024/.exec(imports)?.[1]);
    const bodyMiB = Number(/^(\d+)m$/.exec(directives(api, "client_max_body_size")[0] ?? "")?.[1]);
    expect(bodyMiB).toBeGreaterThan(maxMiB);
    expect(directives(api, "proxy_request_buffering")).toEqual(["off"]);
    expect(directives(api, "proxy_max_temp_file_size")).toEqual(["0"]);
  });

  it("is the port, upstream and health path docker-compose.yml uses", () => {
    const compose = parse(readFileSync(`${repoDir}docker-compose.yml`, "utf8")) as {
      services: Record<string, { environment?: Record<string, string>; ports?: string[] }>;
    };
    const web = compose.services.console;
    expect(web?.ports?.map((p) => p.split(":").at(-1))).toEqual(["8080"]);
    expect(web?.environment?.SLMS_GATEWAY_UPSTREAM).toBe(
      `gateway:${compose.services.gateway?.environment?.PORT}`,
    );
  });

  let nginx = "";
  try {
    nginx = execFileSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" }).trim();
  } catch {}
  it.runIf(nginx !== "")("passes `nginx -t` once rendered (runs where nginx is installed)", () => {
    const dir = mkdtempSync(join(tmpdir(), "slms-console-nginx-"));
    try {
      const rendered = nginxConf
        .replaceAll(`\${SLMS_GATEWAY_UPSTREAM}`, "127.0.0.1:8080")
        .replaceAll("/tmp/", `${dir}/`)
        // The test's stdout may be a socket, which cannot be opened as /dev/stdout.
        .replaceAll("/dev/stdout", `${dir}/access.log`);
      writeFileSync(`${dir}/nginx.conf`, rendered);
      execFileSync(nginx, ["-t", "-q", "-c", `${dir}/nginx.conf`, "-e", "stderr"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
