import type { Caller } from "@slms/grpc";
import { siteInScope } from "../db/scope.ts";
import { findTemplate } from "../db/templates.ts";
import type { NotificationsDeps } from "../deps.ts";
import { languages } from "../domain/settings.ts";
import { kinds, kindVariables, templateChannels } from "../domain/templates.ts";
import type { TemplateView } from "./put-template.ts";

/**
 * Every template in effect for a site (siteId undefined: for the organisation), one per kind,
 * language and channel, each saying whether it is the site's, the organisation's or built in.
 */
export async function listTemplates(
  deps: Pick<NotificationsDeps, "db">,
  caller: Caller,
  siteId: string | undefined,
): Promise<TemplateView[]> {
  if (siteId) await siteInScope(deps.db, caller, siteId);
  const views: TemplateView[] = [];
  for (const kind of kinds) {
    for (const language of languages) {
      for (const channel of templateChannels) {
        const template = await findTemplate(deps.db, {
          orgId: caller.orgId,
          siteId: siteId ?? null,
          kind,
          language,
          channel,
        });
        views.push({
          siteId: template.source === "site" ? (siteId ?? "") : "",
          kind,
          language,
          channel,
          subject: template.subject,
          body: template.body,
          source: template.source,
          variables: kindVariables[kind],
        });
      }
    }
  }
  return views;
}
