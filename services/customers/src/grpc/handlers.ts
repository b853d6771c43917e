import type { CustomersServiceDefinition } from "@slms/contracts/customers";
import { invalid } from "@slms/errors";
import { type CallContext, requireCaller, type UnaryHandlers } from "@slms/grpc";
import type { CustomersDeps } from "../deps.ts";
import { createCustomer } from "../use-cases/create-customer.ts";
import { discardImport } from "../use-cases/discard-import.ts";
import { findCustomersByIdNumber } from "../use-cases/find-customers-by-id-number.ts";
import { getCustomer } from "../use-cases/get-customer.ts";
import { importCustomers } from "../use-cases/import-customers.ts";
import { listCustomers } from "../use-cases/list-customers.ts";
import { releaseImport } from "../use-cases/release-import.ts";
import { rollBackImport } from "../use-cases/roll-back-import.ts";
import { updateCustomer } from "../use-cases/update-customer.ts";
import { customerKindIn, idDocumentTypeIn, toCustomer } from "./mappers.ts";

const caller = (context: CallContext) => requireCaller(context.caller);
/** Proto3 has no "unset" for plain strings: empty means absent. */
const present = (value: string | undefined) => (value ? value : undefined);
const filter = (value: string | undefined) => (value?.endsWith("_UNSPECIFIED") ? undefined : value);

/**
 * A repeated field of an update: replaced only when its `replace_…` flag is set (proto3 cannot
 * tell an empty list from an absent one). Values without the flag are refused, not ignored.
 */
function listUpdate(values: string[], replace: boolean, field: string, flag: string) {
  if (replace) return values;
  if (values.length > 0) {
    throw invalid("invalid customer", [{ field, message: `is set without ${flag}` }]);
  }
  return undefined;
}

/** gRPC ⇄ use-cases. Only mapping here; rules live in the use-cases and domain. */
export function customersHandlers(deps: CustomersDeps): UnaryHandlers<CustomersServiceDefinition> {
  return {
    CreateCustomer: async (req, ctx) => ({
      customer: toCustomer(
        await createCustomer(deps, caller(ctx), req.siteId, {
          kind: customerKindIn(req.kind),
          name: req.name,
          idDocumentType: idDocumentTypeIn(req.idDocumentType),
          idNumber: req.idNumber,
          phones: req.phones,
          email: req.email,
          emergencyContact: req.emergencyContact ?? undefined,
          tags: req.tags,
          consentSms: req.consentSms,
          consentEmail: req.consentEmail,
        }),
      ),
    }),
    GetCustomer: async (req, ctx) => ({
      customer: toCustomer(await getCustomer(deps, caller(ctx), req.siteId, req.id)),
    }),
    ListCustomers: async (req, ctx) => {
      const page = await listCustomers(deps, caller(ctx), req.siteId, {
        pageSize: req.pageSize,
        pageToken: present(req.pageToken),
        query: present(req.query),
        kind: customerKindIn(filter(req.kind)),
        tag: present(req.tag),
        partyId: present(req.partyId),
        ids: req.ids,
        updatedSince: present(req.updatedSince),
      });
      return { customers: page.items.map(toCustomer), nextPageToken: page.nextPageToken ?? "" };
    },
    UpdateCustomer: async (req, ctx) => ({
      customer: toCustomer(
        await updateCustomer(deps, caller(ctx), req.siteId, req.id, {
          name: req.name,
          idDocumentType: idDocumentTypeIn(req.idDocumentType),
          idNumber: req.idNumber,
          phones: listUpdate(req.phones, req.replacePhones, "phones", "replacePhones"),
          email: req.email,
          emergencyContact: req.emergencyContact ?? undefined,
          tags: listUpdate(req.tags, req.replaceTags, "tags", "replaceTags"),
          consentSms: req.consentSms,
          consentEmail: req.consentEmail,
        }),
      ),
    }),
    ImportCustomers: async (req, ctx) => ({
      customers: await importCustomers(deps, caller(ctx), req.siteId, {
        batchId: req.batchId,
        customers: req.customers.map((c) => ({
          key: c.key,
          kind: customerKindIn(c.kind),
          name: c.name,
          idDocumentType: idDocumentTypeIn(c.idDocumentType),
          idNumber: c.idNumber,
          phones: c.phones,
          email: c.email,
          emergencyContact: c.emergencyContact ?? undefined,
          tags: c.tags,
          consentSms: c.consentSms,
          consentEmail: c.consentEmail,
        })),
      }),
    }),
    FindCustomersByIdNumber: async (req, ctx) => ({
      customers: await findCustomersByIdNumber(deps, caller(ctx), req.siteId, {
        idNumbers: req.idNumbers,
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
