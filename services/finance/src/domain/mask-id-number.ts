/**
 * ID numbers leave the edge masked, whatever the customers service answered: the ERP needs to
 * tell records apart and match them to its own, not to know who a tenant is. Only the last four
 * characters stay; every other character becomes `*`, so the length is kept (a resident ID of
 * 18 characters reads `**************123X`). Numbers of four characters or fewer are masked
 * entirely — their last four would be all of them.
 */
export function maskIdNumber(idNumber: string): string {
  const chars = [...idNumber];
  if (chars.length === 0) return "";
  if (chars.length <= 4) return "*".repeat(chars.length);
  return "*".repeat(chars.length - 4) + chars.slice(-4).join("");
}
