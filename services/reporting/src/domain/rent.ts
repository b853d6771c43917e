/** Months in one rent period of each billing frequency. */
const monthsPer = { monthly: 1, quarterly: 3, semi_annual: 6, annual: 12 } as const;

export type Frequency = keyof typeof monthsPer;

export type Rent =
  | { kind: "per_period"; amountMinor: number }
  | { kind: "per_m2_month"; rateMinorPerM2: number; areaHundredths: number };

/**
 * Rent per month in minor units, rounded half up: a per-period rent spread evenly over the
 * period's months, a per-m² rent times the let area (hundredths of m²).
 */
export function monthlyRentMinor(rent: Rent, frequency: Frequency): bigint {
  const [numerator, denominator] =
    rent.kind === "per_period"
      ? [BigInt(rent.amountMinor), BigInt(monthsPer[frequency])]
      : [BigInt(rent.rateMinorPerM2) * BigInt(rent.areaHundredths), 100n];
  return (2n * numerator + denominator) / (2n * denominator);
}
