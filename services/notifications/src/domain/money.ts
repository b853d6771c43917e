/**
 * Amounts as messages state them, from integer minor units, exactly: the digits are cut from the
 * integer (no division into a float), grouped by thousands, with the currency's symbol in front
 * (`¥1,234.50`, `-US$0.05`). A currency of no minor unit (JPY) shows none; an unknown one shows
 * two places and its code (`1,234.50 XYZ`).
 */

interface CurrencyStyle {
  symbol: string | null;
  digits: number;
}

const styles: Record<string, CurrencyStyle> = {
  CNY: { symbol: "¥", digits: 2 },
  HKD: { symbol: "HK$", digits: 2 },
  MOP: { symbol: "MOP$", digits: 2 },
  TWD: { symbol: "NT$", digits: 2 },
  USD: { symbol: "US$", digits: 2 },
  EUR: { symbol: "€", digits: 2 },
  GBP: { symbol: "£", digits: 2 },
  SGD: { symbol: "S$", digits: 2 },
  JPY: { symbol: "JP¥", digits: 0 },
  KRW: { symbol: "₩", digits: 0 },
};

/** `minor` (a safe integer) of `currency` as text, e.g. formatMoney(123450, "CNY") = "¥1,234.50". */
export function formatMoney(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not a whole amount: ${minor}`);
  const style = styles[currency] ?? { symbol: null, digits: 2 };
  const digits = String(Math.abs(minor)).padStart(style.digits + 1, "0");
  const whole = digits.slice(0, digits.length - style.digits);
  const fraction = digits.slice(digits.length - style.digits);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const number = style.digits > 0 ? `${grouped}.${fraction}` : grouped;
  const sign = minor < 0 ? "-" : "";
  return style.symbol ? `${sign}${style.symbol}${number}` : `${sign}${number} ${currency}`;
}
