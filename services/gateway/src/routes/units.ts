import { toProtoEnum } from "@slms/contracts";
import type { UnitKind, UnitStatus } from "@slms/contracts/assets";
import type { GatewayDeps } from "../deps.ts";
import { route } from "../http/route.ts";
import {
  changeStatusBody,
  createUnitBody,
  listUnitsQuery,
  pageOf,
  siteIdParams,
  statusChangeOut,
  statusChangeSchema,
  unitOut,
  unitParams,
  unitSchema,
  updateUnitBody,
} from "./assets-schemas.ts";

const tags = ["Units"];
const kindOf = (kind: string) => toProtoEnum<UnitKind>("UNIT_KIND", kind);
const statusOf = (status: string) => toProtoEnum<UnitStatus>("UNIT_STATUS", status);

export function unitRoutes({ assets }: GatewayDeps) {
  return [
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/units",
      operationId: "listUnits",
      summary: "List a site's units",
      tags,
      access: "units.read",
      params: siteIdParams,
      query: listUnitsQuery,
      responses: { 200: { description: "A page of units, by code", schema: pageOf(unitSchema) } },
      handler: async ({ params, query, caller }) => {
        const page = await assets.ListUnits(
          {
            siteId: params.siteId,
            pageSize: query.limit,
            pageToken: query.cursor ?? "",
            kind: query.kind ? kindOf(query.kind) : undefined,
            status: query.status ? statusOf(query.status) : undefined,
            buildingId: query.buildingId,
            query: query.q,
          },
          { caller },
        );
        return {
          status: 200,
          body: { items: page.units.map(unitOut), nextCursor: page.nextPageToken || null },
        };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/units",
      operationId: "createUnit",
      summary: "Create a unit; it starts vacant",
      tags,
      access: "units.write",
      params: siteIdParams,
      body: createUnitBody,
      idempotency: "optional",
      responses: { 201: { description: "The new unit", schema: unitSchema } },
      handler: async ({ params, body, caller }) => {
        const { unit } = await assets.CreateUnit(
          {
            siteId: params.siteId,
            buildingId: body.buildingId ?? "",
            code: body.code,
            name: body.name,
            kind: kindOf(body.kind),
            floor: body.floor ?? "",
            grossAreaM2: String(body.grossAreaM2),
            usableAreaM2: body.usableAreaM2 === undefined ? "" : String(body.usableAreaM2),
            listRentMonthlyMinor: body.listRentMonthlyMinor,
          },
          { caller },
        );
        return { status: 201, body: unitOut(unit!) };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/units/{unitId}",
      operationId: "getUnit",
      summary: "Get a unit",
      tags,
      access: "units.read",
      params: unitParams,
      responses: { 200: { description: "The unit", schema: unitSchema } },
      handler: async ({ params, caller }) => {
        const { unit } = await assets.GetUnit(
          { siteId: params.siteId, id: params.unitId },
          { caller },
        );
        return { status: 200, body: unitOut(unit!) };
      },
    }),
    route({
      method: "patch",
      path: "/api/v1/sites/{siteId}/units/{unitId}",
      operationId: "updateUnit",
      summary: "Change a unit's descriptive fields",
      description: "Code and status are not changed here; status has its own audited operation.",
      tags,
      access: "units.write",
      params: unitParams,
      body: updateUnitBody,
      responses: { 200: { description: "The updated unit", schema: unitSchema } },
      handler: async ({ params, body, caller }) => {
        const { unit } = await assets.UpdateUnit(
          {
            siteId: params.siteId,
            id: params.unitId,
            name: body.name,
            kind: body.kind ? kindOf(body.kind) : undefined,
            floor: body.floor,
            grossAreaM2: body.grossAreaM2 === undefined ? undefined : String(body.grossAreaM2),
            usableAreaM2: body.usableAreaM2 === undefined ? undefined : String(body.usableAreaM2),
            listRentMonthlyMinor: body.listRentMonthlyMinor,
            buildingId: body.buildingId === undefined ? undefined : (body.buildingId ?? ""),
          },
          { caller },
        );
        return { status: 200, body: unitOut(unit!) };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/units/{unitId}/status",
      operationId: "changeUnitStatus",
      summary: "Move a unit to another status, saying why",
      tags,
      access: "units.status",
      params: unitParams,
      body: changeStatusBody,
      idempotency: "optional",
      responses: { 200: { description: "The unit in its new status", schema: unitSchema } },
      handler: async ({ params, body, caller }) => {
        const { unit } = await assets.ChangeUnitStatus(
          {
            siteId: params.siteId,
            id: params.unitId,
            status: statusOf(body.status),
            reason: body.reason,
          },
          { caller },
        );
        return { status: 200, body: unitOut(unit!) };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/units/{unitId}/status-history",
      operationId: "listUnitStatusHistory",
      summary: "A unit's status history, newest first",
      tags,
      access: "units.read",
      params: unitParams,
      responses: { 200: { description: "Status changes", schema: pageOf(statusChangeSchema) } },
      handler: async ({ params, caller }) => {
        const { changes } = await assets.ListUnitStatusHistory(
          { siteId: params.siteId, id: params.unitId },
          { caller },
        );
        return { status: 200, body: { items: changes.map(statusChangeOut), nextCursor: null } };
      },
    }),
  ];
}
