import type { Import, ImportTotals } from "@slms/contracts/onboarding";
import { z } from "zod";
import type { GatewayDeps } from "../deps.ts";
import { civilDate, id, pageQuery } from "../http/fields.ts";
import { route } from "../http/route.ts";
import { pageOf } from "./assets-schemas.ts";

// Go-live from Excel: the template, the dry run of a filled workbook (every error by sheet, row
// and column; the workbook back with an error column), the commit into every owning service all
// or nothing, and the reconciliation of what the system then holds with the workbook's totals.

const tags = ["Go-live import"];
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const MAX_BYTES = 20 * 1024 * 1024;

const siteParams = z.strictObject({ siteId: id });
const importParams = z.strictObject({ siteId: id, importId: id });
const lang = z.enum(["zh", "en"]).default("zh").describe("headers' language (default Chinese)");

const totalsSchema = z.object({
  units: z.number(),
  grossAreaHundredths: z.number().describe("hundredths of a m²"),
  customers: z.number(),
  leases: z.number(),
  monthlyRentRollMinor: z.number(),
  arrearsBills: z.number(),
  arrearsMinor: z.number(),
  arrearsByFeeCode: z.record(z.string(), z.number()),
  deposits: z.number(),
  depositsHeldMinor: z.number(),
  prepayments: z.number(),
  prepaymentsMinor: z.number(),
});

const importSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  fileName: z.string(),
  goLiveDate: z.string(),
  status: z
    .enum([
      "invalid",
      "validated",
      "committing",
      "failing",
      "committed",
      "failed",
      "rolling_back",
      "rolled_back",
    ])
    .describe(
      "failing: parts are being discarded; failed: nothing of it remains; rolled_back: " +
        "committed, then taken back as a whole",
    ),
  counts: z.object({
    units: z.number(),
    customers: z.number(),
    leases: z.number(),
    arrears: z.number(),
    deposits: z.number(),
    prepayments: z.number(),
  }),
  sheetTotals: totalsSchema.nullable(),
  systemTotals: totalsSchema.nullable().describe("what the system holds once committed"),
  differences: z
    .array(z.object({ figure: z.string(), sheet: z.number(), system: z.number() }))
    .describe("figures where the system differs from the workbook (none: reconciled)"),
  rowDifferences: z
    .array(
      z.object({
        sheet: z.enum(["units", "leases", "arrears", "deposits", "prepayments"]),
        row: z.number(),
        figure: z.string(),
        sheetValue: z.number(),
        systemValue: z.number(),
        missing: z.boolean(),
      }),
    )
    .describe(
      "row by row, each value the system holds differently from the workbook's row (first 1,000)",
    ),
  rowDifferenceCount: z.number(),
  errors: z
    .array(
      z.object({
        sheet: z.string(),
        row: z.number().nullable(),
        column: z.string(),
        value: z.string(),
        message: z.object({ zh: z.string(), en: z.string() }),
      }),
    )
    .describe("the first 1,000"),
  errorCount: z.number(),
  steps: z.array(
    z.object({
      name: z.string(),
      state: z.string(),
      rowsDone: z.number(),
      rowsTotal: z.number(),
    }),
  ),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
  rolledBackAt: z.string().nullable(),
  rolledBackBy: z.string().nullable(),
});

const totalsOut = (t: ImportTotals | null) => t && { ...t };

const importOut = (i: Import | null | undefined) => {
  const job = i!;
  return {
    id: job.id,
    siteId: job.siteId,
    fileName: job.fileName,
    goLiveDate: job.goLiveDate,
    status: job.status as z.infer<typeof importSchema>["status"],
    counts: job.counts!,
    sheetTotals: totalsOut(job.sheetTotals),
    systemTotals: totalsOut(job.systemTotals),
    differences: job.differences,
    rowDifferences: job.rowDifferences.map((d) => ({
      ...d,
      sheet: d.sheet as "units",
    })),
    rowDifferenceCount: job.rowDifferenceCount,
    errors: job.errors.map((e) => ({
      sheet: e.sheet,
      row: e.row || null,
      column: e.column,
      value: e.value,
      message: { zh: e.message?.zh ?? "", en: e.message?.en ?? "" },
    })),
    errorCount: job.errorCount,
    steps: job.steps,
    error: job.error || null,
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    committedAt: job.committedAt || null,
    rolledBackAt: job.rolledBackAt || null,
    rolledBackBy: job.rolledBackBy || null,
  };
};

/** `Content-Disposition` for a file name that may hold Chinese (RFC 6266 / 5987). */
const attachment = (name: string) =>
  `attachment; filename="${name.replace(/[^\w.-]+/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function importRoutes({ onboarding }: GatewayDeps) {
  return [
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/imports/template",
      operationId: "getImportTemplate",
      summary: "The go-live template workbook (.xlsx) to fill in",
      tags,
      access: "imports.run",
      params: siteParams,
      query: z.strictObject({ lang }),
      responses: { 200: { description: "The workbook (.xlsx)" } },
      handler: async ({ params, query, caller }) => {
        const file = await onboarding.GetTemplate(
          { siteId: params.siteId, lang: query.lang },
          { caller },
        );
        return {
          status: 200,
          body: null,
          headers: {
            "Content-Disposition": attachment(file.fileName),
            "Cache-Control": "no-store",
          },
          raw: { contentType: XLSX, data: Buffer.from(file.workbook) },
        };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/imports",
      operationId: "validateImport",
      summary: "Upload a filled workbook: dry run, every error named; nothing is written yet",
      tags,
      access: "imports.run",
      params: siteParams,
      query: z.strictObject({
        goLiveDate: civilDate.optional().describe("default: today at the site"),
        fileName: z.string().max(200).optional().describe("the workbook's name, for the record"),
      }),
      upload: {
        contentTypes: [XLSX, "application/octet-stream"],
        maxBytes: MAX_BYTES,
        description: "The filled workbook (.xlsx), at most 20 MB",
      },
      responses: {
        201: {
          description: "The import: validated (commit it) or invalid (with its errors)",
          schema: importSchema,
        },
      },
      handler: async ({ params, query, upload, caller }) => {
        const { import: job } = await onboarding.ValidateImport(
          {
            siteId: params.siteId,
            workbook: upload,
            fileName: query.fileName ?? "",
            goLiveDate: query.goLiveDate ?? "",
          },
          { caller, deadlineMs: 300_000 },
        );
        return { status: 201, body: importOut(job) };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/imports",
      operationId: "listImports",
      summary: "The site's imports, newest first",
      tags,
      access: "imports.run",
      params: siteParams,
      query: pageQuery.extend({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
      responses: { 200: { description: "A page (without errors)", schema: pageOf(importSchema) } },
      handler: async ({ params, query, caller }) => {
        const page = await onboarding.ListImports(
          { siteId: params.siteId, pageSize: query.limit, pageToken: query.cursor ?? "" },
          { caller },
        );
        return {
          status: 200,
          body: { items: page.imports.map(importOut), nextCursor: page.nextPageToken || null },
        };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/imports/{importId}",
      operationId: "getImport",
      summary: "An import: its dry run, its commit's progress, its reconciliation",
      tags,
      access: "imports.run",
      params: importParams,
      responses: { 200: { description: "The import", schema: importSchema } },
      handler: async ({ params, caller }) => ({
        status: 200,
        body: importOut((await onboarding.GetImport(params, { caller })).import),
      }),
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/imports/{importId}/errors.xlsx",
      operationId: "getImportErrorWorkbook",
      summary: "The uploaded workbook with an error column on each row with errors",
      tags,
      access: "imports.run",
      params: importParams,
      query: z.strictObject({ lang }),
      responses: { 200: { description: "The workbook (.xlsx)" } },
      handler: async ({ params, query, caller }) => {
        const file = await onboarding.GetErrorWorkbook(
          { ...params, lang: query.lang },
          { caller, deadlineMs: 300_000 },
        );
        return {
          status: 200,
          body: null,
          headers: {
            "Content-Disposition": attachment(file.fileName),
            "Cache-Control": "no-store",
          },
          raw: { contentType: XLSX, data: Buffer.from(file.workbook) },
        };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/imports/{importId}/commit",
      operationId: "commitImport",
      summary: "Commit a validated import into every owning service, all or nothing",
      description:
        "Answers 202 at once; GET the import for its progress. A failed commit leaves nothing " +
        "behind. Committing again answers the import as it stands.",
      tags,
      access: "imports.run",
      params: importParams,
      idempotency: "optional",
      responses: { 202: { description: "The import, committing", schema: importSchema } },
      handler: async ({ params, caller }) => ({
        status: 202,
        body: importOut(
          (await onboarding.CommitImport({ ...params, wait: false }, { caller })).import,
        ),
      }),
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/imports/{importId}/rollback",
      operationId: "rollBackImport",
      summary: "Roll a committed import back as a whole, while nothing else happened to it",
      description:
        "Every owning service first checks its part (no payment, no billing run, no edit of " +
        "the import's units, customers, leases, bills or deposits since), then removes it: the " +
        "site is as before the import. 409 naming the part and the reason when any part cannot " +
        "go back (nothing removed), or the import is not committed. A rollback stopped midway " +
        "(a service unreachable: 503) leaves the import rolling_back; calling again finishes it.",
      tags,
      access: "imports.run",
      params: importParams,
      idempotency: "optional",
      responses: { 200: { description: "The import, rolled back", schema: importSchema } },
      handler: async ({ params, caller }) => ({
        status: 200,
        body: importOut(
          (await onboarding.RollBackImport(params, { caller, deadlineMs: 300_000 })).import,
        ),
      }),
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/imports/{importId}/first-bills",
      operationId: "getImportFirstBills",
      summary:
        "The first bills (首期账单) of a committed import: billing's dry run, nothing written",
      tags,
      access: "imports.run",
      params: importParams,
      responses: {
        200: {
          description:
            "What the first run through the go-live month will issue for its leases: all counted and summed, the first 10,000 bills listed",
          schema: z.object({
            throughDate: z.string(),
            leases: z.number().describe("The import's leases"),
            leasesPending: z
              .number()
              .describe(
                "Of them, the leases billing has not heard of yet (their activations are on their way, for a few minutes after a large commit): the figures leave them out; final only at 0",
              ),
            leasesBilled: z.number(),
            billCount: z.number(),
            amountMinor: z.number(),
            bills: z.array(
              z.object({
                leaseId: z.string(),
                feeCode: z.string(),
                periodStart: z.string(),
                periodEnd: z.string(),
                issueDate: z.string(),
                dueDate: z.string(),
                amountMinor: z.number(),
              }),
            ),
          }),
        },
      },
      handler: async ({ params, caller }) => ({
        status: 200,
        body: await onboarding.GetFirstBills(params, { caller, deadlineMs: 120_000 }),
      }),
    }),
  ];
}
