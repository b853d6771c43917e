import type { FieldIssue } from "./domain-error.ts";

/**
 * Text no edge accepts, refused before any schema or use case sees it — so no route or RPC can
 * forget:
 * - NUL characters (PostgreSQL cannot store them in text: it fails with error 22021);
 * - lone UTF-16 surrogates (`"\uD800"` in JSON), which are not Unicode text and would be stored
 *   mangled as U+FFFD;
 * - bodies nested deeper than {@link MAX_DEPTH} (no request shape is deeper than 6; deeper input
 *   only exists to exhaust stacks).
 * The HTTP gateway applies it to path, query and JSON body (keys included); every gRPC server
 * to each request message.
 */
export const MAX_DEPTH = 32;

/** The first unacceptable piece of `value`, named by its dotted path under `root`; else null. */
export function findUnacceptableText(value: unknown, root: string): FieldIssue | null {
  // Iterative, so a hostile depth cannot overflow the stack here either.
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: "", depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const field = item.path || root;
    if (typeof item.value === "string") {
      const problem = textProblem(item.value);
      if (problem) return { field, message: problem };
      continue;
    }
    if (item.value === null || typeof item.value !== "object" || ArrayBuffer.isView(item.value)) {
      continue; // bytes fields are not text
    }
    if (item.depth >= MAX_DEPTH) {
      return { field, message: `is nested more than ${MAX_DEPTH} levels deep` };
    }
    for (const [key, child] of Object.entries(item.value)) {
      const path = item.path ? `${item.path}.${key}` : key;
      const keyProblem = textProblem(key);
      if (keyProblem) return { field: path, message: `field name ${keyProblem}` };
      stack.push({ value: child, path, depth: item.depth + 1 });
    }
  }
  return null;
}

function textProblem(text: string): string | null {
  if (text.includes("\u0000")) return "must not contain NUL characters";
  if (!text.isWellFormed()) return "must be valid Unicode text (it has a lone surrogate)";
  return null;
}
