// A small .dockerignore evaluator (Docker's rules: patterns are relative to the context root,
// `*` and `?` stay within a path segment, `**` spans segments, a matching directory excludes what
// is under it, the last matching line wins, `!` re-includes).

type Rule = { readonly negate: boolean; readonly regex: RegExp };

function toRegex(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "*" && pattern[i + 1] === "*") {
      // "**/" matches zero or more directories; a trailing "**" matches everything.
      if (pattern[i + 2] === "/") {
        out += "(?:.*/)?";
        i += 2;
      } else {
        out += ".*";
        i += 1;
      }
    } else if (ch === "*") out += "[^/]*";
    else if (ch === "?") out += "[^/]";
    else out += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  // The pattern names a path or a directory above it.
  return new RegExp(`^${out}(?:/.*)?$`);
}

export function parseDockerignore(text: string): Rule[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const negate = line.startsWith("!");
      const pattern = (negate ? line.slice(1) : line).replace(/^\/+|\/+$/g, "");
      return { negate, regex: toRegex(pattern) };
    });
}

/** Whether `path` (relative to the context, "/"-separated) is left out of the build context. */
export function isIgnored(rules: readonly Rule[], path: string): boolean {
  let ignored = false;
  for (const rule of rules) if (rule.regex.test(path)) ignored = !rule.negate;
  return ignored;
}
