import { termsToProto, toProtoEnum } from "@slms/contracts";
import type { LeaseStatus } from "@slms/contracts/leases";
import { DomainError, isDomainError } from "@slms/errors";
import { z } from "zod";
import type { GatewayDeps } from "../deps.ts";
import { route } from "../http/route.ts";
import { pageOf, siteIdParams } from "./assets-schemas.ts";
import {
  amendLeaseBody,
  chargeOut,
  createLeaseBody,
  leaseOut,
  leaseParams,
  leaseSchema,
  listLeasesQuery,
  renewLeaseBody,
  scheduleSchema,
  settlementOut,
  settlementSchema,
  terminateLeaseBody,
  terminationPreviewQuery,
} from "./lease-schemas.ts";

const tags = ["Leases"];

export function leaseRoutes({ leases }: GatewayDeps) {
  return [
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/leases",
      operationId: "listLeases",
      summary: "List a site's leases, newest start first",
      tags,
      access: "leases.read",
      params: siteIdParams,
      query: listLeasesQuery,
      responses: { 200: { description: "A page of leases", schema: pageOf(leaseSchema) } },
      handler: async ({ params, query, caller }) => {
        const page = await leases
          .ListLeases(
            {
              siteId: params.siteId,
              pageSize: query.limit,
              pageToken: query.cursor ?? "",
              status: query.status
                ? toProtoEnum<LeaseStatus>("LEASE_STATUS", query.status)
                : undefined,
              customerId: query.customerId,
              unitId: query.unitId,
              endingBy: query.endingBy,
            },
            { caller },
          )
          .catch(asCursorError);
        return {
          status: 200,
          body: { items: page.leases.map(leaseOut), nextCursor: page.nextPageToken || null },
        };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/leases",
      operationId: "createLease",
      summary: "Create a draft lease",
      description: "Checks the customer, the units and the terms; holds nothing until activated.",
      tags,
      access: "leases.write",
      params: siteIdParams,
      body: createLeaseBody,
      idempotency: "optional",
      responses: { 201: { description: "The draft lease", schema: leaseSchema } },
      handler: async ({ params, body, caller }) => {
        const { terms, ...rest } = body;
        const { lease } = await leases.CreateLease(
          { siteId: params.siteId, ...rest, terms: termsToProto(terms) },
          { caller },
        );
        return { status: 201, body: leaseOut(lease!) };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/leases/{leaseId}",
      operationId: "getLease",
      summary: "Get a lease with every version of its terms",
      tags,
      access: "leases.read",
      params: leaseParams,
      responses: { 200: { description: "The lease", schema: leaseSchema } },
      handler: async ({ params, caller }) => {
        const { lease } = await leases.GetLease(
          { siteId: params.siteId, id: params.leaseId },
          { caller },
        );
        return { status: 200, body: leaseOut(lease!) };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/leases/{leaseId}/activate",
      operationId: "activateLease",
      summary: "Activate a draft: hold its units for its dates",
      description: "409 if a unit is leased to someone else for overlapping dates.",
      tags,
      access: "leases.write",
      params: leaseParams,
      idempotency: "optional",
      responses: { 200: { description: "The active lease", schema: leaseSchema } },
      handler: async ({ params, caller }) => {
        const { lease } = await leases.ActivateLease(
          { siteId: params.siteId, id: params.leaseId },
          { caller },
        );
        return { status: 200, body: leaseOut(lease!) };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/leases/{leaseId}/amend",
      operationId: "amendLease",
      summary: "Amend the terms from a date (earlier days keep theirs)",
      tags,
      access: "leases.write",
      params: leaseParams,
      body: amendLeaseBody,
      idempotency: "optional",
      responses: { 200: { description: "The lease with the new version", schema: leaseSchema } },
      handler: async ({ params, body, caller }) => {
        const { lease } = await leases.AmendLease(
          {
            siteId: params.siteId,
            id: params.leaseId,
            effectiveFrom: body.effectiveFrom,
            reason: body.reason,
            terms: termsToProto(body.terms),
          },
          { caller },
        );
        return { status: 200, body: leaseOut(lease!) };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/leases/{leaseId}/renew",
      operationId: "renewLease",
      summary: "Renew: a linked successor lease from the day after this one ends, active",
      tags,
      access: "leases.write",
      params: leaseParams,
      body: renewLeaseBody,
      idempotency: "optional",
      responses: { 201: { description: "The successor lease", schema: leaseSchema } },
      handler: async ({ params, body, caller }) => {
        const { lease } = await leases.RenewLease(
          {
            siteId: params.siteId,
            id: params.leaseId,
            endDate: body.endDate,
            reference: body.reference ?? "",
            terms: body.terms ? termsToProto(body.terms) : null,
          },
          { caller },
        );
        return { status: 201, body: leaseOut(lease!) };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/leases/{leaseId}/terminate",
      operationId: "terminateLease",
      summary: "Terminate early: penalty, settlement, units released from the next day",
      tags,
      access: "leases.terminate",
      params: leaseParams,
      body: terminateLeaseBody,
      idempotency: "optional",
      responses: {
        200: {
          description: "The terminated lease and its settlement",
          schema: z.object({ lease: leaseSchema, settlement: settlementSchema }),
        },
      },
      handler: async ({ params, body, caller }) => {
        const result = await leases.TerminateLease(
          {
            siteId: params.siteId,
            id: params.leaseId,
            terminationDate: body.terminationDate,
            reason: body.reason,
          },
          { caller },
        );
        return {
          status: 200,
          body: { lease: leaseOut(result.lease!), settlement: settlementOut(result.settlement!) },
        };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/leases/{leaseId}/termination-preview",
      operationId: "previewTermination",
      summary: "What terminating on a date would settle (changes nothing)",
      tags,
      access: "leases.read",
      params: leaseParams,
      query: terminationPreviewQuery,
      serviceFields: { terminationDate: "date" },
      responses: { 200: { description: "The settlement", schema: settlementSchema } },
      handler: async ({ params, query, caller }) => {
        const { settlement } = await leases.PreviewTermination(
          { siteId: params.siteId, id: params.leaseId, terminationDate: query.date },
          { caller },
        );
        return { status: 200, body: settlementOut(settlement!) };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/leases/{leaseId}/schedule",
      operationId: "getLeaseSchedule",
      summary: "The periods and amounts the lease bills",
      tags,
      access: "leases.read",
      params: leaseParams,
      responses: { 200: { description: "Schedule lines by period", schema: scheduleSchema } },
      handler: async ({ params, caller }) => {
        const { charges } = await leases.GetLeaseSchedule(
          { siteId: params.siteId, id: params.leaseId },
          { caller },
        );
        return { status: 200, body: { items: charges.map(chargeOut) } };
      },
    }),
  ];
}

/** The service names the page token `pageToken`; REST clients send it as `cursor`. */
function asCursorError(error: unknown): never {
  if (!isDomainError(error)) throw error;
  throw new DomainError(
    error.kind,
    error.message,
    error.details.map((d) => (d.field === "pageToken" ? { ...d, field: "cursor" } : d)),
  );
}
