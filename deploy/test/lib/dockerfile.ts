// A small Dockerfile reader for the tests: instructions with continuation lines joined and comments
// dropped, build arguments' defaults substituted into FROM, and the instructions of each stage.
import { readFileSync } from "node:fs";

export type Stage = { name: string; from: string; lines: string[] };
export type Dockerfile = {
  readonly stages: Stage[];
  /** The stage named `name`; throws when there is none. */
  stage(name: string): Stage;
};

export function readDockerfile(path: string): Dockerfile {
  const instructions = readFileSync(path, "utf8")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  const args = Object.fromEntries(
    instructions
      .filter((l) => /^ARG \w+=/.test(l))
      .map((l) => {
        const [name, ...value] = l.slice(4).split("=");
        return [name, value.join("=")] as [string, string];
      }),
  );
  const stages: Stage[] = [];
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from)
      stages.push({
        from: from[1]!.replace(/\$\{(\w+)\}/g, (_m, a: string) => args[a] ?? ""),
        name: from[2] ?? "",
        lines: [],
      });
    else stages.at(-1)?.lines.push(line);
  }
  return {
    stages,
    stage(name) {
      const s = stages.find((x) => x.name === name);
      if (!s) throw new Error(`${path} has no stage ${name}`);
      return s;
    },
  };
}

/** The RUN instructions of a stage, one per line. */
export const runs = (s: Stage) => s.lines.filter((l) => l.startsWith("RUN ")).join("\n");

/** The base image a stage builds on, following stages built on other stages. */
export function baseImage(file: Dockerfile, s: Stage): string {
  const parent = file.stages.find((x) => x.name === s.from && x !== s);
  return parent ? baseImage(file, parent) : s.from;
}
