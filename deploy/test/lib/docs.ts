import { readFileSync } from "node:fs";
import { deployDir } from "./kustomize.ts";

/** Secrets documented in deploy/README.md ("Secrets" table) as created outside the manifests. */
export function documentedSecrets(): Map<string, Set<string>> {
  const readme = readFileSync(`${deployDir}README.md`, "utf8");
  const out = new Map<string, Set<string>>();
  for (const line of readme.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const name = /^`([a-z0-9.-]+)`$/.exec(cells[1] ?? "")?.[1];
    if (!name || cells.length < 4) continue;
    out.set(name, new Set([...(cells[2] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? "")));
  }
  return out;
}
