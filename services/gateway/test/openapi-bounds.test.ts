import { describe, expect, it } from "vitest";
import { allRoutes } from "../src/app.ts";
import type { GatewayDeps } from "../src/deps.ts";
import { openApiDocument } from "../src/http/openapi.ts";
import { operationsOf, type Schema } from "./contract/openapi.ts";

// Every field a request can carry is bounded in the published contract: numbers have a minimum
// and a maximum (integers below 2^53), strings a maximum length (or a closed set of values),
// arrays a maximum number of items, objects no unknown fields. A route added without bounds
// fails here before an outside tester finds it.

// Route declarations only read their dependencies when called, so the document needs none.
const document = openApiDocument(allRoutes({} as GatewayDeps), { title: "t", version: "0" });

function unbounded(schema: Schema, path: string, problems: string[]): void {
  const members = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (members) {
    for (const member of members) unbounded(member, path, problems);
    return;
  }
  if (schema.const !== undefined || schema.enum !== undefined) return;
  const type = Array.isArray(schema.type)
    ? schema.type.filter((t: string) => t !== "null")[0]
    : schema.type;
  switch (type) {
    case "integer":
    case "number":
      if (schema.minimum === undefined || schema.maximum === undefined) {
        problems.push(`${path}: ${type} without minimum and maximum`);
      } else if (
        Math.abs(schema.maximum) > Number.MAX_SAFE_INTEGER ||
        Math.abs(schema.minimum) > Number.MAX_SAFE_INTEGER
      ) {
        problems.push(`${path}: bounds beyond 2^53`);
      }
      return;
    case "string":
      if (schema.maxLength === undefined) problems.push(`${path}: string without maxLength`);
      return;
    case "boolean":
    case "null":
      return;
    case "array":
      if (schema.maxItems === undefined) problems.push(`${path}: array without maxItems`);
      unbounded(schema.items ?? {}, `${path}.0`, problems);
      return;
    case "object":
      if (schema.additionalProperties !== false)
        problems.push(`${path}: object accepts unknown fields`);
      for (const [name, child] of Object.entries(
        (schema.properties ?? {}) as Record<string, Schema>,
      )) {
        unbounded(child, `${path}.${name}`, problems);
      }
      return;
    default:
      problems.push(`${path}: no type`);
  }
}

describe("the OpenAPI document", () => {
  it("bounds every request field of every operation", () => {
    const problems: string[] = [];
    for (const op of operationsOf(document)) {
      const name = `${op.method} ${op.path}`;
      for (const parameter of op.query)
        unbounded(parameter.schema, `${name} ?${parameter.name}`, problems);
      if (op.body) unbounded(op.body, `${name} body`, problems);
    }
    const paths = (document.paths ?? {}) as Record<string, Record<string, Schema>>;
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const p of (op.parameters ?? []) as Schema[]) {
          if (p.in === "path")
            unbounded(p.schema, `${method.toUpperCase()} ${path} {${p.name}}`, problems);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("says which amounts and dates are accepted", () => {
    const body = operationsOf(document).find((op) => op.operationId === "recordPayment")!.body!;
    expect(body.properties.amountMinor).toMatchObject({
      type: "integer",
      minimum: 1,
      maximum: 100_000_000_000,
    });
    expect(body.properties.receivedAt).toMatchObject({ type: "string", format: "date-time" });
  });
});
