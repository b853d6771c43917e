export * from "./domain-error.ts";
export { fieldIssues, parseInput } from "./validation.ts";
