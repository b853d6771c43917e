// The deployment policies that matter, as pure functions over rendered objects: each returns
// human-readable violations ("Kind/name: what is wrong"), [] when all is well. The tests run them
// on every render and on deliberately broken copies (to prove each check can fail).
import type { IDeployment } from "kubernetes-models/apps/v1";
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1";
import type {
  IConfigMap,
  IContainer,
  IPodSpec,
  IProbe,
  ISecret,
  IService,
} from "kubernetes-models/v1";
import { type K8sObject, ref } from "./kustomize.ts";

export type LabelSelector = NonNullable<NonNullable<IPodDisruptionBudget["spec"]>["selector"]>;
type Labels = Record<string, string>;

export const PART_OF = "app.kubernetes.io/part-of";
export const NAME = "app.kubernetes.io/name";
export const COMPONENT = "app.kubernetes.io/component";
/** Component of the web console's pods: nginx from its own image, not a Node server. */
export const WEB = "web";

/** Keys of the Secret CloudNativePG writes for a Cluster's application user: `<cluster>-app`. */
export const CNPG_APP_SECRET_KEYS = [
  "username",
  "user",
  "password",
  "dbname",
  "host",
  "port",
  "pgpass",
  "uri",
  "jdbc-uri",
  "fqdn-uri",
  "fqdn-jdbc-uri",
];
/** Keys of the Secret the RabbitMQ Cluster Operator writes: `<cluster>-default-user`. */
export const RABBITMQ_DEFAULT_USER_KEYS = [
  "username",
  "password",
  "host",
  "port",
  "provider",
  "type",
  "default_user.conf",
];

/** Keys of the Secret cert-manager writes for a Certificate (`spec.secretName`). */
export const CERT_MANAGER_SECRET_KEYS = ["tls.crt", "tls.key", "ca.crt"];

/** Default SHUTDOWN_TIMEOUT_MS of the services when the variable is not set. */
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 20_000;
/** Kubernetes' default terminationGracePeriodSeconds. */
const DEFAULT_GRACE_SECONDS = 30;

export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Labels | undefined,
): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (have[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const value = have[e.key];
    if (e.operator === "In" && (value === undefined || !(e.values ?? []).includes(value)))
      return false;
    if (e.operator === "NotIn" && value !== undefined && (e.values ?? []).includes(value))
      return false;
    if (e.operator === "Exists" && value === undefined) return false;
    if (e.operator === "DoesNotExist" && value !== undefined) return false;
  }
  return true;
}

export type Workload = {
  readonly obj: K8sObject;
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly podLabels: Labels;
  readonly pod: IPodSpec;
  /** Long-running (Deployment, StatefulSet, DaemonSet) as opposed to run-to-completion (Job). */
  readonly server: boolean;
};

const SERVER_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet"]);

export function workloads(objects: readonly K8sObject[]): Workload[] {
  const out: Workload[] = [];
  for (const obj of objects) {
    if (!SERVER_KINDS.has(obj.kind) && obj.kind !== "Job") continue;
    const template = (obj as unknown as IDeployment).spec?.template;
    out.push({
      obj,
      id: ref(obj),
      kind: obj.kind,
      name: obj.metadata.name,
      podLabels: (template?.metadata?.labels as Labels | undefined) ?? {},
      pod: template?.spec ?? { containers: [] },
      server: SERVER_KINDS.has(obj.kind),
    });
  }
  return out;
}

const isSlms = (labels: Labels | undefined) => labels?.[PART_OF] === "slms";
const isWeb = (labels: Labels | undefined) => labels?.[COMPONENT] === WEB;
const ofKind = <T>(objects: readonly K8sObject[], kind: string) =>
  objects.filter((o) => o.kind === kind) as unknown as (T & K8sObject)[];
const allContainers = (pod: IPodSpec): IContainer[] => [
  ...(pod.initContainers ?? []),
  ...pod.containers,
];

// ---------------------------------------------------------------------------------------------
// Containers: hardening and resources (every container of every workload, SLMS or not).

export function checkContainerHardening(objects: readonly K8sObject[]): string[] {
  const v: string[] = [];
  for (const w of workloads(objects)) {
    const podSc = w.pod.securityContext ?? {};
    for (const c of allContainers(w.pod)) {
      const at = `${w.id} container ${c.name}`;
      const sc = c.securityContext ?? {};
      if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true)
        v.push(`${at}: runAsNonRoot is not true`);
      if ((sc.runAsUser ?? podSc.runAsUser) === 0) v.push(`${at}: runAsUser is 0 (root)`);
      if (sc.readOnlyRootFilesystem !== true) v.push(`${at}: readOnlyRootFilesystem is not true`);
      if (sc.allowPrivilegeEscalation !== false)
        v.push(`${at}: allowPrivilegeEscalation is not false`);
      if (sc.privileged === true) v.push(`${at}: privileged`);
      if (!(sc.capabilities?.drop ?? []).includes("ALL"))
        v.push(`${at}: capabilities.drop does not contain ALL`);
      if ((sc.capabilities?.add ?? []).length > 0) v.push(`${at}: adds capabilities`);
      const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
      if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost")
        v.push(`${at}: seccompProfile is not RuntimeDefault`);
      const r = c.resources ?? {};
      for (const [section, name] of [
        ["requests", "cpu"],
        ["requests", "memory"],
        ["limits", "memory"],
      ] as const) {
        if (r[section]?.[name] === undefined)
          v.push(`${at}: resources.${section}.${name} is not set`);
      }
      if (!c.image) v.push(`${at}: no image`);
    }
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Probes: every container of a long-running workload has readiness and liveness probes whose
// port is one the container declares.

function probeProblem(probe: IProbe, c: IContainer): string | undefined {
  const ports = c.ports ?? [];
  const byName = (name: string) => ports.some((p) => p.name === name);
  const byNumber = (n: number) => ports.some((p) => p.containerPort === n);
  const target = probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port;
  if (target === undefined) return probe.exec ? undefined : "has no handler";
  if (typeof target === "string")
    return byName(target)
      ? undefined
      : `uses port "${target}", which the container does not declare`;
  return byNumber(target) ? undefined : `uses port ${target}, which the container does not declare`;
}

export function checkProbes(objects: readonly K8sObject[]): string[] {
  const v: string[] = [];
  for (const w of workloads(objects).filter((w) => w.server)) {
    for (const c of w.pod.containers) {
      for (const kind of ["readinessProbe", "livenessProbe"] as const) {
        const probe = c[kind];
        if (!probe) v.push(`${w.id} container ${c.name}: no ${kind}`);
        else {
          const problem = probeProblem(probe, c);
          if (problem) v.push(`${w.id} container ${c.name}: ${kind} ${problem}`);
        }
      }
    }
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Selectors: PodDisruptionBudgets and Services select the pods of a long-running workload and
// never the pods of a Job (a migration pod must not receive traffic or count for a budget).

export function checkSelectors(objects: readonly K8sObject[]): string[] {
  const v: string[] = [];
  const all = workloads(objects);
  const servers = all.filter((w) => w.server);
  const jobs = all.filter((w) => !w.server);
  for (const pdb of ofKind<IPodDisruptionBudget>(objects, "PodDisruptionBudget")) {
    const selector = pdb.spec?.selector;
    const selected = servers.filter((w) => selectorMatches(selector, w.podLabels));
    if (selected.length === 0) v.push(`${ref(pdb)}: selector matches the pods of no Deployment`);
    if (selected.length > 1)
      v.push(
        `${ref(pdb)}: selector matches several workloads (${selected.map((w) => w.id).join(", ")})`,
      );
    for (const j of jobs.filter((w) => selectorMatches(selector, w.podLabels)))
      v.push(`${ref(pdb)}: selector matches the pods of ${j.id}`);
  }
  for (const svc of ofKind<IService>(objects, "Service")) {
    const selector = { matchLabels: svc.spec?.selector ?? {} };
    if (Object.keys(selector.matchLabels).length === 0) {
      v.push(`${ref(svc)}: has no selector`);
      continue;
    }
    const selected = servers.filter((w) => selectorMatches(selector, w.podLabels));
    if (selected.length === 0) v.push(`${ref(svc)}: selector matches the pods of no Deployment`);
    for (const j of jobs.filter((w) => selectorMatches(selector, w.podLabels)))
      v.push(`${ref(svc)}: selector matches the pods of ${j.id}`);
    for (const port of svc.spec?.ports ?? []) {
      const target = port.targetPort ?? port.port;
      for (const w of selected) {
        const declared = w.pod.containers.some((c) =>
          (c.ports ?? []).some((p) =>
            typeof target === "string" ? p.name === target : p.containerPort === target,
          ),
        );
        if (!declared)
          v.push(
            `${ref(svc)}: port ${port.name ?? port.port} targets ${target}, which ${w.id} does not declare`,
          );
      }
    }
  }
  for (const w of servers.filter((w) => isSlms(w.podLabels))) {
    const pdbs = ofKind<IPodDisruptionBudget>(objects, "PodDisruptionBudget").filter((p) =>
      selectorMatches(p.spec?.selector, w.podLabels),
    );
    if (pdbs.length === 0) v.push(`${w.id}: no PodDisruptionBudget selects its pods`);
    const services = ofKind<IService>(objects, "Service").filter((s) =>
      selectorMatches({ matchLabels: s.spec?.selector ?? {} }, w.podLabels),
    );
    if (services.length === 0) v.push(`${w.id}: no Service selects its pods`);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// References: every Secret / ConfigMap key a container reads exists in the render, is written by
// an operator resource in the render, or is documented as created outside the manifests.

export type SecretSource = { readonly keys: ReadonlySet<string>; readonly source: string };

/** Secrets present in the render, plus those operator resources in the render will write. */
export function providedSecrets(objects: readonly K8sObject[]): Map<string, SecretSource> {
  const out = new Map<string, SecretSource>();
  for (const s of ofKind<ISecret>(objects, "Secret")) {
    const keys = new Set([...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})]);
    out.set(s.metadata.name, { keys, source: "Secret in the render" });
  }
  for (const o of objects) {
    if (o.apiVersion === "postgresql.cnpg.io/v1" && o.kind === "Cluster") {
      out.set(`${o.metadata.name}-app`, {
        keys: new Set(CNPG_APP_SECRET_KEYS),
        source: `CloudNativePG ${ref(o)}`,
      });
    }
    const certSecret = (o.spec as { secretName?: unknown } | undefined)?.secretName;
    if (o.apiVersion === "cert-manager.io/v1" && o.kind === "Certificate" && certSecret) {
      out.set(String(certSecret), {
        keys: new Set(CERT_MANAGER_SECRET_KEYS),
        source: `cert-manager ${ref(o)}`,
      });
    }
    if (o.apiVersion === "rabbitmq.com/v1beta1" && o.kind === "RabbitmqCluster") {
      out.set(`${o.metadata.name}-default-user`, {
        keys: new Set(RABBITMQ_DEFAULT_USER_KEYS),
        source: `RabbitMQ Cluster Operator ${ref(o)}`,
      });
    }
  }
  return out;
}

export type ReferenceOptions = {
  /** Secrets documented (deploy/README.md) as created outside the manifests: name -> keys. */
  readonly externalSecrets: ReadonlyMap<string, ReadonlySet<string>>;
};

/** Secret names a render reads that are neither in it nor written by an operator in it. */
export function externalSecretsUsed(objects: readonly K8sObject[]): string[] {
  const provided = providedSecrets(objects);
  const names = new Set<string>();
  for (const w of workloads(objects)) {
    for (const c of allContainers(w.pod)) {
      for (const e of c.env ?? []) {
        const name = e.valueFrom?.secretKeyRef?.name;
        if (name && !provided.has(name)) names.add(name);
      }
      for (const e of c.envFrom ?? [])
        if (e.secretRef?.name && !provided.has(e.secretRef.name)) names.add(e.secretRef.name);
    }
    for (const vol of w.pod.volumes ?? []) {
      if (vol.secret?.secretName && !provided.has(vol.secret.secretName))
        names.add(vol.secret.secretName);
    }
  }
  return [...names].sort();
}

export function checkReferences(
  objects: readonly K8sObject[],
  options: ReferenceOptions,
): string[] {
  const v: string[] = [];
  const provided = providedSecrets(objects);
  const configMaps = new Map(
    ofKind<IConfigMap>(objects, "ConfigMap").map((c) => [
      c.metadata.name,
      new Set([...Object.keys(c.data ?? {}), ...Object.keys(c.binaryData ?? {})]),
    ]),
  );
  const secretHasKey = (at: string, name: string, key: string | undefined) => {
    const inRender = provided.get(name);
    const external = options.externalSecrets.get(name);
    if (inRender) {
      if (key !== undefined && !inRender.keys.has(key))
        v.push(`${at}: Secret ${name} (${inRender.source}) has no key "${key}"`);
    } else if (external) {
      if (key !== undefined && !external.has(key))
        v.push(`${at}: external Secret ${name} is documented without key "${key}"`);
    } else {
      v.push(
        `${at}: Secret ${name} is neither in the render, written by an operator, nor documented as external`,
      );
    }
  };
  const configMapHasKey = (at: string, name: string, key: string | undefined) => {
    const keys = configMaps.get(name);
    if (!keys) v.push(`${at}: ConfigMap ${name} is not in the render`);
    else if (key !== undefined && !keys.has(key))
      v.push(`${at}: ConfigMap ${name} has no key "${key}"`);
  };

  for (const w of workloads(objects)) {
    for (const c of allContainers(w.pod)) {
      const at = `${w.id} container ${c.name}`;
      const defined = new Set<string>();
      for (const e of c.envFrom ?? []) {
        if (e.configMapRef?.name && !e.configMapRef.optional) {
          configMapHasKey(`${at} envFrom`, e.configMapRef.name, undefined);
          for (const k of configMaps.get(e.configMapRef.name) ?? [])
            defined.add(`${e.prefix ?? ""}${k}`);
        }
        if (e.secretRef?.name && !e.secretRef.optional) {
          secretHasKey(`${at} envFrom`, e.secretRef.name, undefined);
          for (const k of provided.get(e.secretRef.name)?.keys ??
            options.externalSecrets.get(e.secretRef.name) ??
            []) {
            defined.add(`${e.prefix ?? ""}${k}`);
          }
        }
      }
      for (const e of c.env ?? []) {
        const s = e.valueFrom?.secretKeyRef;
        if (s && !s.optional) secretHasKey(`${at} env ${e.name}`, s.name ?? "", s.key);
        const m = e.valueFrom?.configMapKeyRef;
        if (m && !m.optional) configMapHasKey(`${at} env ${e.name}`, m.name ?? "", m.key);
        // $(VAR) expands only variables defined before this one (else it stays literal).
        for (const [, name] of (e.value ?? "").matchAll(/(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
          if (name && !defined.has(name))
            v.push(`${at} env ${e.name}: $(${name}) is not defined before it`);
        }
        defined.add(e.name);
      }
    }
    // A variable naming a file in a mounted Secret (FINANCE_TLS_KEY_FILE=/etc/…/tls.key) names
    // one of its keys.
    for (const c of allContainers(w.pod)) {
      const names = new Set((c.env ?? []).map((e) => e.name));
      for (const e of c.envFrom ?? [])
        for (const k of configMaps.get(e.configMapRef?.name ?? "") ?? [])
          names.add(`${e.prefix ?? ""}${k}`);
      for (const mount of c.volumeMounts ?? []) {
        const secret = w.pod.volumes?.find((vol) => vol.name === mount.name)?.secret;
        if (!secret?.secretName || secret.optional || mount.subPath || secret.items) continue;
        const dir = `${mount.mountPath.replace(/\/$/, "")}/`;
        for (const name of names) {
          const value = envValue(objects, c, name);
          if (!value?.startsWith(dir)) continue;
          secretHasKey(
            `${w.id} container ${c.name} env ${name}`,
            secret.secretName,
            value.slice(dir.length),
          );
        }
      }
    }
    for (const vol of w.pod.volumes ?? []) {
      if (vol.secret?.secretName && !vol.secret.optional)
        secretHasKey(`${w.id} volume ${vol.name}`, vol.secret.secretName, undefined);
      if (vol.configMap?.name && !vol.configMap.optional)
        configMapHasKey(`${w.id} volume ${vol.name}`, vol.configMap.name, undefined);
    }
    const sa = w.pod.serviceAccountName;
    if (
      sa &&
      sa !== "default" &&
      !objects.some((o) => o.kind === "ServiceAccount" && o.metadata.name === sa)
    ) {
      v.push(`${w.id}: ServiceAccount ${sa} is not in the render`);
    }
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// SLMS servers: graceful rollouts (the web console's too), one migration Job per service, one
// image for every Node workload; the web console (component "web") runs its own image.

/** The value a container sees for an env var, following ConfigMap references in the render. */
export function envValue(
  objects: readonly K8sObject[],
  c: IContainer,
  name: string,
): string | undefined {
  const configMap = (cmName: string | undefined) =>
    ofKind<IConfigMap>(objects, "ConfigMap").find((m) => m.metadata.name === cmName)?.data ?? {};
  const direct = (c.env ?? []).find((e) => e.name === name);
  if (direct?.value !== undefined) return direct.value;
  const keyRef = direct?.valueFrom?.configMapKeyRef;
  if (keyRef) return configMap(keyRef.name)[keyRef.key];
  for (const e of c.envFrom ?? []) {
    const prefix = e.prefix ?? "";
    if (!name.startsWith(prefix)) continue;
    const value = configMap(e.configMapRef?.name)[name.slice(prefix.length)];
    if (value !== undefined) return value;
  }
  return undefined;
}

function preStopSeconds(c: IContainer): number | undefined {
  const preStop = c.lifecycle?.preStop;
  if (!preStop) return undefined;
  if (preStop.sleep) return preStop.sleep.seconds;
  const command = preStop.exec?.command ?? [];
  const i = command.indexOf("sleep");
  return i >= 0 ? Number(command[i + 1] ?? 0) : 0;
}

const databaseEnv = (service: string) =>
  `${service.toUpperCase().replaceAll("-", "_")}_DATABASE_URL`;

export function checkServers(objects: readonly K8sObject[]): string[] {
  const v: string[] = [];
  const all = workloads(objects);
  const servers = all.filter((w) => w.kind === "Deployment" && isSlms(w.podLabels));
  const jobs = all.filter((w) => w.kind === "Job");
  for (const w of servers) {
    const service = w.podLabels[NAME];
    if (!service) {
      v.push(`${w.id}: pods have no ${NAME} label`);
      continue;
    }
    const spec = (w.obj as unknown as IDeployment).spec;
    const strategy = spec?.strategy;
    const maxUnavailable = strategy?.rollingUpdate?.maxUnavailable;
    if (
      (strategy?.type ?? "RollingUpdate") !== "RollingUpdate" ||
      (maxUnavailable !== 0 && maxUnavailable !== "0%")
    ) {
      v.push(`${w.id}: rolling update maxUnavailable is not 0`);
    }
    const grace = w.pod.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
    const web = isWeb(w.podLabels);
    for (const c of w.pod.containers) {
      const at = `${w.id} container ${c.name}`;
      const expectedArgs = ["node", `services/${service}/src/main.ts`];
      const argv = [...(c.command ?? []), ...(c.args ?? [])];
      // The web console runs its image's own command (nginx).
      if (!web && argv.join(" ") !== expectedArgs.join(" "))
        v.push(`${at}: runs "${argv.join(" ")}", not "${expectedArgs.join(" ")}"`);
      if (web && argv.length > 0)
        v.push(`${at}: overrides its image's command with "${argv.join(" ")}"`);
      const sleep = preStopSeconds(c);
      if (sleep === undefined) v.push(`${at}: no preStop hook (endpoints need time to drain)`);
      const raw = envValue(objects, c, "SHUTDOWN_TIMEOUT_MS");
      const shutdownMs = raw === undefined ? DEFAULT_SHUTDOWN_TIMEOUT_MS : Number(raw);
      if (!(grace * 1000 > shutdownMs + (sleep ?? 0) * 1000)) {
        v.push(
          `${w.id}: terminationGracePeriodSeconds ${grace} does not cover preStop ${sleep ?? 0} s + SHUTDOWN_TIMEOUT_MS ${shutdownMs}`,
        );
      }
      const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
      const tmpVolume = w.pod.volumes?.find((vol) => vol.name === tmp?.name);
      if (!tmpVolume?.emptyDir)
        v.push(`${at}: /tmp is not an emptyDir (the root filesystem is read-only)`);
    }
    // No database, so no migration Job.
    if (web) continue;

    // The migration Job of this service.
    const migrations = jobs.filter(
      (j) => j.podLabels[NAME] === service && j.podLabels[COMPONENT] === "migration",
    );
    if (migrations.length !== 1) {
      v.push(`${w.id}: expected one migration Job for "${service}", found ${migrations.length}`);
      continue;
    }
    const job = migrations[0]!;
    const jobContainer = job.pod.containers[0];
    const expected = ["node", "apps/cli/src/main.ts", "migrate", "--service", service];
    const argv = [...(jobContainer?.command ?? []), ...(jobContainer?.args ?? [])];
    if (argv.join(" ") !== expected.join(" "))
      v.push(`${job.id}: runs "${argv.join(" ")}", not "${expected.join(" ")}"`);
    const dbVar = databaseEnv(service);
    const dbRef = (c: IContainer | undefined) => {
      const s = c?.env?.find((e) => e.name === dbVar)?.valueFrom?.secretKeyRef;
      return s ? `${s.name}/${s.key}` : undefined;
    };
    const serverRef = dbRef(w.pod.containers[0]);
    if (!serverRef) v.push(`${w.id}: ${dbVar} is not read from a Secret`);
    if (dbRef(jobContainer) !== serverRef)
      v.push(
        `${job.id}: ${dbVar} comes from ${dbRef(jobContainer)}, the server's from ${serverRef}`,
      );
  }

  // One image for every SLMS container but the web console's, which is another.
  const imagesOf = (ws: Workload[]) =>
    new Set(ws.flatMap((w) => allContainers(w.pod).map((c) => c.image)));
  const slms = all.filter((w) => isSlms(w.podLabels));
  const images = imagesOf(slms.filter((w) => !isWeb(w.podLabels)));
  if (images.size > 1) v.push(`SLMS workloads use several images: ${[...images].join(", ")}`);
  for (const w of slms.filter((x) => isWeb(x.podLabels))) {
    for (const image of imagesOf([w]))
      if (images.has(image)) v.push(`${w.id}: runs the servers' image ${image}, not its own`);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Autoscaling: an HPA targets a Deployment of the render that leaves replicas to it.

export function checkAutoscaling(objects: readonly K8sObject[]): string[] {
  const v: string[] = [];
  for (const hpa of ofKind<IHorizontalPodAutoscaler>(objects, "HorizontalPodAutoscaler")) {
    const target = hpa.spec?.scaleTargetRef;
    const deployment = objects.find(
      (o) => o.kind === target?.kind && o.metadata.name === target?.name,
    );
    if (!deployment)
      v.push(`${ref(hpa)}: scale target ${target?.kind}/${target?.name} is not in the render`);
    else if ((deployment as unknown as IDeployment).spec?.replicas !== undefined) {
      v.push(`${ref(hpa)}: ${ref(deployment)} sets spec.replicas, which every apply would reset`);
    }
    const min = hpa.spec?.minReplicas ?? 1;
    if (min > (hpa.spec?.maxReplicas ?? 0)) v.push(`${ref(hpa)}: minReplicas ${min} > maxReplicas`);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Operator resources must not carry the SLMS label that NetworkPolicies select (the RabbitMQ
// operator copies its resource's labels to the broker pods).

export function checkOperatorLabels(objects: readonly K8sObject[]): string[] {
  return objects
    .filter((o) => ["postgresql.cnpg.io/v1", "rabbitmq.com/v1beta1"].includes(o.apiVersion))
    .filter((o) => isSlms(o.metadata.labels))
    .map((o) => `${ref(o)}: carries ${PART_OF}=slms, which the default-deny NetworkPolicy selects`);
}

// ---------------------------------------------------------------------------------------------
// Images: pinned to a tag or digest, never "latest", and the SLMS placeholder "slms" replaced.

export function checkImagesPinned(objects: readonly K8sObject[]): string[] {
  const v: string[] = [];
  for (const w of workloads(objects)) {
    for (const c of allContainers(w.pod)) {
      const image = c.image ?? "";
      const at = `${w.id} container ${c.name}`;
      if (!/(:[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})$/.test(image))
        v.push(`${at}: image "${image}" has no tag or digest`);
      else if (image.endsWith(":latest")) v.push(`${at}: image "${image}" uses the latest tag`);
    }
  }
  return v;
}

/** Every policy above. */
export function checkPolicies(objects: readonly K8sObject[], options: ReferenceOptions): string[] {
  return [
    ...checkContainerHardening(objects),
    ...checkProbes(objects),
    ...checkSelectors(objects),
    ...checkReferences(objects, options),
    ...checkServers(objects),
    ...checkAutoscaling(objects),
    ...checkOperatorLabels(objects),
  ];
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicies: what ingress each SLMS pod (and any other pod a policy selects, like the
// OpenTelemetry Collector) accepts, and what egress the pods whose egress a policy restricts may
// open, as readable lines ("<source> -> TCP/<port>", "-> <destination> TCP/<port>"), so a test can
// compare the whole picture with the intended one.

type NetworkPolicyPeer = NonNullable<
  NonNullable<NonNullable<INetworkPolicy["spec"]>["ingress"]>[number]["from"]
>[number];
type NetworkPolicyPort = NonNullable<
  NonNullable<NonNullable<INetworkPolicy["spec"]>["ingress"]>[number]["ports"]
>[number];

const describeSelector = (s: LabelSelector | undefined) =>
  `{${Object.entries(s?.matchLabels ?? {})
    .map(([k, val]) => `${k}=${val}`)
    .sort()
    .join(",")}${(s?.matchExpressions ?? []).length > 0 ? ",…" : ""}}`;

function describePeer(peer: NetworkPolicyPeer, all: readonly Workload[]): string {
  if (peer.ipBlock) return `ip ${peer.ipBlock.cidr}`;
  if (peer.podSelector && !peer.namespaceSelector) {
    const matched = all
      .filter((x) => selectorMatches(peer.podSelector, x.podLabels))
      .map((x) => x.id);
    return matched.length > 0 ? matched.join("+") : `pods${describeSelector(peer.podSelector)}`;
  }
  if (peer.namespaceSelector && !peer.podSelector)
    return `namespace${describeSelector(peer.namespaceSelector)}`;
  return `pods${describeSelector(peer.podSelector)} in namespace${describeSelector(peer.namespaceSelector)}`;
}

/** Ports of a rule; a named port is resolved on `w`'s containers (it applies only where declared). */
function describePorts(ports: readonly NetworkPolicyPort[], w: Workload | undefined): string[] {
  return ports.flatMap((p) => {
    if (p.port === undefined) return [`${p.protocol ?? "TCP"}/any`];
    if (typeof p.port === "number" || !w) return [`${p.protocol ?? "TCP"}/${p.port}`];
    const declared = w.pod.containers
      .flatMap((c) => c.ports ?? [])
      .find((cp) => cp.name === p.port);
    return declared ? [`${p.protocol ?? "TCP"}/${declared.containerPort}`] : [];
  });
}

const policyTypes = (p: INetworkPolicy) =>
  p.spec?.policyTypes ?? (p.spec?.egress ? ["Ingress", "Egress"] : ["Ingress"]);

export function allowedIngress(objects: readonly K8sObject[]): Map<string, string[]> {
  const policies = ofKind<INetworkPolicy>(objects, "NetworkPolicy");
  const all = workloads(objects);
  const out = new Map<string, string[]>();
  const described = all.filter(
    (w) =>
      isSlms(w.podLabels) ||
      policies.some((p) => selectorMatches(p.spec?.podSelector, w.podLabels)),
  );
  for (const w of described) {
    const selecting = policies.filter(
      (p) =>
        selectorMatches(p.spec?.podSelector, w.podLabels) && policyTypes(p).includes("Ingress"),
    );
    if (selecting.length === 0) {
      out.set(w.id, ["* -> any port (not isolated)"]);
      continue;
    }
    const lines = new Set<string>();
    for (const rule of selecting.flatMap((p) => p.spec?.ingress ?? [])) {
      const sources = (rule.from ?? []).map((peer) => describePeer(peer, all));
      const ports = describePorts(rule.ports ?? [], w);
      if ((rule.ports ?? []).length > 0 && ports.length === 0) continue;
      for (const source of sources.length > 0 ? sources : ["*"]) {
        for (const port of ports.length > 0 ? ports : ["any port"])
          lines.add(`${source} -> ${port}`);
      }
    }
    out.set(w.id, [...lines].sort());
  }
  return out;
}

/**
 * Egress of every workload some NetworkPolicy selects for Egress ("-> <destination> <port>");
 * workloads no Egress policy selects may open any connection and are left out. Named ports
 * stay names (they are resolved on the destination pods).
 */
export function allowedEgress(objects: readonly K8sObject[]): Map<string, string[]> {
  const policies = ofKind<INetworkPolicy>(objects, "NetworkPolicy").filter((p) =>
    policyTypes(p).includes("Egress"),
  );
  const all = workloads(objects);
  const out = new Map<string, string[]>();
  for (const w of all) {
    const selecting = policies.filter((p) => selectorMatches(p.spec?.podSelector, w.podLabels));
    if (selecting.length === 0) continue;
    const lines = new Set<string>();
    for (const rule of selecting.flatMap((p) => p.spec?.egress ?? [])) {
      const destinations = (rule.to ?? []).map((peer) => describePeer(peer, all));
      const ports = describePorts(rule.ports ?? [], undefined);
      for (const destination of destinations.length > 0 ? destinations : ["*"]) {
        for (const port of ports.length > 0 ? ports : ["any port"])
          lines.add(`-> ${destination} ${port}`);
      }
    }
    out.set(w.id, [...lines].sort());
  }
  return out;
}
