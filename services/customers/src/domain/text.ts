import { z } from "zod";

// Every string a use-case takes is text PostgreSQL can store and bounded in length:
//  - NUL (U+0000) cannot be stored in a text column at all: PostgreSQL fails the statement
//    (error 22021), which would surface as an internal error instead of a named field;
//  - a lone UTF-16 surrogate is not Unicode text: the driver would store it as U+FFFD, so what
//    is read back is not what was written.
// Lengths count UTF-16 code units (JavaScript's `length`), as every other limit here does.

/** Why a string cannot be stored as text, or null when it can. */
export function textProblem(text: string): string | null {
  if (text.includes("\u0000")) return "must not contain NUL characters";
  if (!text.isWellFormed()) return "must be valid Unicode text (it has a lone surrogate)";
  return null;
}

/**
 * A string of at most `max` characters that PostgreSQL can store. Stops at the first problem,
 * so a field is named once.
 */
export function text(max: number) {
  return z
    .string()
    .max(max, { message: `must be at most ${max} characters`, abort: true })
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem, continue: false });
    });
}
