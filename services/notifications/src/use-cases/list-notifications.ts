import { pageTokens } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { listingScope } from "../db/scope.ts";
import type { NotificationsDeps } from "../deps.ts";

const id = z
  .string()
  .max(64)
  .regex(/^[\w-]*$/, "must be letters, digits, _ or -");
const input = z.object({
  siteId: id.optional(),
  billId: id.optional(),
  leaseId: id.optional(),
  paymentId: id.optional(),
  customerId: id.optional(),
  status: z.enum(["queued", "sent", "failed", "suppressed"]).optional(),
  pageSize: z.number().int().min(0).max(500, "must be at most 500").optional(),
  pageToken: z.string().max(500).optional(),
});

const tokens = pageTokens({ t: "instant", id: "id" });

export interface NotificationView {
  id: string;
  siteId: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  step: string;
  channel: string;
  audience: string;
  recipient: string;
  customerId: string | null;
  status: string;
  reason: string | null;
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  sentAt: Date | null;
  language: string;
  subject: string | null;
  body: string | null;
  amountMinor: number | null;
  currency: string | null;
  /** The file attached (a receipt's PDF), or why a receipt e-mail went without it. */
  attachment: string | null;
  attachmentIssue: string | null;
}

/**
 * The delivery log, newest first, a page at a time: for a site (or every site in scope), a bill,
 * a lease, a payment, or a customer (every message about the tenant, whoever it went to), and a
 * status.
 */
export async function listNotifications(
  deps: Pick<NotificationsDeps, "db">,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<{ notifications: NotificationView[]; nextPageToken: string | null }> {
  const data = parseInput(input, request);
  const size = data.pageSize || 100;
  const after = tokens.decode(data.pageToken);
  const sites = await listingScope(deps.db, caller, data.siteId);
  const subject = data.billId
    ? { subjectType: "bill", subjectId: data.billId }
    : data.leaseId
      ? { subjectType: "lease", subjectId: data.leaseId }
      : data.paymentId
        ? { subjectType: "payment", subjectId: data.paymentId }
        : {};
  const rows = await deps.db.notification.findMany({
    where: {
      orgId: caller.orgId,
      ...(sites ? { siteId: { in: sites } } : {}),
      ...subject,
      ...(data.customerId ? { customerId: data.customerId } : {}),
      ...(data.status ? { status: data.status } : {}),
      ...(after
        ? {
            OR: [
              { createdAt: { lt: new Date(after.t) } },
              { createdAt: new Date(after.t), id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: size + 1,
  });
  const page = rows.slice(0, size);
  const currencies = await currenciesOf(deps.db, page);
  const last = page.at(-1);
  return {
    notifications: page.map((row) => ({
      ...row,
      kind: row.kind,
      amountMinor: row.amountMinor === null ? null : Number(row.amountMinor),
      currency:
        currencies.get(row.subjectId) ?? (row.facts as { currency?: string }).currency ?? null,
    })),
    nextPageToken:
      rows.length > size && last
        ? tokens.encode({ t: last.createdAt.toISOString(), id: last.id })
        : null,
  };
}

async function currenciesOf(
  db: NotificationsDeps["db"],
  rows: { subjectType: string; subjectId: string }[],
) {
  const billIds = [
    ...new Set(rows.filter((r) => r.subjectType === "bill").map((r) => r.subjectId)),
  ];
  const bills = billIds.length
    ? await db.billFact.findMany({
        where: { billId: { in: billIds } },
        select: { billId: true, currency: true },
      })
    : [];
  return new Map(bills.map((bill) => [bill.billId, bill.currency]));
}
