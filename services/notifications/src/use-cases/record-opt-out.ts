import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import type { NotificationsDeps } from "../deps.ts";
import { normaliseAddress } from "../domain/addresses.ts";

export const optOutAddress = z
  .object({
    channel: z.enum(["email", "sms"]),
    address: z.string().trim().min(1, "must not be empty").max(254),
  })
  .superRefine((value, ctx) => {
    const ok =
      value.channel === "email"
        ? z.email().safeParse(value.address).success
        : /^\+?[\d\s-]{5,20}$/.test(value.address);
    if (!ok)
      ctx.addIssue({
        code: "custom",
        path: ["address"],
        message: `is not a valid ${value.channel} address`,
      });
  });

const input = z.intersection(
  optOutAddress,
  z.object({
    source: z.enum(["link", "keyword", "staff"]),
    reason: z.string().max(500),
  }),
);

export interface OptOutView {
  channel: string;
  address: string;
  source: string;
  reason: string;
  actor: string;
  recordedAt: Date;
}

/**
 * Records that an address wants no more messages on a channel, in the caller's whole
 * organisation: nothing more is queued for it, and messages already queued are suppressed when
 * their turn comes (reason `opted_out`). Recording it again updates the source and reason.
 */
export async function recordOptOut(
  deps: Pick<NotificationsDeps, "db" | "clock">,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<OptOutView> {
  const data = parseInput(input, request);
  const address = normaliseAddress(data.channel, data.address);
  const values = {
    source: data.source,
    reason: data.reason,
    actor: caller.actor,
    recordedAt: deps.clock(),
  };
  const row = await deps.db.optOut.upsert({
    where: { orgId_channel_address: { orgId: caller.orgId, channel: data.channel, address } },
    create: { orgId: caller.orgId, channel: data.channel, address, ...values },
    update: values,
  });
  return row;
}
