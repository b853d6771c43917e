export * from "./domain-error.ts";
export { fieldIssues, parseInput } from "./validation.ts";
export { findUnacceptableText, MAX_DEPTH } from "./text.ts";
