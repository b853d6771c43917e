import { type Cell, cellText, toBasisPoints } from "./cells.ts";
import type { ColumnSpec, Lang } from "./sheets.ts";
import { termLabel } from "./vocabulary.ts";

/**
 * The template's example cell of a column, in `lang`: a term as its label, a date as a date
 * cell, a percentage as a percent-formatted number, the rest as given. The parser skips a row
 * whose every example column reads as this (the example row left in place).
 */
export function exampleCell(column: ColumnSpec, lang: Lang): Cell {
  const { example } = column;
  if (example === undefined) return { value: null };
  if (column.kind === "term" && typeof example === "string") {
    return { value: termLabel(column.vocabulary ?? [], example, lang) };
  }
  if (column.kind === "date" && typeof example === "string") {
    return { value: new Date(`${example}T00:00:00Z`) };
  }
  if (column.kind === "percent") {
    const bp = toBasisPoints({ value: example as string | number });
    if (bp.ok) return { value: bp.value / 10_000, percent: true };
  }
  if (column.kind === "boolean" && typeof example === "string") {
    return {
      value: lang === "zh" ? (example === "yes" ? "是" : "否") : example === "yes" ? "Yes" : "No",
    };
  }
  return { value: example };
}

/** The example cell as the parser reads its text. */
export function exampleText(column: ColumnSpec, lang: Lang): string {
  return cellText(exampleCell(column, lang));
}
