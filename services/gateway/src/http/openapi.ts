import { z } from "zod";
import type { RouteSpec } from "./route.ts";

const errorSchema = z.object({
  error: z.object({
    code: z
      .string()
      .describe("Error kind: invalid, unauthenticated, forbidden, not_found, conflict, …"),
    message: z.string(),
    details: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .describe("The fields at fault"),
    traceId: z.string().optional(),
  }),
});

const jsonSchema = (schema: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Record<
    string,
    unknown
  >;

function parameters(schema: z.ZodType | undefined, location: "path" | "query") {
  if (!(schema instanceof z.ZodObject)) return [];
  const object = jsonSchema(schema, "input") as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === "path" || (object.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/** The OpenAPI 3.1 document of the routes, generated from their validation schemas. */
export function openApiDocument(
  routes: readonly RouteSpec[],
  info: { title: string; version: string },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema
          ? { content: { "application/json": { schema: jsonSchema(response.schema, "output") } } }
          : {}),
      };
    }
    responses.default = {
      description: "Error",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
    const idempotencyHeader = spec.idempotency
      ? [
          {
            name: "Idempotency-Key",
            in: "header",
            required: spec.idempotency === "required",
            description: "Makes a retry safe: the same key and body return the saved response.",
            schema: { type: "string", minLength: 8, maxLength: 200 },
          },
        ]
      : [];
    paths[spec.path] ??= {};
    paths[spec.path]![spec.method] = {
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: spec.tags,
      ...(spec.access === "public" ? { security: [] } : {}),
      ...(spec.access !== "public" && spec.access !== "authenticated"
        ? { "x-permission": spec.access }
        : {}),
      parameters: [
        ...parameters(spec.params, "path"),
        ...parameters(spec.query, "query"),
        ...idempotencyHeader,
      ],
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: jsonSchema(spec.body, "input") } },
            },
          }
        : {}),
      ...(spec.upload
        ? {
            requestBody: {
              required: true,
              description: spec.upload.description,
              content: Object.fromEntries(
                spec.upload.contentTypes.map((type) => [
                  type,
                  {
                    schema: { type: "string", format: "binary", maxLength: spec.upload!.maxBytes },
                  },
                ]),
              ),
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      ...info,
      description:
        "SLMS REST API. Amounts are integer minor units (fen, cents) of the site's currency. " +
        "Errors are `{error: {code, message, details[]}}` with the fields at fault.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: { Error: jsonSchema(errorSchema, "output") },
    },
  };
}
