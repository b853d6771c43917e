/**
 * `text` as a literal operand of Prisma's `contains` / `startsWith` / `endsWith`. Prisma turns
 * them into SQL `LIKE` without escaping (prisma/prisma#19506), so a search for `_` or `%` would
 * match every row; PostgreSQL's default LIKE escape character is the backslash.
 *
 * @example db.unit.findMany({ where: { name: { contains: likeLiteral(q), mode: "insensitive" } } })
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
