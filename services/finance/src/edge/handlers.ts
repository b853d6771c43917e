import type { MethodDefinition } from "@grpc/proto-loader";
import type { FinanceServiceDefinition } from "@slms/contracts/finance";
import type { FinanceDeps } from "../deps.ts";
import type { EdgeClient } from "../domain/edge-caller.ts";
import { getTrialBalance } from "../use-cases/get-trial-balance.ts";
import { listCustomers } from "../use-cases/list-customers.ts";
import { listLeases } from "../use-cases/list-leases.ts";
import { listSites } from "../use-cases/list-sites.ts";
import { listUnits } from "../use-cases/list-units.ts";
import { postBankLines } from "../use-cases/post-bank-lines.ts";
import { readChanges } from "../use-cases/read-changes.ts";

/** Handlers of the public service: the request and the authenticated client (never metadata). */
export type EdgeHandlers<D> = {
  [K in keyof D as string extends K ? never : K]: D[K] extends MethodDefinition<
    infer _RequestIn,
    infer ResponseIn,
    infer RequestOut,
    infer _ResponseOut
  >
    ? (request: RequestOut, client: EdgeClient) => Promise<ResponseIn>
    : never;
};

/** Public `FinanceService` ⇄ use-cases. Only mapping here. */
export function financeHandlers(deps: FinanceDeps): EdgeHandlers<FinanceServiceDefinition> {
  return {
    ListSites: (req, client) =>
      listSites(deps, client, {
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        updatedSince: req.updatedSince,
      }),
    ListUnits: (req, client) =>
      listUnits(deps, client, {
        siteId: req.siteId,
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        updatedSince: req.updatedSince,
      }),
    ListCustomers: (req, client) =>
      listCustomers(deps, client, {
        siteId: req.siteId,
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        updatedSince: req.updatedSince,
      }),
    ListLeases: (req, client) =>
      listLeases(deps, client, {
        siteId: req.siteId,
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        updatedSince: req.updatedSince,
      }),
    ReadChanges: (req, client) =>
      readChanges(deps, client, {
        cursor: req.cursor,
        pageSize: req.pageSize,
        siteId: req.siteId,
      }),
    GetTrialBalance: (req, client) =>
      getTrialBalance(deps, client, {
        siteId: req.siteId,
        fromDate: req.fromDate,
        toDate: req.toDate,
      }),
    PostBankLines: async (req, client) => ({
      results: await postBankLines(deps, client, {
        siteId: req.siteId,
        lines: req.lines.map((line) => ({
          lineId: line.lineId,
          amount: line.amount,
          valueDate: line.valueDate,
          payerName: line.payerName,
          payerAccount: line.payerAccount,
          reference: line.reference,
        })),
      }),
    }),
  };
}
