/**
 * Addresses as opt-outs and daily limits compare them: e-mail lower-cased and trimmed; phone
 * numbers as digits with a leading + kept (so "+86 138-0000-0000" and "+8613800000000" match).
 */
export function normaliseAddress(channel: string, address: string): string {
  const trimmed = address.trim();
  if (channel === "email") return trimmed.toLowerCase();
  if (channel === "sms") return (trimmed.startsWith("+") ? "+" : "") + trimmed.replace(/\D/g, "");
  return trimmed;
}
