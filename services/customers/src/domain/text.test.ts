import { describe, expect, it } from "vitest";
import { text, textProblem } from "./text.ts";

describe("textProblem", () => {
  it.each([
    ["", null],
    ["王伟 (Wang Wei)", null],
    ["emoji 😀 and 𠮷", null],
    ["tab\tand newline\n", null],
    ["a\u0000b", "must not contain NUL characters"],
    ["\u0000", "must not contain NUL characters"],
    ["a\ud800b", "must be valid Unicode text (it has a lone surrogate)"],
    ["\udc00", "must be valid Unicode text (it has a lone surrogate)"],
    ["😀".slice(0, 1), "must be valid Unicode text (it has a lone surrogate)"],
  ])("%j → %s", (value, problem) => expect(textProblem(value)).toBe(problem));
});

describe("text", () => {
  const rule = text(5);

  it("accepts storable text up to the bound", () => {
    expect(rule.parse("abcde")).toBe("abcde");
    expect(rule.parse("")).toBe("");
  });

  it("names one problem per value", () => {
    const messages = (value: unknown) => rule.safeParse(value).error?.issues.map((i) => i.message);
    expect(messages("abcdef")).toEqual(["must be at most 5 characters"]);
    expect(messages("a\u0000")).toEqual(["must not contain NUL characters"]);
    expect(messages("\u0000".repeat(9))).toEqual(["must be at most 5 characters"]);
    expect(messages("\ud800")).toEqual(["must be valid Unicode text (it has a lone surrogate)"]);
    expect(messages(5)).toHaveLength(1);
  });
});
