import type { Db } from "../deps.ts";
import type { Language } from "../domain/settings.ts";
import {
  builtInTemplates,
  type Kind,
  type TemplateChannel,
  type TemplateText,
} from "../domain/templates.ts";

export type TemplateSource = "site" | "organisation" | "built_in";

/**
 * The template in effect for a site (or, with siteId null, the organisation): the site's
 * override, else the organisation's, else the built-in one.
 */
export async function findTemplate(
  db: Db,
  key: {
    orgId: string;
    siteId: string | null;
    kind: Kind;
    language: Language;
    channel: TemplateChannel;
  },
): Promise<TemplateText & { source: TemplateSource }> {
  const rows = await db.template.findMany({
    where: {
      orgId: key.orgId,
      siteId: { in: key.siteId ? [key.siteId, ""] : [""] },
      kind: key.kind,
      language: key.language,
      channel: key.channel,
    },
    orderBy: { siteId: "desc" },
  });
  const row = rows[0];
  if (row) {
    return { subject: row.subject, body: row.body, source: row.siteId ? "site" : "organisation" };
  }
  return { ...builtInTemplates[key.kind][key.language][key.channel], source: "built_in" };
}
