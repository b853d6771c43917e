import { forbidden, invalid, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { siteInScope } from "../db/scope.ts";
import type { TemplateSource } from "../db/templates.ts";
import type { NotificationsDeps } from "../deps.ts";
import { languages } from "../domain/settings.ts";
import { checkTemplate, kinds, kindVariables, templateChannels } from "../domain/templates.ts";

export const templateKey = {
  siteId: z.string().max(64),
  kind: z.enum(kinds),
  language: z.enum(languages),
  channel: z.enum(templateChannels),
};

const input = z
  .object({
    ...templateKey,
    subject: z.string().max(200),
    body: z.string().min(1, "must not be empty").max(2_000),
  })
  .superRefine((t, ctx) => {
    if (t.channel === "email" && t.subject.trim() === "") {
      ctx.addIssue({ code: "custom", path: ["subject"], message: "an e-mail needs a subject" });
    }
    if (t.channel === "sms" && t.subject !== "") {
      ctx.addIssue({ code: "custom", path: ["subject"], message: "an SMS has no subject" });
    }
    if (t.channel === "sms" && t.body.length > 500) {
      ctx.addIssue({ code: "custom", path: ["body"], message: "an SMS is at most 500 characters" });
    }
  });

export interface TemplateView {
  siteId: string;
  kind: (typeof kinds)[number];
  language: (typeof languages)[number];
  channel: (typeof templateChannels)[number];
  subject: string;
  body: string;
  source: TemplateSource;
  variables: readonly string[];
}

/** Who may change templates where: a site's staff at their sites, the organisation's only HQ. */
export async function templateScope(
  deps: Pick<NotificationsDeps, "db">,
  caller: Caller,
  siteId: string,
) {
  if (siteId) await siteInScope(deps.db, caller, siteId);
  else if (caller.siteIds !== "all") {
    throw forbidden("only organisation-wide roles change the organisation's templates");
  }
}

/**
 * Saves an organisation's (siteId "") or a site's template for a kind, language and channel,
 * after checking it: a placeholder the kind does not have is `invalid`, naming it and the field.
 */
export async function putTemplate(
  deps: Pick<NotificationsDeps, "db" | "clock">,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<TemplateView> {
  const data = parseInput(input, request, "template");
  const issues = checkTemplate(data.kind, data, "template.");
  if (issues.length > 0) throw invalid("the template uses unknown variables", issues);
  await templateScope(deps, caller, data.siteId);
  const key = {
    orgId: caller.orgId,
    siteId: data.siteId,
    kind: data.kind,
    language: data.language,
    channel: data.channel,
  };
  const values = {
    subject: data.subject,
    body: data.body,
    updatedAt: deps.clock(),
    updatedBy: caller.actor,
  };
  await deps.db.template.upsert({
    where: { orgId_siteId_kind_language_channel: key },
    create: { ...key, ...values },
    update: values,
  });
  return {
    ...data,
    source: data.siteId ? "site" : "organisation",
    variables: kindVariables[data.kind],
  };
}
