import type { OnboardingServiceDefinition } from "@slms/contracts/onboarding";
import { type CallContext, requireCaller, type UnaryHandlers } from "@slms/grpc";
import type { OnboardingDeps } from "../deps.ts";
import { commitImport } from "../use-cases/commit-import.ts";
import { getErrorWorkbook } from "../use-cases/get-error-workbook.ts";
import { getFirstBills } from "../use-cases/get-first-bills.ts";
import { getImport } from "../use-cases/get-import.ts";
import { getTemplate } from "../use-cases/get-template.ts";
import { listImports } from "../use-cases/list-imports.ts";
import { rollBackImport } from "../use-cases/roll-back-import.ts";
import { validateImport } from "../use-cases/validate-import.ts";
import { toImport } from "./mappers.ts";

const caller = (context: CallContext) => requireCaller(context.caller);
const present = (value: string | undefined) => (value ? value : undefined);

/** gRPC ⇄ use-cases. Only mapping here. */
export function onboardingHandlers(
  deps: OnboardingDeps,
): UnaryHandlers<OnboardingServiceDefinition> {
  return {
    GetTemplate: async (req, ctx) =>
      getTemplate(deps, caller(ctx), { siteId: req.siteId, lang: req.lang as "zh" }),
    ValidateImport: async (req, ctx) => ({
      import: toImport(
        await validateImport(deps, caller(ctx), {
          siteId: req.siteId,
          workbook: req.workbook,
          fileName: req.fileName,
          goLiveDate: req.goLiveDate,
        }),
      ),
    }),
    GetErrorWorkbook: async (req, ctx) =>
      getErrorWorkbook(deps, caller(ctx), {
        siteId: req.siteId,
        importId: req.importId,
        lang: req.lang as "zh",
      }),
    CommitImport: async (req, ctx) => ({
      import: toImport(
        await commitImport(deps, caller(ctx), {
          siteId: req.siteId,
          importId: req.importId,
          wait: req.wait,
        }),
      ),
    }),
    GetImport: async (req, ctx) => ({
      import: toImport(await getImport(deps, caller(ctx), req.siteId, req.importId)),
    }),
    ListImports: async (req, ctx) => {
      const page = await listImports(deps, caller(ctx), {
        siteId: req.siteId,
        pageSize: req.pageSize,
        pageToken: present(req.pageToken),
      });
      return {
        imports: page.imports.map((job) => toImport(job, false)),
        nextPageToken: page.nextPageToken ?? "",
      };
    },
    RollBackImport: async (req, ctx) => ({
      import: toImport(
        await rollBackImport(deps, caller(ctx), { siteId: req.siteId, importId: req.importId }),
      ),
    }),
    GetFirstBills: async (req, ctx) =>
      getFirstBills(deps, caller(ctx), { siteId: req.siteId, importId: req.importId }),
  };
}
