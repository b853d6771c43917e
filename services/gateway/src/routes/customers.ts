import { toProtoEnum } from "@slms/contracts";
import type { CustomerKind, IdDocumentType } from "@slms/contracts/customers";
import type { GatewayDeps } from "../deps.ts";
import { route } from "../http/route.ts";
import { pageOf, siteIdParams } from "./assets-schemas.ts";
import {
  createCustomerBody,
  customerOut,
  customerParams,
  customerSchema,
  listCustomersQuery,
  updateCustomerBody,
} from "./customer-schemas.ts";

const tags = ["Customers"];
const kindOf = (kind: string) => toProtoEnum<CustomerKind>("CUSTOMER_KIND", kind);
const documentOf = (type: string) => toProtoEnum<IdDocumentType>("ID_DOCUMENT_TYPE", type);

export function customerRoutes({ customers, assets }: GatewayDeps) {
  return [
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/customers",
      operationId: "listCustomers",
      summary: "List or search a site's customers",
      tags,
      access: "customers.read",
      params: siteIdParams,
      query: listCustomersQuery,
      responses: {
        200: { description: "A page of customers, by name", schema: pageOf(customerSchema) },
      },
      handler: async ({ params, query, caller }) => {
        const page = await customers.ListCustomers(
          {
            siteId: params.siteId,
            pageSize: query.limit,
            pageToken: query.cursor ?? "",
            query: query.q,
            kind: query.kind ? kindOf(query.kind) : undefined,
            tag: query.tag,
            partyId: query.partyId,
          },
          { caller },
        );
        return {
          status: 200,
          body: { items: page.customers.map(customerOut), nextCursor: page.nextPageToken || null },
        };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/sites/{siteId}/customers",
      operationId: "createCustomer",
      summary: "Register a person or company",
      description:
        "Each site keeps its own record of a person or company. An ID number already registered " +
        "at this site is a 409 naming that customer; the same number at another site is " +
        "registered as this site's record, with the same partyId.",
      tags,
      access: "customers.write",
      params: siteIdParams,
      body: createCustomerBody,
      idempotency: "optional",
      responses: { 201: { description: "The new customer", schema: customerSchema } },
      handler: async ({ params, body, caller }) => {
        // Sites belong to the assets service: an HQ caller may name any id, so check it exists.
        await assets.GetSite({ id: params.siteId }, { caller });
        const { customer } = await customers.CreateCustomer(
          {
            siteId: params.siteId,
            kind: kindOf(body.kind),
            name: body.name,
            idDocumentType: documentOf(body.idDocumentType),
            idNumber: body.idNumber,
            phones: body.phones,
            email: body.email ?? "",
            emergencyContact: body.emergencyContact ?? null,
            tags: body.tags,
            consentSms: body.consentSms,
            consentEmail: body.consentEmail,
          },
          { caller },
        );
        return { status: 201, body: customerOut(customer!) };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/sites/{siteId}/customers/{customerId}",
      operationId: "getCustomer",
      summary: "Get a customer (ID number masked unless your role may see it)",
      tags,
      access: "customers.read",
      params: customerParams,
      responses: { 200: { description: "The customer", schema: customerSchema } },
      handler: async ({ params, caller }) => {
        const { customer } = await customers.GetCustomer(
          { siteId: params.siteId, id: params.customerId },
          { caller },
        );
        return { status: 200, body: customerOut(customer!) };
      },
    }),
    route({
      method: "patch",
      path: "/api/v1/sites/{siteId}/customers/{customerId}",
      operationId: "updateCustomer",
      summary: "Change a customer's details",
      tags,
      access: "customers.write",
      params: customerParams,
      body: updateCustomerBody,
      responses: { 200: { description: "The updated customer", schema: customerSchema } },
      handler: async ({ params, body, caller }) => {
        const { customer } = await customers.UpdateCustomer(
          {
            siteId: params.siteId,
            id: params.customerId,
            name: body.name,
            idDocumentType: body.idDocumentType ? documentOf(body.idDocumentType) : undefined,
            idNumber: body.idNumber,
            phones: body.phones ?? [],
            replacePhones: body.phones !== undefined,
            email: body.email,
            // JSON null clears the contact; absent leaves it as it is.
            emergencyContact:
              body.emergencyContact === null
                ? { name: "", phone: "", relation: "" }
                : (body.emergencyContact ?? null),
            tags: body.tags ?? [],
            replaceTags: body.tags !== undefined,
            consentSms: body.consentSms,
            consentEmail: body.consentEmail,
          },
          { caller },
        );
        return { status: 200, body: customerOut(customer!) };
      },
    }),
  ];
}
