// Just enough PromQL reading for the monitoring checks: which metric names and which label
// matchers an expression uses. Not a parser: strings, label matchers, ranges, grouping clauses
// and Grafana variables are blanked out, and what is left that is not a function call or a
// keyword is a metric name.

const KEYWORDS = new Set([
  "and",
  "or",
  "unless",
  "bool",
  "offset",
  "inf",
  "nan",
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
]);
const GROUPING = /\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g;

/** Metric names an expression selects (in order, repeated as often as they appear). */
export function metricNames(expr: string): string[] {
  const s = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(GROUPING, " ")
    .replace(/\$\{?\w+\}?/g, " ");
  const names: string[] = [];
  for (const m of s.matchAll(/(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = s.slice((m.index ?? 0) + m[0].length).trimStart();
    if (after.startsWith("(")) continue;
    if (KEYWORDS.has(m[0].toLowerCase())) continue;
    names.push(m[0]);
  }
  return names;
}

/** `[metric, label]` for every label matcher written as `metric{label="…", …}`. */
export function matchedLabels(expr: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}/g)) {
    const matchers = (m[2] ?? "").replace(/"(?:[^"\\]|\\.)*"/g, '""');
    for (const l of matchers.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)/g))
      out.push([m[1]!, l[1]!]);
  }
  return out;
}
