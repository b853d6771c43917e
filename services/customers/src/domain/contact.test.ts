import { describe, expect, it } from "vitest";
import { isEmail, isPhone, normalisePhone } from "./contact.ts";

describe("phones", () => {
  it.each([
    ["138 0013 8000", "13800138000"],
    ["+86 138-0013-8000", "+8613800138000"],
    ["(021) 6234.5678", "02162345678"],
    ["852 2345 6789", "85223456789"],
  ])("%j → %s, a phone", (raw, expected) => {
    expect(normalisePhone(raw)).toBe(expected);
    expect(isPhone(normalisePhone(raw))).toBe(true);
  });

  it.each(["12345", "+", "138001380001380013800", "138-0013-800a", "++8613800138000", "86+138001"])(
    "rejects %s",
    (raw) => expect(isPhone(normalisePhone(raw))).toBe(false),
  );
});

describe("e-mail", () => {
  it.each(["li.wei@example.com", "finance+rent@acme.com.cn", "王@例子.中国"])(
    "accepts %s",
    (email) => expect(isEmail(email)).toBe(true),
  );

  it.each([
    "li.wei",
    "li wei@example.com",
    "li@@example.com",
    "li@example",
    "li@.com",
    `${"a".repeat(250)}@x.cn`,
  ])("rejects %s", (email) => expect(isEmail(email)).toBe(false));
});
