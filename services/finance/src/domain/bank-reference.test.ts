import { describe, expect, it } from "vitest";
import { candidatesIn, normalisedAccount } from "./bank-reference.ts";

const ulid = "01KC3QYV7RKX4ZB9W2M5N8P6TD";

describe("candidatesIn", () => {
  it("finds bill, lease and customer ids in a remittance text, bills first", () => {
    expect(candidatesIn(`租金 cus_${ulid} 账单bil_${ulid}；合同 lea_${ulid}`)).toEqual([
      { kind: "bill", id: `bil_${ulid}` },
      { kind: "lease", id: `lea_${ulid}` },
      { kind: "customer", id: `cus_${ulid}` },
    ]);
  });

  it("reads an id typed in lower case as the id", () => {
    expect(candidatesIn(`BIL_${ulid.toLowerCase()}`)).toEqual([
      { kind: "bill", id: `bil_${ulid}` },
    ]);
  });

  it.each([
    ["no id", "十一月租金 张三"],
    ["an id one character short", `bil_${ulid.slice(1)}`],
    ["an id run into other letters", `xbil_${ulid}`],
    ["an id with a character too many", `bil_${ulid}Z`],
    ["another kind of id", `pay_${ulid}`],
  ])("finds nothing in %s", (_what, text) => {
    expect(candidatesIn(text)).toEqual([]);
  });

  it("reads the hex ids of bills made by billing runs", () => {
    const hex = "3ebe0d5eb45643f0b58f33f3b7b4265e";
    expect(candidatesIn(`房租 BIL_${hex.toUpperCase()} 王伟`)).toEqual([
      { kind: "bill", id: `bil_${hex}` },
    ]);
  });

  it("names each id once", () => {
    expect(candidatesIn(`bil_${ulid} bil_${ulid}`)).toHaveLength(1);
  });
});

describe("normalisedAccount", () => {
  it.each([
    ["6222 0000 1111 2222", "6222000011112222"],
    ["6222-0000-1111-2222", "6222000011112222"],
    ["gb29 nwbk 6016 1331 9268 19", "GB29NWBK60161331926819"],
    [" 123456 ", "123456"],
  ])("compares %s as %s", (account, normalised) => {
    expect(normalisedAccount(account)).toBe(normalised);
  });

  it.each([[""], ["12-34"], ["12345"], ["-- --"], ["账户"]])(
    "finds %j too short to identify anyone",
    (account) => {
      expect(normalisedAccount(account)).toBeNull();
    },
  );
});
