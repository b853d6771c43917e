import { invalid, notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { addDays, daysBetween, fromDbDate, todayIn } from "@slms/primitives";
import { z } from "zod";
import { loadSettings, siteTimeZone } from "../db/settings.ts";
import { findTemplate } from "../db/templates.ts";
import type { NotificationsDeps } from "../deps.ts";
import { languages } from "../domain/settings.ts";
import { checkTemplate, renderTemplate, templateChannels } from "../domain/templates.ts";
import { billVariables } from "../domain/variables.ts";

const input = z.object({
  billId: z.string().min(1).max(64),
  kind: z.enum(["bill_reminder", "dunning"]),
  language: z.union([z.literal(""), z.enum(languages)]),
  channel: z.enum(templateChannels),
  draftSubject: z.string().max(200),
  draftBody: z.string().max(2_000),
  afterDays: z.number().int().min(0).max(365),
});

export interface Preview {
  subject: string;
  body: string;
  balanceMinor: number;
  currency: string;
}

/**
 * Renders the site's template in effect (or a draft, checked like a saved one) with a real
 * bill's figures: its balance now, and the days as on the day the message would go — the
 * reminder's first day, or the ladder step's (`afterDays`; default: today, at least one day late).
 */
export async function previewTemplate(
  deps: Pick<NotificationsDeps, "db" | "clock">,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<Preview> {
  const data = parseInput(input, request);
  const bill = await deps.db.billFact.findUnique({ where: { billId: data.billId } });
  if (!bill || bill.orgId !== caller.orgId || !canSeeSite(caller, bill.siteId)) {
    throw notFound("bill");
  }
  const settings = await loadSettings(deps.db, bill.siteId);
  const timeZone = await siteTimeZone(deps.db, bill.siteId);
  const language = data.language || settings.language;
  const dueDate = fromDbDate(bill.dueDate);
  const today = todayIn(timeZone, deps.clock());
  const asOf =
    data.kind === "bill_reminder"
      ? addDays(dueDate, -Math.max(settings.reminderDaysBefore, 1))
      : addDays(dueDate, data.afterDays || Math.max(daysBetween(dueDate, today), 1));
  const draft = data.draftBody !== "";
  const template = draft
    ? { subject: data.draftSubject, body: data.draftBody }
    : await findTemplate(deps.db, {
        orgId: caller.orgId,
        siteId: bill.siteId,
        kind: data.kind,
        language,
        channel: data.channel,
      });
  if (draft) {
    const issues = checkTemplate(data.kind, template, "draft.");
    if (issues.length > 0) throw invalid("the draft uses unknown variables", issues);
  }
  const [site, customer] = await Promise.all([
    deps.db.siteFact.findUnique({ where: { siteId: bill.siteId } }),
    deps.db.customerFact.findUnique({ where: { customerId: bill.customerId } }),
  ]);
  const balanceMinor = Number(bill.amountMinor - bill.allocatedMinor - bill.waivedMinor);
  const variables = billVariables(
    {
      billId: bill.billId,
      feeCode: bill.feeCode,
      periodStart: fromDbDate(bill.periodStart),
      periodEnd: fromDbDate(bill.periodEnd),
      dueDate,
      currency: bill.currency,
      balanceMinor,
    },
    asOf,
    { customerName: customer?.name ?? "", siteName: site?.name ?? "" },
  );
  const text = renderTemplate(template, variables);
  return { ...text, balanceMinor, currency: bill.currency };
}
