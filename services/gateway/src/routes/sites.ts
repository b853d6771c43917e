import { toProtoEnum } from "@slms/contracts";
import type { SiteKind } from "@slms/contracts/assets";
import type { GatewayDeps } from "../deps.ts";
import { route } from "../http/route.ts";
import {
  buildingOut,
  buildingSchema,
  createBuildingBody,
  createSiteBody,
  pageOf,
  pageQuery,
  siteIdParams,
  siteOut,
  siteSchema,
  updateSiteBody,
} from "./assets-schemas.ts";

const tags = ["Sites"];

export function siteRoutes({ assets }: GatewayDeps) {
  return [
    route({
      method: "get",
      path: "/api/v1/sites",
      operationId: "listSites",
      summary: "List the sites you can see",
      tags,
      access: "sites.read",
      query: pageQuery,
      responses: { 200: { description: "A page of sites, by code", schema: pageOf(siteSchema) } },
      handler: async ({ query, caller }) => {
        const page = await assets.ListSites(
          { pageSize: query.limit, pageToken: query.cursor ?? "" },
          { caller },
        );
        return {
          status: 200,
          body: { items: page.sites.map(siteOut), nextCursor: page.nextPageToken || null },
        };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites",
      operationId: "createSite",
      summary: "Create a site (HQ admin)",
      tags,
      access: "sites.create",
      body: createSiteBody,
      idempotency: "optional",
      responses: { 201: { description: "The new site", schema: siteSchema } },
      handler: async ({ body, caller }) => {
        const { site } = await assets.CreateSite(
          {
            code: body.code,
            name: body.name,
            kind: toProtoEnum<SiteKind>("SITE_KIND", body.kind),
            timeZone: body.timeZone,
            currencyCode: body.currency,
            address: body.address ?? "",
          },
          { caller },
        );
        return { status: 201, body: siteOut(site!) };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}",
      operationId: "getSite",
      summary: "Get a site",
      tags,
      access: "sites.read",
      params: siteIdParams,
      responses: { 200: { description: "The site", schema: siteSchema } },
      handler: async ({ params, caller }) => {
        const { site } = await assets.GetSite({ id: params.siteId }, { caller });
        return { status: 200, body: siteOut(site!) };
      },
    }),
    route({
      method: "patch",
      path: "/api/v1/sites/{siteId}",
      operationId: "updateSite",
      summary: "Change a site's name, kind, time zone or address",
      description: "The currency cannot change once amounts exist in it.",
      tags,
      access: "sites.update",
      params: siteIdParams,
      body: updateSiteBody,
      responses: { 200: { description: "The updated site", schema: siteSchema } },
      handler: async ({ params, body, caller }) => {
        const { site } = await assets.UpdateSite(
          {
            id: params.siteId,
            name: body.name,
            kind: body.kind ? toProtoEnum<SiteKind>("SITE_KIND", body.kind) : undefined,
            timeZone: body.timeZone,
            address: body.address,
          },
          { caller },
        );
        return { status: 200, body: siteOut(site!) };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/buildings",
      operationId: "listBuildings",
      summary: "List a site's buildings",
      tags,
      access: "sites.read",
      params: siteIdParams,
      responses: { 200: { description: "Buildings by code", schema: pageOf(buildingSchema) } },
      handler: async ({ params, caller }) => {
        const { buildings } = await assets.ListBuildings({ siteId: params.siteId }, { caller });
        return { status: 200, body: { items: buildings.map(buildingOut), nextCursor: null } };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/buildings",
      operationId: "createBuilding",
      summary: "Add a building to a site",
      tags,
      access: "sites.update",
      params: siteIdParams,
      body: createBuildingBody,
      idempotency: "optional",
      responses: { 201: { description: "The new building", schema: buildingSchema } },
      handler: async ({ params, body, caller }) => {
        const { building } = await assets.CreateBuilding(
          { siteId: params.siteId, code: body.code, name: body.name, floors: body.floors ?? 0 },
          { caller },
        );
        return { status: 201, body: buildingOut(building!) };
      },
    }),
  ];
}
