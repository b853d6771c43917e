/**
 * Amounts in Chinese capital numerals (大写金额), as receipts and bank forms print them beside
 * the figures so they cannot be altered. Follows the People's Bank of China rules for writing
 * amounts (《支付结算办法》附件一 正确填写票据和结算凭证的基本规定):
 * - digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟, sections 万 and 亿; 壹拾 keeps its 壹;
 * - a run of zeros inside the number is one 零; zeros at the end of a section are not written;
 * - an amount in whole 元 ends with 整; one with 角 and no 分 does not (the rules allow both);
 * - 角 zero and 分 not zero writes 零 after 元 (叁佰贰拾伍元零肆分);
 * - where the rules allow a 零 or none (元位 zero before a 角: 壹仟陆佰捌拾元叁角贰分; 万位 zero
 *   before a 仟: 壹拾万柒仟元), none is written.
 */

const DIGITS = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"] as const;
const PLACES = ["", "拾", "佰", "仟"] as const;

/**
 * `minor` fen (1/100 元) in capital numerals without a currency name, e.g. 1234567 →
 * 壹万贰仟叁佰肆拾伍元陆角柒分. Throws a RangeError for a negative, fractional or unsafe amount.
 */
export function amountInWords(minor: number): string {
  if (!Number.isSafeInteger(minor) || minor < 0) {
    throw new RangeError(`an amount in words needs a non-negative safe integer, got ${minor}`);
  }
  const yuan = Math.floor(minor / 100);
  const jiao = Math.floor(minor / 10) % 10;
  const fen = minor % 10;
  const yuanWords = yuan > 0 ? `${integerWords(yuan)}元` : "";
  if (jiao === 0 && fen === 0) return yuan > 0 ? `${yuanWords}整` : "零元整";
  const jiaoWords = jiao > 0 ? `${DIGITS[jiao]}角` : yuan > 0 ? "零" : "";
  const fenWords = fen > 0 ? `${DIGITS[fen]}分` : "";
  return yuanWords + jiaoWords + fenWords;
}

/** 人民币 (CNY) amounts as printed on receipts: 人民币壹万贰仟叁佰肆拾伍元陆角柒分. */
export function rmbInWords(minor: number): string {
  return `人民币${amountInWords(minor)}`;
}

/** A positive integer: sections of four digits joined by 万 and 亿. */
function integerWords(n: number): string {
  if (n >= 1e8) {
    const high = Math.floor(n / 1e8);
    const low = n % 1e8;
    return `${integerWords(high)}亿${low === 0 ? "" : (low < 1e7 ? "零" : "") + integerWords(low)}`;
  }
  if (n >= 1e4) {
    const high = Math.floor(n / 1e4);
    const low = n % 1e4;
    return `${sectionWords(high)}万${low === 0 ? "" : (low < 1e3 ? "零" : "") + sectionWords(low)}`;
  }
  return sectionWords(n);
}

/** 1..9999: digits with their places; one 零 per run of inner zeros, none at the end. */
function sectionWords(n: number): string {
  let words = "";
  let zeroPending = false;
  for (let place = 3; place >= 0; place--) {
    const digit = Math.floor(n / 10 ** place) % 10;
    if (digit === 0) {
      if (words !== "") zeroPending = true;
      continue;
    }
    if (zeroPending) words += "零";
    zeroPending = false;
    words += `${DIGITS[digit]}${PLACES[place]}`;
  }
  return words;
}
