import { fromProtoEnum } from "@slms/contracts";
import type { LeaseServiceDefinition } from "@slms/contracts/leases";
import { type CallContext, requireCaller, type UnaryHandlers } from "@slms/grpc";
import type { ContractsDeps } from "../deps.ts";
import { activateLease } from "../use-cases/activate-lease.ts";
import { amendLease } from "../use-cases/amend-lease.ts";
import { createLease } from "../use-cases/create-lease.ts";
import { discardImport } from "../use-cases/discard-import.ts";
import { findLeaseInText } from "../use-cases/find-lease-in-text.ts";
import { getLease } from "../use-cases/get-lease.ts";
import { getLeaseSchedule } from "../use-cases/get-lease-schedule.ts";
import { importLeases } from "../use-cases/import-leases.ts";
import { listLeases } from "../use-cases/list-leases.ts";
import { previewTermination } from "../use-cases/preview-termination.ts";
import { releaseImport } from "../use-cases/release-import.ts";
import { renewLease } from "../use-cases/renew-lease.ts";
import { rollBackImport } from "../use-cases/roll-back-import.ts";
import { terminateLease } from "../use-cases/terminate-lease.ts";
import { termsIn, toCharge, toLease, toSettlement } from "./mappers.ts";

const caller = (context: CallContext) => requireCaller(context.caller);
const present = (value: string | undefined) => (value ? value : undefined);
const statuses = ["draft", "active", "expired", "terminated"] as const;

/** gRPC ⇄ use-cases. Only mapping here. */
export function leaseHandlers(deps: ContractsDeps): UnaryHandlers<LeaseServiceDefinition> {
  return {
    CreateLease: async (req, ctx) => ({
      lease: toLease(
        await createLease(deps, caller(ctx), req.siteId, {
          reference: req.reference,
          customerId: req.customerId,
          unitIds: req.unitIds,
          startDate: req.startDate,
          endDate: req.endDate,
          terms: termsIn(req.terms),
        }),
      ),
    }),
    GetLease: async (req, ctx) => ({
      lease: toLease(await getLease(deps, caller(ctx), req.siteId, req.id)),
    }),
    FindLeaseInText: async (req, ctx) => {
      const lease = await findLeaseInText(deps, caller(ctx), {
        siteId: req.siteId,
        text: req.text,
      });
      return { lease: lease ? toLease(lease) : undefined };
    },
    ListLeases: async (req, ctx) => {
      const status =
        req.status && req.status !== "LEASE_STATUS_UNSPECIFIED" ? req.status : undefined;
      const page = await listLeases(deps, caller(ctx), req.siteId, {
        pageSize: req.pageSize,
        pageToken: present(req.pageToken),
        status: status ? (fromProtoEnum("LEASE_STATUS", status, statuses) ?? undefined) : undefined,
        customerId: present(req.customerId),
        unitId: present(req.unitId),
        endingBy: present(req.endingBy),
        updatedSince: present(req.updatedSince),
      });
      return { leases: page.items.map(toLease), nextPageToken: page.nextPageToken ?? "" };
    },
    ActivateLease: async (req, ctx) => ({
      lease: toLease(await activateLease(deps, caller(ctx), req.siteId, req.id)),
    }),
    AmendLease: async (req, ctx) => ({
      lease: toLease(
        await amendLease(deps, caller(ctx), req.siteId, req.id, {
          effectiveFrom: req.effectiveFrom,
          reason: req.reason,
          terms: termsIn(req.terms),
        }),
      ),
    }),
    RenewLease: async (req, ctx) => ({
      lease: toLease(
        await renewLease(deps, caller(ctx), req.siteId, req.id, {
          endDate: req.endDate,
          reference: present(req.reference),
          terms: req.terms ? termsIn(req.terms) : undefined,
        }),
      ),
    }),
    TerminateLease: async (req, ctx) => {
      const result = await terminateLease(deps, caller(ctx), req.siteId, req.id, {
        terminationDate: req.terminationDate,
        reason: req.reason,
      });
      return { lease: toLease(result.lease), settlement: toSettlement(result.settlement) };
    },
    PreviewTermination: async (req, ctx) => ({
      settlement: toSettlement(
        await previewTermination(deps, caller(ctx), req.siteId, req.id, {
          terminationDate: req.terminationDate,
        }),
      ),
    }),
    GetLeaseSchedule: async (req, ctx) => ({
      charges: (await getLeaseSchedule(deps, caller(ctx), req.siteId, req.id)).map(toCharge),
    }),
    ImportLeases: async (req, ctx) => ({
      leases: await importLeases(deps, caller(ctx), req.siteId, {
        batchId: req.batchId,
        leases: req.leases.map((row) => ({
          key: row.key,
          reference: row.reference,
          customerId: row.customerId,
          unitIds: row.unitIds,
          startDate: row.startDate,
          endDate: row.endDate,
          billingStartsOn: present(row.billingStartsOn) ?? null,
          terms: termsIn(row.terms),
        })),
      }),
    }),
    ReleaseImport: async (req, ctx) => ({
      state: await releaseImport(deps, caller(ctx), req.siteId, { batchId: req.batchId }),
    }),
    DiscardImport: async (req, ctx) => ({
      state: await discardImport(deps, caller(ctx), req.siteId, { batchId: req.batchId }),
    }),
    RollBackImport: async (req, ctx) => ({
      state: await rollBackImport(deps, caller(ctx), req.siteId, {
        batchId: req.batchId,
        checkOnly: req.checkOnly,
        customerIds: req.customerIds,
        unitIds: req.unitIds,
      }),
    }),
  };
}
