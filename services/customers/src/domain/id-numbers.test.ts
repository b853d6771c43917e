import { describe, expect, it } from "vitest";
import {
  checkIdentity,
  idNumberProblem,
  maskIdNumber,
  normaliseIdNumber,
  plainPartsOf,
  residentIdCheckChar,
  socialCreditCodeCheckChar,
} from "./id-numbers.ts";

const today = new Date("2026-11-24T00:00:00Z");

describe("normaliseIdNumber", () => {
  it.each([
    ["11010519491231002x", "11010519491231002X"],
    [" 110105 19491231 002X ", "11010519491231002X"],
    ["e-1234-5678", "E12345678"],
    ["9144\t0300 7084 6113 6t", "91440300708461136T"],
  ])("%j → %s", (raw, expected) => expect(normaliseIdNumber(raw)).toBe(expected));
});

describe("resident ID (GB 11643, ISO 7064 MOD 11-2)", () => {
  it.each([
    "11010519491231002X",
    "440308199001010017",
    "110101199003070011",
    "310115198512121236",
    "510104198808088883",
    "11010520000229003X", // 29 February of a leap year
  ])("accepts %s", (number) => expect(idNumberProblem("resident_id", number, today)).toBeNull());

  it.each([
    ["110105194912310021", "has a wrong check digit"],
    ["440308199001010018", "has a wrong check digit"],
    ["110101199002300014", "has no valid birth date"], // 30 February
    ["110101190002290011", "has no valid birth date"], // 1900 was not a leap year
    ["110101189912310014", "has no valid birth date"], // before 1900
    ["110101203001010019", "has no valid birth date"], // in the future
    ["11010519491231002", "must be 18 characters: 17 digits and a digit or X"],
    ["1101051949123100XX", "must be 18 characters: 17 digits and a digit or X"],
    ["A1010519491231002X", "must be 18 characters: 17 digits and a digit or X"],
  ])("rejects %s: %s", (number, problem) =>
    expect(idNumberProblem("resident_id", number, today)).toBe(problem),
  );

  it("computes check characters, including X", () => {
    expect(residentIdCheckChar("11010519491231002")).toBe("X");
    expect(residentIdCheckChar("44030819900101001")).toBe("7");
  });
});

describe("unified social credit code (GB 32100-2015)", () => {
  it.each(["91350100M000100Y43", "91440300708461136T", "914403001922038216", "91110108551385082Q"])(
    "accepts %s",
    (number) => expect(idNumberProblem("unified_social_credit_code", number)).toBeNull(),
  );

  it.each([
    ["91350100M000100Y44", "has a wrong check character"],
    ["91440300708461136X", "has a wrong check character"],
    ["91350100M000100Y4", "must be 18 digits or capital letters (not I, O, Z, S, V)"],
    ["91350100M0001O0Y43", "must be 18 digits or capital letters (not I, O, Z, S, V)"],
    ["913501A0M000100Y43", "must have a 6-digit region code in characters 3–8"],
  ])("rejects %s: %s", (number, problem) =>
    expect(idNumberProblem("unified_social_credit_code", number)).toBe(problem),
  );

  it("computes check characters", () => {
    expect(socialCreditCodeCheckChar("91350100M000100Y4")).toBe("3");
    expect(socialCreditCodeCheckChar("91110108551385082")).toBe("Q");
  });
});

describe("passports, permits and other documents", () => {
  it.each([
    ["passport", "E12345678"],
    ["passport", "G1234567"],
    ["hk_macao_taiwan_permit", "H1234567801"],
    ["other", "AB123"],
    ["other", "A2345678901234567890"],
  ] as const)("%s accepts %s", (type, number) => expect(idNumberProblem(type, number)).toBeNull());

  it.each([
    ["passport", "E123"],
    ["passport", "E1234/5678"],
    ["other", "A23456789012345678901"],
  ] as const)("%s rejects %s", (type, number) =>
    expect(idNumberProblem(type, number)).toBe("must be 5–20 letters or digits"),
  );
});

describe("checkIdentity", () => {
  it("normalises a valid number of a type the kind may hold", () => {
    expect(checkIdentity("person", "resident_id", "11010519491231002x", today)).toEqual({
      number: "11010519491231002X",
    });
    expect(checkIdentity("company", "unified_social_credit_code", "91350100m000100y43")).toEqual({
      number: "91350100M000100Y43",
    });
    expect(checkIdentity("person", "other", "MIL-12345")).toEqual({ number: "MIL12345" });
    expect(checkIdentity("company", "other", "HK-1234567")).toEqual({ number: "HK1234567" });
  });

  it.each([
    [
      "person",
      "unified_social_credit_code",
      "91350100M000100Y43",
      [
        {
          field: "idDocumentType",
          message: "must be resident_id, passport, hk_macao_taiwan_permit or other for a person",
        },
      ],
    ],
    [
      "company",
      "resident_id",
      "11010519491231002X",
      [
        {
          field: "idDocumentType",
          message: "must be unified_social_credit_code or other for a company",
        },
      ],
    ],
    [
      "company",
      "passport",
      "x",
      [
        {
          field: "idDocumentType",
          message: "must be unified_social_credit_code or other for a company",
        },
        { field: "idNumber", message: "must be 5–20 letters or digits" },
      ],
    ],
    ["person", "resident_id", "  ", [{ field: "idNumber", message: "is required" }]],
  ] as const)("%s with %s %j is refused", (kind, type, number, issues) =>
    expect(checkIdentity(kind, type, number, today)).toEqual({ issues }),
  );
});

describe("masking", () => {
  it.each([
    ["11010519491231002X", "1101**********002X"],
    ["91350100M000100Y43", "9135**********0Y43"],
    // Shorter numbers (passports, permits) show only their last 4: half or more stays hidden.
    ["A2345678901", "*******8901"],
    ["E1234567X", "*****567X"],
    ["G1234567", "******67"],
    ["AB123", "***23"],
  ])("%s → %s", (number, masked) => {
    const parts = plainPartsOf(number);
    expect(maskIdNumber(parts)).toBe(masked);
    expect(maskIdNumber(parts)).toHaveLength(number.length);
  });

  it("stores in clear only what the mask shows, plus the last 4 for search", () => {
    expect(plainPartsOf("11010519491231002X")).toEqual({
      length: 18,
      prefix4: "1101",
      last4: "002X",
    });
    expect(plainPartsOf("G1234567")).toEqual({ length: 8, prefix4: "", last4: "4567" });
    expect(plainPartsOf("E12345678")).toEqual({ length: 9, prefix4: "", last4: "5678" });
  });
});
