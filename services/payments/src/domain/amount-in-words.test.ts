import { describe, expect, it } from "vitest";
import { amountInWords, rmbInWords } from "./amount-in-words.ts";

/** [fen, words]: the examples of the PBoC rules first, then edge cases of zeros and sections. */
const table: [number, string][] = [
  [140950, "壹仟肆佰零玖元伍角"],
  [600714, "陆仟零柒元壹角肆分"],
  [168032, "壹仟陆佰捌拾元叁角贰分"],
  [10700053, "壹拾万柒仟元伍角叁分"],
  [1640902, "壹万陆仟肆佰零玖元零贰分"],
  [32504, "叁佰贰拾伍元零肆分"],
  [1234567, "壹万贰仟叁佰肆拾伍元陆角柒分"],
  [0, "零元整"],
  [1, "壹分"],
  [5, "伍分"],
  [50, "伍角"],
  [55, "伍角伍分"],
  [100, "壹元整"],
  [101, "壹元零壹分"],
  [110, "壹元壹角"],
  [1000, "壹拾元整"],
  [1600, "壹拾陆元整"],
  [10000, "壹佰元整"],
  [10500, "壹佰零伍元整"],
  [11000, "壹佰壹拾元整"],
  [100100, "壹仟零壹元整"],
  [100000, "壹仟元整"],
  [1000000, "壹万元整"],
  [1000001, "壹万元零壹分"],
  [1001000, "壹万零壹拾元整"],
  [1010000, "壹万零壹佰元整"],
  [1100000, "壹万壹仟元整"],
  [10000000, "壹拾万元整"],
  [10070000, "壹拾万零柒佰元整"],
  [100000000, "壹佰万元整"],
  [1000000000, "壹仟万元整"],
  [1000100000, "壹仟万壹仟元整"],
  [1000010000, "壹仟万零壹佰元整"],
  [10000000000, "壹亿元整"],
  [10000005000, "壹亿零伍拾元整"],
  [10100000000, "壹亿零壹佰万元整"],
  [11000000000, "壹亿壹仟万元整"],
  [20000000010, "贰亿元壹角"],
  [101010101000, "壹拾亿壹仟零壹拾万壹仟零壹拾元整"],
  [100000000000000, "壹万亿元整"],
  [100010000000000, "壹万零壹亿元整"],
  [100000000000100, "壹万亿零壹元整"],
  [9007199254740991, "玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分"],
];

describe("amountInWords", () => {
  it.each(table)("%i fen → %s", (minor, words) => {
    expect(amountInWords(minor)).toBe(words);
    expect(parseWords(words)).toBe(minor);
  });

  it("prefixes 人民币 for CNY receipts", () => {
    expect(rmbInWords(1234567)).toBe("人民币壹万贰仟叁佰肆拾伍元陆角柒分");
  });

  it("reads back to the same amount for a spread of amounts", () => {
    let seed = 20261124;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 5000; i++) {
      // Mostly zeros in random places, the hard part of the rules.
      const digits = Array.from({ length: 1 + (next() % 15) }, () =>
        next() % 3 === 0 ? next() % 10 : 0,
      );
      digits[0] = 1 + (next() % 9);
      const minor = Number(digits.join(""));
      const words = amountInWords(minor);
      expect(parseWords(words), `${minor} → ${words}`).toBe(minor);
      expect(words, `${minor}`).not.toMatch(/零零|零[元万亿]|^零[^元]|元$/);
    }
  });

  it.each([-1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN])("refuses %d", (minor) => {
    expect(() => amountInWords(minor)).toThrow(RangeError);
  });
});

/** Reads capital numerals back to fen, independently of the writer: the inverse for tests. */
function parseWords(words: string): number {
  const digit = (c: string) => "零壹贰叁肆伍陆柒捌玖".indexOf(c);
  const places: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };
  let total = 0;
  let yi = 0;
  let wan = 0;
  let section = 0;
  let last = 0;
  let fen = 0;
  const [integer = "", fraction = ""] = words.replace(/整$/, "").split("元");
  const integerPart = words.includes("元") ? integer : "";
  for (const c of integerPart) {
    if (digit(c) >= 0) last = digit(c);
    else if (places[c]) {
      section += last * places[c];
      last = 0;
    } else if (c === "万") {
      wan += (section + last) * 1e4;
      section = 0;
      last = 0;
    } else if (c === "亿") {
      yi += (wan + section + last) * 1e8;
      wan = 0;
      section = 0;
      last = 0;
    } else throw new Error(`unexpected ${c} in ${words}`);
  }
  total = yi + wan + section + last;
  const rest = words.includes("元") ? fraction : words;
  const jiao = /(.)角/.exec(rest);
  const fenMatch = /(.)分/.exec(rest);
  if (jiao) fen += digit(jiao[1]!) * 10;
  if (fenMatch) fen += digit(fenMatch[1]!);
  return total * 100 + fen;
}
