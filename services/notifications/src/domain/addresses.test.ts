import { describe, expect, it } from "vitest";
import { normaliseAddress } from "./addresses.ts";

describe("normaliseAddress", () => {
  it.each([
    ["email", " Li.Wei@Example.COM ", "li.wei@example.com"],
    ["sms", "+86 138-0000-0000", "+8613800000000"],
    ["sms", "138 0000 0000", "13800000000"],
    ["webhook", " https://erp.example.com/hook ", "https://erp.example.com/hook"],
  ])("%s %s → %s", (channel, raw, normal) => {
    expect(normaliseAddress(channel, raw)).toBe(normal);
  });
});
