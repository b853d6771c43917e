/** Digits after the decimal point of a currency (CNY 2, JPY 0, KWD 3), as Intl knows them. */
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

/**
 * Integer minor units as the decimal string they stand for — exact, no floating point
 * (`123456, 2` → `"1234.56"`, `-5, 2` → `"-0.05"`).
 */
export function minorToDecimal(amountMinor: number | bigint, digits: number): string {
  const value = BigInt(amountMinor);
  const negative = value < 0n;
  const text = (negative ? -value : value).toString().padStart(digits + 1, "0");
  const whole = text.slice(0, text.length - digits);
  const fraction = text.slice(text.length - digits);
  return `${negative ? "-" : ""}${whole}${digits > 0 ? `.${fraction}` : ""}`;
}

/**
 * A decimal the user typed (`"1,234.5"`) as integer minor units, or null when it is not an
 * amount of this currency (too many decimals, letters, out of the safe integer range).
 */
export function decimalToMinor(input: string, digits: number): number | null {
  const text = input.replaceAll(",", "").replaceAll(" ", "").trim();
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > digits) return null;
  const minor = BigInt(`${whole}${fraction.padEnd(digits, "0")}`) * (sign ? -1n : 1n);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER))
    return null;
  return Number(minor);
}

/** `¥1,234.56` / `CN¥1,234.56` for the language shown, from minor units, exactly. */
export function formatMoney(amountMinor: number, currency: string, language: string): string {
  const digits = minorDigits(currency);
  const format = new Intl.NumberFormat(language, {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl formats a decimal string exactly (no conversion to a double).
  return format.format(minorToDecimal(amountMinor, digits) as unknown as number);
}
