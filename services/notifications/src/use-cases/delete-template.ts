import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import type { NotificationsDeps } from "../deps.ts";
import { templateKey, templateScope } from "./put-template.ts";

const input = z.object(templateKey);

/** Removes an override, so the organisation's (or the built-in) template applies again. */
export async function deleteTemplate(
  deps: Pick<NotificationsDeps, "db">,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<{ deleted: boolean }> {
  const data = parseInput(input, request, "request");
  await templateScope(deps, caller, data.siteId);
  const { count } = await deps.db.template.deleteMany({ where: { orgId: caller.orgId, ...data } });
  return { deleted: count > 0 };
}
