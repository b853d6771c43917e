import type { TFunction } from "i18next";

export const deliveryStatuses = ["queued", "sent", "failed", "suppressed"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const deliveryColour: Record<DeliveryStatus, string> = {
  queued: "processing",
  sent: "success",
  failed: "error",
  suppressed: "default",
};

/**
 * An API value (channel, audience, reason) by its name under `prefix` when the console has one,
 * else as the API sent it (a value added later still shows); empty stays empty.
 */
export function translatedOr(t: TFunction, prefix: string, value: string | null | undefined) {
  if (!value) return "";
  return t(`${prefix}.${value}`, { defaultValue: value });
}

/** A message's step: a dunning step `d+7` as days overdue, the others by name when known. */
export function stepLabel(t: TFunction, step: string | null | undefined): string {
  const overdue = /^d\+(\d+)$/.exec(step ?? "");
  if (overdue) return t("admin.notifications.overdueDays", { days: Number(overdue[1]) });
  return translatedOr(t, "admin.notifications.stepName", step);
}
