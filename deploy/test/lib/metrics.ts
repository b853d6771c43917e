// The metrics the SLMS services export (docs/operations.md, "Metrics"), with their labels: what
// the alerts and the dashboard (deploy/k8s/components/monitoring) may use. A rule or panel naming
// anything else fails deploy/test/monitoring.test.ts, so a renamed metric cannot silently leave an
// alert that never fires.

type Kind = "counter" | "gauge" | "histogram";

/** name -> kind and labels (besides the scrape's target labels, TARGET_LABELS). */
export const EXPORTED_METRICS: Record<string, { kind: Kind; labels: readonly string[] }> = {
  http_server_request_duration_seconds: {
    kind: "histogram",
    labels: ["service", "http_request_method", "http_route", "http_response_status_code"],
  },
  rpc_server_duration_seconds: {
    kind: "histogram",
    labels: ["service", "rpc_service", "rpc_method", "rpc_grpc_status_code"],
  },
  rpc_client_duration_seconds: {
    kind: "histogram",
    labels: ["service", "rpc_service", "rpc_method", "rpc_grpc_status_code"],
  },
  slms_consumer_messages_total: { kind: "counter", labels: ["service", "queue", "outcome"] },
  slms_consumer_duration_seconds: { kind: "histogram", labels: ["service", "queue"] },
  slms_consumer_lag_messages: { kind: "gauge", labels: ["service", "queue"] },
  slms_dlq_messages: { kind: "gauge", labels: ["service", "queue"] },
  slms_outbox_backlog_messages: { kind: "gauge", labels: ["service"] },
  slms_outbox_backlog_age_seconds: { kind: "gauge", labels: ["service"] },
  slms_billing_run_duration_seconds: { kind: "histogram", labels: ["service", "outcome"] },
  slms_billing_bills_issued_total: { kind: "counter", labels: ["service"] },
  slms_billing_last_run_completed_timestamp_seconds: { kind: "gauge", labels: ["service"] },
  nodejs_eventloop_delay_p99_seconds: { kind: "gauge", labels: ["service"] },
  nodejs_heap_used_bytes: { kind: "gauge", labels: ["service"] },
  process_resident_memory_bytes: { kind: "gauge", labels: ["service"] },
  nodejs_gc_duration_seconds: { kind: "histogram", labels: ["service", "kind"] },
  slms_finance_edge_certificate_expiry_timestamp_seconds: { kind: "gauge", labels: ["service"] },
};

/**
 * Series that come from the monitoring stack itself: `up` (Prometheus, per scrape target) and
 * kube-state-metrics' container restarts (kube-prometheus-stack installs it).
 */
export const PLATFORM_METRICS: Record<string, readonly string[]> = {
  up: [],
  kube_pod_container_status_restarts_total: ["container", "uid"],
};

/** Labels Prometheus Operator's ServiceMonitors add to every scraped series. */
export const TARGET_LABELS = [
  "namespace",
  "job",
  "instance",
  "pod",
  "service",
  "container",
  "endpoint",
];

/** The series names a metric appears as in Prometheus (histograms: _bucket, _sum, _count). */
export function seriesOf(name: string): string[] {
  const metric = EXPORTED_METRICS[name];
  if (metric?.kind === "histogram") return ["_bucket", "_sum", "_count"].map((s) => name + s);
  return [name];
}

/** series name -> labels it may be matched on; undefined for a name nobody exports. */
export function knownSeries(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [name, metric] of Object.entries(EXPORTED_METRICS)) {
    for (const series of seriesOf(name)) {
      const labels = new Set([...metric.labels, ...TARGET_LABELS]);
      if (series.endsWith("_bucket")) labels.add("le");
      out.set(series, labels);
    }
  }
  for (const [name, labels] of Object.entries(PLATFORM_METRICS))
    out.set(name, new Set([...labels, ...TARGET_LABELS]));
  return out;
}
