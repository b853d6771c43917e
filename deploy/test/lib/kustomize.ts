// Renders a kustomization with `kubectl kustomize` (kubectl bundles kustomize) and parses the
// multi-document YAML it prints.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

export const deployDir = fileURLToPath(new URL("../..", import.meta.url));
export const repoDir = fileURLToPath(new URL("../../..", import.meta.url));
export const k8sDir = fileURLToPath(new URL("../../k8s/", import.meta.url));

/** A rendered Kubernetes object; the fields past these are read through kubernetes-models types. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
};

let kubectlChecked = false;

function requireKubectl(): void {
  if (kubectlChecked) return;
  try {
    execFileSync("kubectl", ["version", "--client"], { stdio: "pipe" });
  } catch (error) {
    throw new Error(
      "kubectl is needed to render deploy/k8s (`kubectl kustomize`) but could not be run " +
        `(${(error as Error).message.split("\n")[0]}). Install kubectl >= 1.27 (it bundles ` +
        "kustomize), e.g. the Debian/Ubuntu package or the release binary, and put it on PATH.",
    );
  }
  kubectlChecked = true;
}

/** Parses multi-document YAML into objects, failing on any YAML error or non-object document. */
export function parseYamlDocuments(text: string, source: string): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors[0]?.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value)) {
      throw new Error(`${source}: a document is not an object`);
    }
    out.push(value as K8sObject);
  }
  return out;
}

/** `kubectl kustomize <deploy/k8s/...>`, parsed. `target` is relative to deploy/k8s. */
export function renderKustomization(target: string): K8sObject[] {
  requireKubectl();
  let text: string;
  try {
    text = execFileSync("kubectl", ["kustomize", `${k8sDir}${target}`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(
      `kubectl kustomize deploy/k8s/${target} failed:\n${stderr || (error as Error).message}`,
    );
  }
  return parseYamlDocuments(text, `deploy/k8s/${target}`);
}

/** "Kind/name", for messages. */
export const ref = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
