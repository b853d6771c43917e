export * from "./bounds.ts";
export * from "./civil-date.ts";
export * from "./money.ts";
export * from "./zoned.ts";
