/**
 * Money arithmetic in integer minor units (fen, cents). Amounts are JavaScript numbers that must
 * be safe integers; every product or quotient goes through `roundedQuotient`, which computes
 * exactly with `BigInt` and rounds once, half up (half away from zero for negative values).
 * No floating point ever touches an amount.
 */

/** Returns `value` if it is a safe integer number of minor units, else throws a `RangeError`. */
export function safeMinor(value: number, what = "amount"): number {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} is not a safe integer number of minor units: ${value}`);
  }
  return value;
}

/** Returns `value` if it is a safe integer ≥ 0, else throws a `RangeError`. */
export function nonNegativeMinor(value: number, what = "amount"): number {
  if (safeMinor(value, what) < 0) throw new RangeError(`${what} is negative: ${value}`);
  return value;
}

/**
 * round_half_up( Σᵢ Πⱼ terms[i][j]  ÷  Πₖ divisors[k] ), computed exactly.
 *
 * The one place amounts are multiplied or divided. Every factor and divisor must be a safe
 * integer, the divisors' product non-zero, and the result a safe integer. Ties round away from
 * zero: 2.5 → 3, −2.5 → −3.
 *
 * @example roundedQuotient([[price, 10], [price2, 21]], [31]) // (10 days + 21 days) of a 31-day period
 */
export function roundedQuotient(
  terms: readonly (readonly number[])[],
  divisors: readonly number[],
): number {
  let numerator = 0n;
  for (const factors of terms) {
    let product = 1n;
    for (const factor of factors) product *= BigInt(safeMinor(factor, "factor"));
    numerator += product;
  }
  let denominator = 1n;
  for (const divisor of divisors) denominator *= BigInt(safeMinor(divisor, "divisor"));
  if (denominator === 0n) throw new RangeError("division by zero");
  return safeMinor(Number(divideHalfUp(numerator, denominator)), "result");
}

/** round_half_up(a × b ÷ c), exactly: `mulDivRound(1005, 1, 2)` is 503. */
export function mulDivRound(a: number, b: number, c: number): number {
  return roundedQuotient([[a, b]], [c]);
}

/** The sum of amounts, checked: throws if any amount or the total is not a safe integer. */
export function sumMinor(amounts: Iterable<number>): number {
  let total = 0;
  for (const amount of amounts) total = safeMinor(total + safeMinor(amount), "sum");
  return total;
}

/** The sum of `amount(item)` over `items`, checked like `sumMinor`. */
export function sumBy<T>(items: Iterable<T>, amount: (item: T) => number): number {
  let total = 0;
  for (const item of items) total = safeMinor(total + safeMinor(amount(item)), "sum");
  return total;
}

function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  const n = denominator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d; // truncates toward zero
  const remainder = n % d; // has the sign of n
  const twiceRemainder = 2n * (remainder < 0n ? -remainder : remainder);
  if (twiceRemainder < d) return quotient;
  return n < 0n ? quotient - 1n : quotient + 1n;
}
