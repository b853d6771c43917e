/** How a held deposit is settled after the lease ended. */
export interface DepositSplit {
  /** Applied to what the lease owes (billing allocates it to the open bills). */
  appliedMinor: number;
  /** Paid back to the customer. */
  refundedMinor: number;
  /** Kept by the landlord under the lease's terms. */
  forfeitedMinor: number;
}

/**
 * The deposit goes first to what the lease owes, never more than is held; the rest is refunded,
 * or forfeited when the lease's terms say so. The parts always add up to what is held.
 */
export function splitDeposit(
  heldMinor: number,
  owedMinor: number,
  forfeitRemainder: boolean,
): DepositSplit {
  if (!Number.isSafeInteger(heldMinor) || heldMinor < 0) {
    throw new RangeError(`held must be a non-negative safe integer, got ${heldMinor}`);
  }
  if (!Number.isSafeInteger(owedMinor))
    throw new RangeError(`owed must be a safe integer, got ${owedMinor}`);
  const appliedMinor = Math.min(heldMinor, Math.max(owedMinor, 0));
  const rest = heldMinor - appliedMinor;
  return {
    appliedMinor,
    refundedMinor: forfeitRemainder ? 0 : rest,
    forfeitedMinor: forfeitRemainder ? rest : 0,
  };
}
