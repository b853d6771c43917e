import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { areas, languages, resources } from "./locales";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string | Tree> {
  const out = new Map<string, string | Tree>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.set(path, value);
    if (typeof value === "object") for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const srcDir = fileURLToPath(new URL("..", import.meta.url));
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "generated" ? [] : sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Every key the code asks for: `t("a.b")`, and `t(\`a.${x}\`)` as its fixed prefix `a`. */
function keysUsed(): { key: string; prefix: boolean; file: string }[] {
  const used: { key: string; prefix: boolean; file: string }[] = [];
  for (const file of sources(srcDir)) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\bt\(\s*"([A-Za-z0-9_.-]+)"/g))
      used.push({ key: match[1]!, prefix: false, file });
    // A key built wholly at run time (t(`${key}`)) cannot be checked here.
    for (const match of text.matchAll(/\bt\(\s*`([A-Za-z0-9_.-]+)\$\{/g))
      used.push({ key: match[1]!.replace(/\.$/, ""), prefix: true, file });
  }
  return used;
}

describe("texts", () => {
  it("has the same keys in Chinese and English, in every area, none empty", () => {
    for (const [area, texts] of Object.entries(areas)) {
      const [zh, en] = languages.map((language) =>
        flatten((texts as Record<string, Tree>)[language] ?? {}),
      );
      expect([...en!.keys()].sort(), `${area}: keys in English`).toEqual([...zh!.keys()].sort());
      for (const map of [zh!, en!])
        for (const [key, value] of map)
          if (typeof value === "string") expect(value.trim(), `${area}.${key}`).not.toBe("");
    }
  });

  it("has every key the code uses, in both languages", () => {
    const used = keysUsed();
    expect(used.length).toBeGreaterThan(20);
    const trees = resources();
    for (const language of languages) {
      const known = flatten(trees[language].translation);
      const missing = used
        .filter(({ key, prefix }) => {
          const value = known.get(key);
          return prefix ? typeof value !== "object" : typeof value !== "string";
        })
        .map(({ key, file }) => `${key} (${file.slice(srcDir.length)})`);
      expect(missing, `missing in ${language}`).toEqual([]);
    }
  });
});
