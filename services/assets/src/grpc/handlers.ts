import type { AssetsServiceDefinition } from "@slms/contracts/assets";
import { type CallContext, requireCaller, type UnaryHandlers } from "@slms/grpc";
import type { AssetsDeps } from "../deps.ts";
import { changeUnitStatus } from "../use-cases/change-unit-status.ts";
import { createBuilding } from "../use-cases/create-building.ts";
import { createOrganisation } from "../use-cases/create-organisation.ts";
import { createSite } from "../use-cases/create-site.ts";
import { createUnit } from "../use-cases/create-unit.ts";
import { discardImport } from "../use-cases/discard-import.ts";
import { getOrganisation } from "../use-cases/get-organisation.ts";
import { getSite } from "../use-cases/get-site.ts";
import { getUnit } from "../use-cases/get-unit.ts";
import { holdUnits } from "../use-cases/hold-units.ts";
import { importUnitHolds } from "../use-cases/import-unit-holds.ts";
import { importUnits } from "../use-cases/import-units.ts";
import { listBuildings } from "../use-cases/list-buildings.ts";
import { listSites } from "../use-cases/list-sites.ts";
import { listUnitHolds } from "../use-cases/list-unit-holds.ts";
import { listUnitStatusHistory } from "../use-cases/list-unit-status-history.ts";
import { listUnits } from "../use-cases/list-units.ts";
import { releaseImport } from "../use-cases/release-import.ts";
import { releaseUnits } from "../use-cases/release-units.ts";
import { rollBackImport } from "../use-cases/roll-back-import.ts";
import { syncUnitStatuses } from "../use-cases/sync-unit-statuses.ts";
import { updateSite } from "../use-cases/update-site.ts";
import { updateUnit } from "../use-cases/update-unit.ts";
import {
  siteKindIn,
  toBuilding,
  toHold,
  toOrganisation,
  toSite,
  toStatusChange,
  toUnit,
  unitKindIn,
  unitStatusIn,
} from "./mappers.ts";

const caller = (context: CallContext) => requireCaller(context.caller);
/** Proto3 has no "unset" for plain strings: empty means absent. */
const present = (value: string | undefined) => (value ? value : undefined);
const filter = (value: string | undefined) => (value?.endsWith("_UNSPECIFIED") ? undefined : value);

/** gRPC ⇄ use-cases. Only mapping here; rules live in the use-cases and domain. */
export function assetsHandlers(deps: AssetsDeps): UnaryHandlers<AssetsServiceDefinition> {
  return {
    CreateOrganisation: async (req, ctx) => ({
      organisation: toOrganisation(await createOrganisation(deps, caller(ctx), req)),
    }),
    GetOrganisation: async (req, ctx) => ({
      organisation: toOrganisation(
        await getOrganisation(deps, caller(ctx), { id: req.id, code: req.code }),
      ),
    }),
    CreateSite: async (req, ctx) => ({
      site: toSite(
        await createSite(deps, caller(ctx), {
          code: req.code,
          name: req.name,
          kind: siteKindIn(req.kind),
          timeZone: req.timeZone,
          currency: req.currencyCode,
          address: req.address,
        }),
      ),
    }),
    GetSite: async (req, ctx) => ({ site: toSite(await getSite(deps, caller(ctx), req.id)) }),
    ListSites: async (req, ctx) => {
      const page = await listSites(deps, caller(ctx), {
        pageSize: req.pageSize,
        pageToken: present(req.pageToken),
        updatedSince: present(req.updatedSince),
      });
      return { sites: page.items.map(toSite), nextPageToken: page.nextPageToken ?? "" };
    },
    UpdateSite: async (req, ctx) => ({
      site: toSite(
        await updateSite(deps, caller(ctx), req.id, {
          name: req.name,
          kind: siteKindIn(req.kind),
          timeZone: req.timeZone,
          address: req.address,
        }),
      ),
    }),
    CreateBuilding: async (req, ctx) => ({
      building: toBuilding(
        await createBuilding(deps, caller(ctx), req.siteId, {
          code: req.code,
          name: req.name,
          floors: req.floors,
        }),
      ),
    }),
    ListBuildings: async (req, ctx) => ({
      buildings: (await listBuildings(deps, caller(ctx), req.siteId)).map(toBuilding),
    }),
    CreateUnit: async (req, ctx) => ({
      unit: toUnit(
        await createUnit(deps, caller(ctx), req.siteId, {
          buildingId: present(req.buildingId),
          code: req.code,
          name: req.name,
          kind: unitKindIn(req.kind),
          floor: req.floor,
          grossAreaM2: req.grossAreaM2,
          usableAreaM2: present(req.usableAreaM2),
          listRentMonthlyMinor: req.listRentMonthlyMinor,
        }),
      ),
    }),
    GetUnit: async (req, ctx) => ({
      unit: toUnit(await getUnit(deps, caller(ctx), req.siteId, req.id)),
    }),
    ListUnits: async (req, ctx) => {
      const page = await listUnits(deps, caller(ctx), req.siteId, {
        pageSize: req.pageSize,
        pageToken: present(req.pageToken),
        kind: unitKindIn(filter(req.kind)),
        status: unitStatusIn(filter(req.status)),
        buildingId: present(req.buildingId),
        query: present(req.query),
        ids: req.ids,
        updatedSince: present(req.updatedSince),
      });
      return { units: page.items.map(toUnit), nextPageToken: page.nextPageToken ?? "" };
    },
    UpdateUnit: async (req, ctx) => ({
      unit: toUnit(
        await updateUnit(deps, caller(ctx), req.siteId, req.id, {
          name: req.name,
          kind: unitKindIn(req.kind),
          floor: req.floor,
          grossAreaM2: req.grossAreaM2,
          usableAreaM2: req.usableAreaM2,
          listRentMonthlyMinor: req.listRentMonthlyMinor,
          buildingId: req.buildingId,
        }),
      ),
    }),
    ChangeUnitStatus: async (req, ctx) => ({
      unit: toUnit(
        await changeUnitStatus(deps, caller(ctx), req.siteId, req.id, {
          status: unitStatusIn(req.status),
          reason: req.reason,
        }),
      ),
    }),
    HoldUnits: async (req, ctx) => ({
      holds: (
        await holdUnits(deps, caller(ctx), req.siteId, {
          leaseId: req.leaseId,
          unitIds: req.unitIds,
          fromDate: req.fromDate,
          toDate: req.toDate,
        })
      ).map(toHold),
    }),
    ReleaseUnits: async (req, ctx) => ({
      holds: (
        await releaseUnits(deps, caller(ctx), req.siteId, {
          leaseId: req.leaseId,
          releaseFrom: req.releaseFrom,
        })
      ).map(toHold),
    }),
    ListUnitHolds: async (req, ctx) => ({
      holds: (await listUnitHolds(deps, caller(ctx), req.siteId, req.unitId)).map(toHold),
    }),
    SyncUnitStatuses: async (req, ctx) => ({
      changed: await syncUnitStatuses(deps, caller(ctx), present(req.siteId)),
    }),
    ListUnitStatusHistory: async (req, ctx) => ({
      changes: (await listUnitStatusHistory(deps, caller(ctx), req.siteId, req.id)).map(
        toStatusChange,
      ),
    }),
    ImportUnits: async (req, ctx) => ({
      units: await importUnits(deps, caller(ctx), req.siteId, {
        batchId: req.batchId,
        units: req.units.map((u) => ({
          key: u.key,
          buildingCode: present(u.buildingCode),
          buildingName: present(u.buildingName),
          code: u.code,
          name: u.name,
          kind: unitKindIn(u.kind),
          floor: u.floor,
          grossAreaM2: u.grossAreaM2,
          usableAreaM2: present(u.usableAreaM2),
          listRentMonthlyMinor: u.listRentMonthlyMinor,
          status: unitStatusIn(filter(u.status)),
        })),
      }),
    }),
    ImportUnitHolds: async (req, ctx) => ({
      holds: await importUnitHolds(deps, caller(ctx), req.siteId, {
        batchId: req.batchId,
        holds: req.holds.map((h) => ({
          key: h.key,
          leaseId: h.leaseId,
          unitIds: h.unitIds,
          fromDate: h.fromDate,
          toDate: h.toDate,
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
      }),
    }),
  };
}
