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
