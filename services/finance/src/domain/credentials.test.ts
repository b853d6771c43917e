import { describe, expect, it } from "vitest";
import { hashSecret, newSecret, parseBearer, secretMatches } from "./credentials.ts";

const id = "apc_01JD3Z6S41X7M2Q8RZ0B4C5D6E";

describe("parseBearer", () => {
  it.each([
    [`Bearer ${id}.abc_DEF-123`, { clientId: id, secret: "abc_DEF-123" }],
    [`bearer ${id}.s`, { clientId: id, secret: "s" }],
    [`  Bearer ${id}.s  `, { clientId: id, secret: "s" }],
    [undefined, null],
    ["", null],
    [`Basic ${id}.s`, null],
    [`Bearer ${id}`, null],
    [`Bearer ${id}.`, null],
    [`Bearer ${id}.a.b`, null],
    ["Bearer apc_short.secret", null],
    [`Bearer ${id}.${"a".repeat(300)}`, null],
  ])("%j", (header, expected) => {
    expect(parseBearer(header)).toEqual(expected);
  });
});

describe("secrets", () => {
  it("are 32 random bytes in base64url, different every time", () => {
    const a = newSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, "base64url")).toHaveLength(32);
    expect(newSecret()).not.toBe(a);
  });

  it("are stored as SHA-256 hex and matched against it", () => {
    const secret = newSecret();
    const hash = hashSecret(secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(secretMatches(hash, secret)).toBe(true);
    expect(secretMatches(hash, `${secret}x`)).toBe(false);
    expect(secretMatches(hash, "")).toBe(false);
  });
});
