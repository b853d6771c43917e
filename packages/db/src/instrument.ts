import { SpanKind, trace } from "@opentelemetry/api";
import { withSpan } from "@slms/telemetry";
import type pg from "pg";
import { forgetQueryValues, hasLargeValue } from "./debug-history.ts";

type Query = (...args: unknown[]) => unknown;

const noop = () => undefined;

/** The values of a `client.query` call: `query(text, values, …)` or `query({ text, values }, …)`. */
function valuesOf(args: unknown[]): unknown {
  const [first, second] = args;
  if (first && typeof first === "object" && "values" in first)
    return (first as { values?: unknown }).values;
  return second;
}

/** The SQL of a `client.query` call: `query(text, …)` or `query({ text, … }, …)`. */
function sqlOf(first: unknown): string | undefined {
  if (typeof first === "string") return first;
  if (first && typeof first === "object" && typeof (first as { text?: unknown }).text === "string")
    return (first as { text: string }).text;
  return undefined;
}

/** `SELECT`, `INSERT`, `BEGIN`…: the first keyword, as the span name. */
function operationOf(sql: string): string {
  const match = /^\s*([A-Za-z]+)/.exec(sql);
  return match ? match[1]!.toUpperCase() : "QUERY";
}

/**
 * Wraps a pooled connection's `query` (submittables such as cursors pass through unchanged):
 *
 * 1. **One query at a time.** Prisma's query interpreter runs the child reads of a relation join
 *    (`include` of several relations) with `Promise.all`; inside an interactive transaction
 *    they all go to one connection. pg queues them itself but warns that this is deprecated
 *    (removed in pg 9) — the DeprecationWarning that `npm start` printed on stderr. Here a call
 *    made while another is in flight waits for it (pg's "external async flow control"), so the
 *    order on the wire is unchanged and pg never queues. Prisma fix pending upstream
 *    (prisma/orm#29979). A call with nothing in flight runs at once: no cost on the common path.
 *    (Callback-style calls — `pool.query`, one connection each — are not serialized.)
 * 2. **A span per query** (`SELECT`, `INSERT`…, with `db.query.text`: Prisma's SQL carries
 *    parameters, never values) — only under a span that is being recorded, i.e. when an
 *    exporter is configured; otherwise not even an id is made. (Not `@opentelemetry/
 *    instrumentation-pg`: it patches `pg` through module-loading hooks, which this ESM,
 *    type-stripped code base does not install, and point 1 needs this wrapper anyway.)
 * 3. **No large values kept.** Once a query with a large value (a bulk statement's JSON) is done,
 *    Prisma's debug histories, which hold every query's values, are emptied (debug-history.ts).
 */
export function instrumentClient(client: pg.PoolClient): void {
  const original = client.query.bind(client) as Query;
  let last: Promise<unknown> | null = null;
  const spanOptions = (sql: string) => ({
    kind: SpanKind.CLIENT,
    attributes: { "db.system.name": "postgresql", "db.query.text": sql.slice(0, 2_000) },
  });
  const run = (args: unknown[]): Promise<unknown> => {
    if (!trace.getActiveSpan()?.isRecording()) return original(...args) as Promise<unknown>;
    const sql = sqlOf(args[0]) ?? "";
    return withSpan(
      operationOf(sql),
      spanOptions(sql),
      () => original(...args) as Promise<unknown>,
    );
  };
  (client as unknown as { query: Query }).query = (...args: unknown[]) => {
    const first = args[0] as { submit?: unknown } | undefined;
    if (typeof first?.submit === "function") return original(...args);
    let callback = args[args.length - 1];
    if (typeof callback === "function" && hasLargeValue(valuesOf(args))) {
      const done = callback as (...results: unknown[]) => void;
      callback = args[args.length - 1] = (...results: unknown[]) => {
        forgetQueryValues();
        done(...results);
      };
    }
    if (typeof callback === "function") {
      // Callback style: what `pool.query` (the hot plain-SQL reads) does on its own connection.
      if (!trace.getActiveSpan()?.isRecording()) return original(...args);
      const sql = sqlOf(args[0]) ?? "";
      let returned: unknown;
      void withSpan(
        operationOf(sql),
        spanOptions(sql),
        () =>
          new Promise<void>((resolve, reject) => {
            args[args.length - 1] = (error: unknown, result: unknown) => {
              if (error) reject(error);
              else resolve();
              (callback as (error: unknown, result: unknown) => void)(error, result);
            };
            returned = original(...args);
          }),
      ).catch(noop);
      return returned;
    }
    let result: Promise<unknown> = last ? last.then(() => run(args)) : run(args);
    if (hasLargeValue(valuesOf(args))) result = result.finally(forgetQueryValues);
    const settled = result.then(noop, noop);
    last = settled;
    void settled.then(() => {
      if (last === settled) last = null;
    });
    return result;
  };
}
