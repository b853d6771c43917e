/**
 * A phone number as stored and compared: the digits, with a leading '+' kept for international
 * numbers; spaces, hyphens, dots and brackets people type between groups are dropped.
 */
export function normalisePhone(raw: string): string {
  return raw.trim().replaceAll(/[\s\-().]/g, "");
}

export const phoneRule = "must be 6–20 digits with an optional leading +";

/** Whether a normalised phone number is one. */
export function isPhone(phone: string): boolean {
  return /^\+?\d{6,20}$/.test(phone);
}

export const emailRule = "must be an e-mail address such as name@example.com";

// Deliberately modest: one '@', no spaces, a dot in the domain. Deliverability is the mail
// server's business; this catches typing mistakes.
const emailPattern = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Whether a trimmed e-mail address is one (at most 254 characters, RFC 5321). */
export function isEmail(email: string): boolean {
  return email.length <= 254 && emailPattern.test(email);
}
