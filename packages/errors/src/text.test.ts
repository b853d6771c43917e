import { describe, expect, it } from "vitest";
import { findUnacceptableText, MAX_DEPTH } from "./text.ts";

const nested = (depth: number) => {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

describe("findUnacceptableText", () => {
  it.each([
    ["plain text", { name: "王伟 A-1203 😀" }, null],
    ["numbers, booleans, null", { n: 1, b: true, z: null }, null],
    ["bytes fields", { pdf: Buffer.from([0, 0xd8, 0]) }, null],
    ["NUL in a value", { reason: "a\u0000b" }, "reason"],
    ["NUL in a nested array", { fees: [{ code: "x" }, { code: "\u0000" }] }, "fees.1.code"],
    ["a lone high surrogate", { name: "\ud800" }, "name"],
    ["a lone low surrogate", { name: "x\udc00y" }, "name"],
    ["NUL in a key", { "a\u0000": 1 }, "a\u0000"],
    ["a top-level string", "\u0000", "(body)"],
  ])("%s", (_what, value, field) => {
    expect(findUnacceptableText(value, "(body)")?.field ?? null).toBe(field);
  });

  it(`accepts ${MAX_DEPTH} levels and refuses more, without recursion`, () => {
    expect(findUnacceptableText(nested(MAX_DEPTH), "(body)")).toBeNull();
    expect(findUnacceptableText(nested(MAX_DEPTH + 1), "(body)")?.message).toMatch(/nested/);
    expect(findUnacceptableText(nested(100_000), "(body)")?.message).toMatch(/nested/);
  });
});
