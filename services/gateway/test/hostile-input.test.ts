import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare, send } from "./contract/call.ts";
import {
  declaredPaths,
  hostileBodyValues,
  hostileQueryValues,
  type Operation,
  operationsOf,
  pathsOf,
  schemaAt,
  withValue,
} from "./contract/openapi.ts";
import { validRequests } from "./contract/requests.ts";
import { changedTables, type RowCounter, rowCounter } from "./contract/row-counts.ts";
import { buildWorld, type World } from "./contract/world.ts";
import { startHarness } from "./harness.ts";

// Generated from /api/v1/openapi.json: every route, every body field and query parameter, gets
// the values its schema must refuse (NUL, lone surrogates, 2^53+1, 1e308, -1, 1.5, "1", too
// long, dates 0000-01-01 and 9999-12-31, crafted cursors, unknown fields), plus bodies nested
// 5,000 deep, 10 MB bodies, broken percent-encoding and NUL in the path. Each answer is a 400
// (413 for size) in the one error shape naming the field — never a 500 — and nothing is written.

let world: World;
let operations: Operation[];
let counter: RowCounter;
const tally = { routes: 0, fields: 0, requests: 0 };

beforeAll(async () => {
  const h = await startHarness("hostile", { apiRateLimitPerMinute: 0 });
  world = await buildWorld(h, "HX");
  operations = operationsOf((await h.api("GET", "/api/v1/openapi.json")).body);
  counter = await rowCounter(h.databaseUrls);
}, 120_000);

afterAll(async () => {
  await counter?.close();
  await world?.h.close();
  console.info(
    `hostile input: ${tally.routes} routes, ${tally.fields} fields and parameters, ${tally.requests} requests`,
  );
});

/** The answer names `field` (or a part of it, for values refused as a whole). */
function namesField(body: { error?: { details?: { field: string }[] } }, field: string): boolean {
  return (body.error?.details ?? []).some(
    (d) => d.field === field || d.field.startsWith(`${field}.`) || field.startsWith(`${d.field}.`),
  );
}

/** JSON nested `depth` objects deep (written out: JSON.stringify would overflow the stack). */
const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

describe("every route refuses hostile input, naming the field, writing nothing", () => {
  it("lists a valid request for every operation, using every declared body field", () => {
    const missing = operations.filter((op) => !validRequests[op.operationId]);
    expect(missing.map((op) => op.operationId)).toEqual([]);
    const unused: string[] = [];
    for (const op of operations) {
      if (!op.body) continue;
      const bodies = validRequests[op.operationId]!(world.a).bodies ?? [];
      const used = new Set(bodies.flatMap((b) => pathsOf(b).map((p) => p.join("."))));
      const normalised = new Set([...used].map((p) => p.replace(/\.\d+(\.|$)/g, ".0$1")));
      for (const path of declaredPaths(op.body)) {
        if (!normalised.has(path)) unused.push(`${op.operationId}: ${path}`);
      }
    }
    expect(unused).toEqual([]);
  });

  it("refuses every hostile body value and query parameter with 400 naming it", async () => {
    const failures: string[] = [];
    for (const op of operations) {
      tally.routes++;
      const request = validRequests[op.operationId]!(world.a);
      const base = prepare(op, world.a, request);
      const token = op.public ? undefined : world.admin;
      const before = await counter.counts();
      const check = async (field: string, label: string, prepared: typeof base) => {
        const response = await send(world.h, op, token, prepared);
        tally.requests++;
        const where = `${op.method} ${op.path} ${field} = ${label}: ${response.status} ${response.text.slice(0, 300)}`;
        if (response.status !== 400) failures.push(`expected 400: ${where}`);
        else if (!namesField(response.body, field)) failures.push(`field not named: ${where}`);
      };
      for (const body of request.bodies ?? []) {
        for (const path of pathsOf(body)) {
          if (path.length === 0) continue;
          const field = path.join(".");
          tally.fields++;
          for (const hostile of hostileBodyValues(schemaAt(op.body!, body, path))) {
            await check(field, hostile.label, {
              ...base,
              body: withValue(body, path, hostile.value),
            });
          }
          const parent = path.slice(0, -1);
          const container = parent.reduce<unknown>(
            (v, k) => (v as Record<string, unknown>)[k],
            body,
          );
          if (typeof path.at(-1) === "string" && !Array.isArray(container)) {
            const extra = [...parent, "unexpectedField"];
            await check(extra.join("."), "an unknown field", {
              ...base,
              body: withValue(body, extra, 1),
            });
          }
        }
      }
      for (const parameter of op.query) {
        tally.fields++;
        for (const hostile of hostileQueryValues(parameter.name, parameter.schema)) {
          await check(parameter.name, hostile.label, {
            ...base,
            query: { ...base.query, [parameter.name]: hostile.value as string },
          });
        }
      }
      expect
        .soft(changedTables(before, await counter.counts()), `${op.operationId} wrote`)
        .toEqual([]);
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it("refuses deep nesting, 10 MB bodies, non-JSON, broken percent-encoding and NUL in the path", async () => {
    const failures: string[] = [];
    const before = await counter.counts();
    const huge = JSON.stringify({ text: "x".repeat(10 * 1024 * 1024) });
    for (const op of operations) {
      const base = prepare(op, world.a, validRequests[op.operationId]!(world.a));
      const token = op.public ? undefined : world.admin;
      const expect400 = async (label: string, response: { status: number; text: string }) => {
        tally.requests++;
        if (response.status !== 400 && !(op.pathParams.length > 0 && response.status === 404)) {
          failures.push(
            `${op.method} ${op.path} ${label}: ${response.status} ${response.text.slice(0, 200)}`,
          );
        }
      };
      if (op.body) {
        await expect400(
          "5,000 levels deep",
          await send(world.h, op, token, base, { rawBody: deep(5_000) }),
        );
        await expect400("not JSON", await send(world.h, op, token, base, { rawBody: "{not json" }));
        const big = await send(world.h, op, token, base, { rawBody: huge });
        tally.requests++;
        if (big.status !== 413) failures.push(`${op.method} ${op.path} 10 MB: ${big.status}`);
      }
      for (const name of op.pathParams) {
        for (const [label, raw] of [
          ["broken percent-encoding", "%E0%A4%A"],
          ["NUL", "a%00b"],
          ["65 characters", "x".repeat(65)],
        ] as const) {
          const response = await send(
            world.h,
            op,
            token,
            {
              ...base,
              path: {
                ...Object.fromEntries(
                  Object.entries(base.path).map(([k, v]) => [k, encodeURIComponent(v)]),
                ),
                [name]: raw,
              },
            },
            { rawPath: true },
          );
          await expect400(`{${name}} ${label}`, response);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(changedTables(before, await counter.counts())).toEqual([]);
  }, 300_000);
});
