// Schema validation of rendered objects: built-in kinds through kubernetes-models (JSON schema of
// the Kubernetes API: types, enums, required fields; it does not reject unknown fields), the
// operators' custom resources (CloudNativePG, RabbitMQ, cert-manager, Prometheus Operator) by hand
// (their CRDs are not part of kubernetes-models).
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Job } from "kubernetes-models/batch/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from "kubernetes-models/v1";
import type { K8sObject } from "./kustomize.ts";

type Validatable = { validate(): void };
type ModelConstructor = new (data: never) => Validatable;

/** Every built-in kind the manifests may contain. A kind missing here fails validation. */
const models: Record<string, ModelConstructor> = {
  "v1/Namespace": Namespace,
  "v1/ServiceAccount": ServiceAccount,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "batch/v1/Job": Job,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
};

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|Pi|Ei|M|G|T|P|E)?$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const at = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((cur, key) => (isObj(cur) ? cur[key] : undefined), o);

function checkResources(resources: unknown, where: string, problems: string[]): void {
  if (resources === undefined) return;
  for (const section of ["requests", "limits"]) {
    const values = at(resources, section);
    if (values === undefined) continue;
    if (!isObj(values)) problems.push(`${where}.${section} must be a map`);
    else {
      for (const [name, value] of Object.entries(values)) {
        if (!QUANTITY.test(String(value)))
          problems.push(`${where}.${section}.${name} "${value}" is not a quantity`);
      }
    }
  }
}

/**
 * CloudNativePG `postgresql.cnpg.io/v1` Cluster: the fields this repository relies on
 * (instances, storage size, initdb database/owner that name the `<cluster>-app` Secret).
 */
function validateCnpgCluster(o: K8sObject): string[] {
  const problems: string[] = [];
  const instances = at(o, "spec", "instances");
  if (!Number.isInteger(instances) || (instances as number) < 1)
    problems.push("spec.instances must be an integer >= 1");
  const size = at(o, "spec", "storage", "size");
  if (typeof size !== "string" || !QUANTITY.test(size))
    problems.push("spec.storage.size must be a quantity");
  for (const field of ["database", "owner"]) {
    const value = at(o, "spec", "bootstrap", "initdb", field);
    if (typeof value !== "string" || !/^[a-z_][a-z0-9_]*$/.test(value)) {
      problems.push(`spec.bootstrap.initdb.${field} must be a PostgreSQL identifier`);
    }
  }
  const image = at(o, "spec", "imageName");
  if (image !== undefined && (typeof image !== "string" || !image.includes(":"))) {
    problems.push("spec.imageName must name a tagged image");
  }
  const enablePDB = at(o, "spec", "enablePDB");
  if (enablePDB !== undefined && typeof enablePDB !== "boolean")
    problems.push("spec.enablePDB must be a boolean");
  checkResources(at(o, "spec", "resources"), "spec.resources", problems);
  return problems;
}

/** RabbitMQ Cluster Operator `rabbitmq.com/v1beta1` RabbitmqCluster. */
function validateRabbitmqCluster(o: K8sObject): string[] {
  const problems: string[] = [];
  const replicas = at(o, "spec", "replicas");
  if (replicas !== undefined && (!Number.isInteger(replicas) || (replicas as number) < 1)) {
    problems.push("spec.replicas must be an integer >= 1");
  } else if (typeof replicas === "number" && replicas % 2 === 0) {
    problems.push("spec.replicas must be odd (quorum queues need a majority)");
  }
  const image = at(o, "spec", "image");
  if (image !== undefined && (typeof image !== "string" || !image.includes(":"))) {
    problems.push("spec.image must name a tagged image");
  }
  const storage = at(o, "spec", "persistence", "storage");
  if (storage !== undefined && (typeof storage !== "string" || !QUANTITY.test(storage))) {
    problems.push("spec.persistence.storage must be a quantity");
  }
  checkResources(at(o, "spec", "resources"), "spec.resources", problems);
  return problems;
}

/** cert-manager `cert-manager.io/v1` Certificate: the Secret it writes, its issuer, its names. */
function validateCertificate(o: K8sObject): string[] {
  const problems: string[] = [];
  const secretName = at(o, "spec", "secretName");
  if (typeof secretName !== "string" || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(secretName))
    problems.push("spec.secretName must be a DNS-1123 name");
  if (typeof at(o, "spec", "issuerRef", "name") !== "string")
    problems.push("spec.issuerRef.name is required");
  const kind = at(o, "spec", "issuerRef", "kind");
  if (kind !== undefined && kind !== "Issuer" && kind !== "ClusterIssuer")
    problems.push("spec.issuerRef.kind must be Issuer or ClusterIssuer");
  const dnsNames = at(o, "spec", "dnsNames");
  if (
    !Array.isArray(dnsNames) ||
    dnsNames.length === 0 ||
    !dnsNames.every((n) => typeof n === "string" && n.length > 0)
  )
    problems.push("spec.dnsNames must list at least one name");
  for (const field of ["duration", "renewBefore"]) {
    const value = at(o, "spec", field);
    if (
      value !== undefined &&
      (typeof value !== "string" || !/^(\d+h)?(\d+m)?(\d+s)?$/.test(value))
    )
      problems.push(`spec.${field} must be a Go duration (e.g. 2160h)`);
  }
  return problems;
}

/** cert-manager `cert-manager.io/v1` Issuer: exactly one issuer type. */
function validateIssuer(o: K8sObject): string[] {
  const spec = at(o, "spec");
  const types = isObj(spec)
    ? Object.keys(spec).filter((k) => ["selfSigned", "ca", "acme", "vault", "venafi"].includes(k))
    : [];
  return types.length === 1
    ? []
    : ["spec must name exactly one issuer type (selfSigned, ca, acme, …)"];
}

const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Prometheus Operator `monitoring.coreos.com/v1` ServiceMonitor: a label selector and at least one
 * endpoint naming a Service port, with a path and Prometheus durations.
 */
function validateServiceMonitor(o: K8sObject): string[] {
  const problems: string[] = [];
  const labels = at(o, "spec", "selector", "matchLabels");
  if (!isObj(labels) || Object.keys(labels).length === 0)
    problems.push("spec.selector.matchLabels must select the Service by label");
  const endpoints = at(o, "spec", "endpoints");
  if (!Array.isArray(endpoints) || endpoints.length === 0)
    problems.push("spec.endpoints must list at least one endpoint");
  for (const [i, e] of (Array.isArray(endpoints) ? endpoints : []).entries()) {
    const port = at(e, "port");
    if (typeof port !== "string" || !DNS_LABEL.test(port))
      problems.push(`spec.endpoints[${i}].port must name a Service port`);
    const path = at(e, "path");
    if (path !== undefined && (typeof path !== "string" || !path.startsWith("/")))
      problems.push(`spec.endpoints[${i}].path must start with /`);
    for (const field of ["interval", "scrapeTimeout"]) {
      const value = at(e, field);
      if (value !== undefined && (typeof value !== "string" || !DURATION.test(value)))
        problems.push(`spec.endpoints[${i}].${field} must be a Prometheus duration`);
    }
  }
  return problems;
}

/**
 * Prometheus Operator `monitoring.coreos.com/v1` PrometheusRule: named groups of rules, each a
 * recording rule (`record`) or an alert (`alert`, with a severity label) with an expression.
 * The expressions themselves are checked by `promtool check rules` (test/monitoring.test.ts).
 */
function validatePrometheusRule(o: K8sObject): string[] {
  const problems: string[] = [];
  const groups = at(o, "spec", "groups");
  if (!Array.isArray(groups) || groups.length === 0)
    return ["spec.groups must list at least one group"];
  const names = new Set<string>();
  for (const [g, group] of groups.entries()) {
    const name = at(group, "name");
    if (typeof name !== "string" || name === "")
      problems.push(`spec.groups[${g}].name is required`);
    else if (names.has(name)) problems.push(`spec.groups[${g}].name "${name}" is not unique`);
    else names.add(name);
    const rules = at(group, "rules");
    if (!Array.isArray(rules) || rules.length === 0) {
      problems.push(`spec.groups[${g}].rules must list at least one rule`);
      continue;
    }
    for (const [r, rule] of rules.entries()) {
      const where = `spec.groups[${g}].rules[${r}]`;
      const record = at(rule, "record");
      const alert = at(rule, "alert");
      if ((record === undefined) === (alert === undefined))
        problems.push(`${where} must have exactly one of record and alert`);
      const expr = at(rule, "expr");
      if (typeof expr !== "string" || expr.trim() === "")
        problems.push(`${where}.expr is required`);
      const forValue = at(rule, "for");
      if (forValue !== undefined && (typeof forValue !== "string" || !DURATION.test(forValue)))
        problems.push(`${where}.for must be a Prometheus duration`);
      if (alert !== undefined && typeof at(rule, "labels", "severity") !== "string")
        problems.push(`${where} (${String(alert)}) has no severity label`);
    }
  }
  return problems;
}

const customResources: Record<string, (o: K8sObject) => string[]> = {
  "postgresql.cnpg.io/v1/Cluster": validateCnpgCluster,
  "rabbitmq.com/v1beta1/RabbitmqCluster": validateRabbitmqCluster,
  "cert-manager.io/v1/Certificate": validateCertificate,
  "cert-manager.io/v1/Issuer": validateIssuer,
  "monitoring.coreos.com/v1/ServiceMonitor": validateServiceMonitor,
  "monitoring.coreos.com/v1/PrometheusRule": validatePrometheusRule,
};

/** Schema problems of one object ([] when valid). */
export function validateObject(o: K8sObject): string[] {
  const key = `${o.apiVersion}/${o.kind}`;
  const problems: string[] = [];
  if (
    typeof o.metadata?.name !== "string" ||
    !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(o.metadata.name)
  ) {
    problems.push("metadata.name must be a DNS-1123 name");
  }
  const Model = models[key];
  const custom = customResources[key];
  if (Model) {
    try {
      new Model(o as never).validate();
    } catch (error) {
      problems.push((error as Error).message);
    }
  } else if (custom) {
    problems.push(...custom(o));
  } else {
    problems.push(
      `no validator for ${key}: add its kubernetes-models class (or a hand check) to test/lib/schema.ts`,
    );
  }
  return problems.map((p) => `${o.kind}/${o.metadata?.name}: ${p}`);
}

export const validateAll = (objects: readonly K8sObject[]) => objects.flatMap(validateObject);
