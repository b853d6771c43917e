import type { z } from "zod";
import { type FieldIssue, invalid } from "./domain-error.ts";

/** Zod issues as field issues: `units.0.code`, or `(body)` for the value as a whole. */
export function fieldIssues(error: z.ZodError, prefix = ""): FieldIssue[] {
  const issues = error.issues.flatMap((issue) => {
    const field = prefix + issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        field: field ? `${field}.${key}` : key,
        message: "unknown field",
      }));
    }
    return [{ field: field || "(body)", message: issue.message }];
  });
  // One value can break several checks with one message (an amount that is neither whole nor
  // small enough): say it once.
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.field}\n${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Parses input at an edge (HTTP body, gRPC request, file row, event). On failure throws an
 * `invalid` DomainError naming every field at fault; nothing downstream sees bad input.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what = "request",
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalid(`invalid ${what}`, fieldIssues(result.error));
}
