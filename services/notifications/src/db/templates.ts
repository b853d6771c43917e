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
  });
  return templateIn(rows, key);
}

/** {@link findTemplate} among template rows already loaded (no I/O). */
export function templateIn(
  rows: readonly {
    orgId: string;
    siteId: string;
    kind: string;
    language: string;
    channel: string;
    subject: string;
    body: string;
  }[],
  key: {
    orgId: string;
    siteId: string | null;
    kind: Kind;
    language: Language;
    channel: TemplateChannel;
  },
): TemplateText & { source: TemplateSource } {
  let organisation: (typeof rows)[number] | undefined;
  for (const row of rows) {
    if (
      row.orgId !== key.orgId ||
      row.kind !== key.kind ||
      row.language !== key.language ||
      row.channel !== key.channel
    ) {
      continue;
    }
    if (key.siteId && row.siteId === key.siteId) {
      return { subject: row.subject, body: row.body, source: "site" };
    }
    if (row.siteId === "") organisation = row;
  }
  if (organisation) {
    return { subject: organisation.subject, body: organisation.body, source: "organisation" };
  }
  return { ...builtInTemplates[key.kind][key.language][key.channel], source: "built_in" };
}
