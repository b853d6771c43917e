// The Prometheus Operator component (deploy/k8s/components/monitoring) as overlays/prod renders
// it: a ServiceMonitor per server on the port that serves /metrics (and that the NetworkPolicies
// open to the monitoring namespace), a PrometheusRule whose alerts all carry a severity and a
// runbook that exists in docs/operations.md, and a Grafana dashboard; rules and dashboard use
// only the metrics the services export (lib/metrics.ts), with labels those metrics have.
// `promtool check rules` and `promtool test rules` (tests/*.yaml of the component) run when
// promtool is installed (Debian: `apt-get install prometheus`); CI does not install it.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IService } from "kubernetes-models/v1";
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type K8sObject, k8sDir, ref, renderKustomization, repoDir } from "./lib/kustomize.ts";
import { knownSeries } from "./lib/metrics.ts";
import { allowedIngress, selectorMatches, workloads } from "./lib/policies.ts";
import { matchedLabels, metricNames } from "./lib/promql.ts";
import { SERVICES } from "./lib/services.ts";

type Rule = {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};
type Group = { name: string; rules: Rule[] };
type Target = { expr?: string };
type Panel = {
  id: number;
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: Target[];
  panels?: Panel[];
};
type Dashboard = {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string }[] };
};

const monitoringDir = `${k8sDir}components/monitoring/`;
const SEVERITIES = ["critical", "warning"];

let objects: K8sObject[] = [];
let groups: Group[] = [];
beforeAll(() => {
  objects = renderKustomization("overlays/prod");
  const rules = objects.filter((o) => o.kind === "PrometheusRule");
  if (rules.length !== 1) throw new Error(`expected one PrometheusRule, found ${rules.length}`);
  groups = (rules[0] as unknown as { spec: { groups: Group[] } }).spec.groups;
});
const allRules = () => groups.flatMap((g) => g.rules);
const alerts = () => allRules().filter((r) => r.alert);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const line of markdown.split("\n")) {
    const m = /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    anchors.add(
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\- _]/gu, "")
        .replace(/ /g, "-"),
    );
  }
  return anchors;
}

/** Problems with the metrics an expression uses ([] when it uses only known series and labels). */
function metricProblems(expr: string, where: string, recorded: ReadonlySet<string>): string[] {
  const known = knownSeries();
  const problems: string[] = [];
  for (const name of metricNames(expr)) {
    if (!known.has(name) && !recorded.has(name))
      problems.push(`${where}: ${name} is not a metric the services export`);
  }
  for (const [name, label] of matchedLabels(expr)) {
    const labels = known.get(name);
    if (recorded.has(name)) {
      if (label !== "namespace") problems.push(`${where}: ${name} has no label ${label}`);
    } else if (labels && !labels.has(label))
      problems.push(`${where}: ${name} has no label ${label}`);
  }
  return problems;
}

const recordedNames = () => new Set(allRules().flatMap((r) => (r.record ? [r.record] : [])));

describe("deploy/k8s/components/monitoring in overlays/prod", () => {
  it("scrapes every server's /metrics through a ServiceMonitor, on a port the NetworkPolicies open to the monitoring namespace", () => {
    const ingress = allowedIngress(objects);
    for (const svc of SERVICES) {
      const monitor = objects.find((o) => ref(o) === `ServiceMonitor/${svc}`) as
        | (K8sObject & {
            spec: {
              selector: { matchLabels: Record<string, string> };
              endpoints: { port: string; path: string }[];
            };
          })
        | undefined;
      expect(monitor, svc).toBeDefined();
      expect(monitor!.metadata.namespace).toBe("slms");
      const [endpoint] = monitor!.spec.endpoints;
      expect(endpoint?.path).toBe("/metrics");
      // Services it selects that have the port: exactly one, which targets this server's pods.
      const services = (objects.filter((o) => o.kind === "Service") as unknown as IService[])
        .filter((s) =>
          selectorMatches(monitor!.spec.selector, s.metadata?.labels as Record<string, string>),
        )
        .filter((s) => s.spec?.ports?.some((p) => p.name === endpoint?.port));
      expect(services.map((s) => s.metadata?.name)).toEqual([svc]);
      const port = services[0]!.spec!.ports!.find((p) => p.name === endpoint?.port)!;
      const server = workloads(objects).find((w) => w.id === `Deployment/${svc}`)!;
      const containerPort = server.pod.containers[0]!.ports?.find(
        (p) => p.name === port.targetPort,
      )?.containerPort;
      expect(containerPort, svc).toBe(svc === "gateway" ? 8080 : 9464);
      const lines = ingress.get(`Deployment/${svc}`) ?? [];
      expect(
        lines.some(
          (l) =>
            l === `* -> TCP/${containerPort}` ||
            l === `namespace{kubernetes.io/metadata.name=monitoring} -> TCP/${containerPort}`,
        ),
        `${svc}: the monitoring namespace may not reach :${containerPort}`,
      ).toBe(true);
    }
  });

  it("gives every alert a severity, a summary, a description and a runbook in docs/operations.md", () => {
    const anchors = headingAnchors(readFileSync(`${repoDir}docs/operations.md`, "utf8"));
    const names = alerts().map((a) => a.alert);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const a of alerts()) {
      expect(SEVERITIES, a.alert).toContain(a.labels?.severity);
      expect(a.annotations?.summary, a.alert).toBeTruthy();
      expect(a.annotations?.description, a.alert).toBeTruthy();
      const url = a.annotations?.runbook_url ?? "";
      const anchor = /\/docs\/operations\.md#([a-z0-9-]+)$/.exec(url)?.[1];
      expect(anchor, `${a.alert}: runbook_url "${url}"`).toBeDefined();
      expect(anchors.has(anchor!), `${a.alert}: docs/operations.md has no heading #${anchor}`).toBe(
        true,
      );
    }
  });

  it("alerts on what the SLOs and the runbooks name", () => {
    expect(
      alerts()
        .map((a) => `${a.alert} ${a.labels?.severity}`)
        .sort(),
    ).toEqual([
      "SlmsBillingRunMissing critical",
      "SlmsBillingRunOverdue critical",
      "SlmsConsumerLagHigh warning",
      "SlmsDeadLetterQueueNotEmpty warning",
      "SlmsFinanceEdgeCertificateExpiring warning",
      "SlmsFinanceEdgeCertificateExpiryImminent critical",
      "SlmsGatewayAvailabilityBurnRateFast critical",
      "SlmsGatewayAvailabilityBurnRateSlow warning",
      "SlmsGatewayLatencyBurnRateFast critical",
      "SlmsGatewayLatencyBurnRateSlow warning",
      "SlmsInstanceDown warning",
      "SlmsOutboxBacklogStale critical",
      "SlmsServiceDown critical",
      "SlmsServiceRestarting warning",
    ]);
    // The availability alerts and the dashboard's service variable name every service.
    for (const a of alerts().filter((x) => /ServiceDown|InstanceDown|Restarting/.test(x.alert!))) {
      const list = /(?:job|pod)=~"\(?([a-z|]+)\)?/.exec(a.expr)?.[1]?.split("|");
      expect(list?.sort(), a.alert).toEqual([...SERVICES].sort());
    }
    const dashboard = JSON.parse(readFileSync(`${monitoringDir}dashboards/slms.json`, "utf8")) as {
      templating: { list: { name: string; query?: unknown }[] };
    };
    const variable = dashboard.templating.list.find((v) => v.name === "service");
    expect(String(variable?.query).split(",").sort()).toEqual([...SERVICES].sort());
    // Multi-window: every burn-rate alert compares a long and a short window of its ratio.
    for (const a of alerts().filter((x) => x.alert?.includes("BurnRate"))) {
      const windows = [...a.expr.matchAll(/:ratio_rate(\w+)/g)].map((m) => m[1]);
      expect(windows, a.alert).toHaveLength(4);
    }
  });

  it("uses in every rule only metrics the services export, with labels they have", () => {
    const recorded = recordedNames();
    const problems = allRules().flatMap((r) =>
      metricProblems(r.expr, r.alert ?? r.record ?? "?", recorded),
    );
    expect(problems).toEqual([]);
    // Recording rules are defined before they are used, and every one is used.
    const used = new Set(allRules().flatMap((r) => (r.alert ? metricNames(r.expr) : [])));
    const dashboard = readFileSync(`${monitoringDir}dashboards/slms.json`, "utf8");
    for (const name of recorded)
      expect(used.has(name) || dashboard.includes(name), `${name} is never used`).toBe(true);
  });

  it("ships the dashboard file as a grafana_dashboard ConfigMap; its panels query only exported metrics", () => {
    const text = readFileSync(`${monitoringDir}dashboards/slms.json`, "utf8");
    const dashboard = JSON.parse(text) as Dashboard;
    const configMap = objects.find((o) => ref(o) === "ConfigMap/slms-grafana-dashboard") as
      | (K8sObject & { data: Record<string, string> })
      | undefined;
    expect(configMap?.metadata.labels?.grafana_dashboard).toBe("1");
    expect(configMap?.data["slms.json"]).toBe(text);
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);

    const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const queries = panels.filter((p) => p.type !== "row");
    expect(queries.length).toBeGreaterThan(20);
    const variables = new Set(dashboard.templating.list.map((v) => v.name));
    const recorded = recordedNames();
    const problems: string[] = [];
    for (const p of queries) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
      if (p.datasource?.uid !== "${datasource}") problems.push(`${p.title}: not on $datasource`);
      if ((p.targets ?? []).length === 0) problems.push(`${p.title}: no query`);
      for (const t of p.targets ?? []) {
        const expr = t.expr ?? "";
        problems.push(...metricProblems(expr, p.title, recorded));
        if (metricNames(expr).length === 0) problems.push(`${p.title}: queries no metric`);
        for (const m of expr.matchAll(/\$(\w+)/g))
          if (!m[1]!.startsWith("__") && !variables.has(m[1]!))
            problems.push(`${p.title}: $${m[1]} is not a dashboard variable`);
      }
    }
    expect(problems).toEqual([]);
    // RED per service, event flow, billing runs.
    const all = queries.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNames(t.expr ?? "")));
    for (const series of [
      "http_server_request_duration_seconds_count",
      "http_server_request_duration_seconds_bucket",
      "rpc_server_duration_seconds_count",
      "rpc_server_duration_seconds_bucket",
      "slms_consumer_messages_total",
      "slms_consumer_lag_messages",
      "slms_dlq_messages",
      "slms_outbox_backlog_age_seconds",
      "slms_billing_run_duration_seconds_count",
      "slms_billing_bills_issued_total",
      "slms_billing_last_run_completed_timestamp_seconds",
    ])
      expect(all, series).toContain(series);
  });
});

describe("the monitoring checks", () => {
  it("read metric names and label matchers out of PromQL", () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le, svc) (rate(foo_seconds_bucket{a="x{y}",b=~"$v"}[5m]))) / on (svc) group_left bar_total offset 1h and time() - baz > 1e3',
      ),
    ).toEqual(["foo_seconds_bucket", "bar_total", "baz"]);
    expect(matchedLabels('rate(foo_total{a="1", b!~"x|y"}[5m])')).toEqual([
      ["foo_total", "a"],
      ["foo_total", "b"],
    ]);
  });

  it("fail on a metric nobody exports, a label it does not have, a wrong label on a recorded series", () => {
    const recorded = new Set(["slms:x:ratio_rate5m"]);
    expect(
      metricProblems(
        'rate(http_requests_total[5m]) + rate(http_server_request_duration_seconds_count{http_method="GET"}[5m]) + slms:x:ratio_rate5m{service="a"}',
        "r",
        recorded,
      ),
    ).toEqual([
      "r: http_requests_total is not a metric the services export",
      "r: http_server_request_duration_seconds_count has no label http_method",
      "r: slms:x:ratio_rate5m has no label service",
    ]);
  });

  it("find GitHub's anchors for headings", () => {
    expect([
      ...headingAnchors("## Alerts and runbooks\n### Gateway availability SLO\ntext"),
    ]).toEqual(["alerts-and-runbooks", "gateway-availability-slo"]);
  });
});

function promtoolVersion(): string | undefined {
  try {
    return execFileSync("promtool", ["--version"], { encoding: "utf8", stdio: "pipe" }).split(
      "\n",
    )[0];
  } catch {
    return undefined;
  }
}
const promtool = promtoolVersion();
if (!promtool)
  console.warn(
    "monitoring.test.ts: promtool is not installed, so `promtool check rules` and `promtool test rules` are skipped (Debian: apt-get install prometheus)",
  );

describe.skipIf(!promtool)(`promtool (${promtool ?? "not installed: skipped"})`, () => {
  /** The PrometheusRule's groups as a plain rule file, next to copies of the unit tests. */
  const ruleDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "slms-rules-"));
    writeFileSync(join(dir, "rules.yaml"), stringify({ groups }));
    for (const file of readdirSync(`${monitoringDir}tests`))
      copyFileSync(`${monitoringDir}tests/${file}`, join(dir, file));
    return dir;
  };
  const run = (args: string[], cwd: string) => {
    try {
      return execFileSync("promtool", args, { cwd, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`promtool ${args.join(" ")} failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    }
  };

  it("accepts the rules (`promtool check rules`)", { timeout: 60_000 }, () => {
    const out = run(["check", "rules", "rules.yaml"], ruleDir());
    expect(out).toMatch(new RegExp(`SUCCESS: ${allRules().length} rules found`));
  });

  it("passes the alerts' unit tests (`promtool test rules`)", { timeout: 60_000 }, () => {
    const dir = ruleDir();
    const tests = readdirSync(dir).filter((f) => f.endsWith(".test.yaml"));
    expect(tests.length).toBeGreaterThan(0);
    const out = run(["test", "rules", ...tests], dir);
    expect(out).toMatch(/SUCCESS/);
  });

  it("fails a unit test whose expected alert does not fire (the tests can fail)", {
    timeout: 60_000,
  }, () => {
    const dir = ruleDir();
    writeFileSync(
      join(dir, "never.test.yaml"),
      stringify({
        rule_files: ["rules.yaml"],
        evaluation_interval: "1m",
        tests: [
          {
            interval: "1m",
            input_series: [
              {
                series: 'slms_dlq_messages{namespace="slms",service="billing",queue="q"}',
                values: "0x20",
              },
            ],
            alert_rule_test: [
              {
                eval_time: "15m",
                alertname: "SlmsDeadLetterQueueNotEmpty",
                exp_alerts: [{ exp_labels: { severity: "warning" } }],
              },
            ],
          },
        ],
      }),
    );
    expect(() => run(["test", "rules", "never.test.yaml"], dir)).toThrow(/FAILED/);
  });
});
