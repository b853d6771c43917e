import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import type { z } from "zod";
import type { NotificationsDeps } from "../deps.ts";
import { normaliseAddress } from "../domain/addresses.ts";
import { optOutAddress } from "./record-opt-out.ts";

/**
 * Takes an opt-out back (the tenant consented again): messages queued from now on are sent.
 * Messages already suppressed stay so.
 */
export async function removeOptOut(
  deps: Pick<NotificationsDeps, "db">,
  caller: Caller,
  request: z.input<typeof optOutAddress>,
): Promise<{ removed: boolean }> {
  const data = parseInput(optOutAddress, request);
  const address = normaliseAddress(data.channel, data.address);
  const { count } = await deps.db.optOut.deleteMany({
    where: { orgId: caller.orgId, channel: data.channel, address },
  });
  return { removed: count > 0 };
}
