export * from "./domain-error.ts";
export { findUnacceptableText, MAX_DEPTH } from "./text.ts";
export { fieldIssues, parseInput } from "./validation.ts";
