/**
 * Money is integer minor units with an ISO 4217 currency. These helpers print it; they never do
 * arithmetic in floating point.
 */

/** Digits after the decimal point of a currency (CNY 2, JPY 0), as ICU knows them. */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

const symbols: Record<string, string> = { CNY: "¥", HKD: "HK$", USD: "$", EUR: "€" };

/**
 * An amount in figures with grouping, e.g. `formatMoney(1234567, "CNY")` → `¥12,345.67`;
 * currencies without a symbol here are prefixed with their code (`CHF 12,345.67`).
 */
export function formatMoney(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not a safe integer amount: ${minor}`);
  const digits = minorDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const text = Math.abs(minor)
    .toString()
    .padStart(digits + 1, "0");
  const whole = text.slice(0, text.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : "";
  const symbol = symbols[currency];
  return symbol ? `${sign}${symbol}${whole}${fraction}` : `${sign}${currency} ${whole}${fraction}`;
}

/** A stored bigint amount as a safe integer number (the wire and the views use numbers). */
export function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`amount ${value} exceeds the safe integer range`);
  }
  return Number(value);
}
