import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { trace } from "@opentelemetry/api";
import { Debug as RuntimeDebug } from "@prisma/client/runtime/client";
import { getLogs } from "@prisma/debug";
import { InMemorySpanExporter, startTelemetry, withSpan } from "@slms/telemetry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../src/client.ts";
import { forgetQueryValues, LARGE_QUERY_VALUE } from "../src/debug-history.ts";
import { freshDatabase, PrismaClient } from "./support.ts";

// What createDatabase does to each pooled connection (src/instrument.ts): queries sent together
// on one connection run one after another without pg's deprecated internal queue, and each
// query is a span when traces are exported.

let db: Awaited<ReturnType<typeof freshDatabase>>;
const warnings: Error[] = [];
const onWarning = (warning: Error) => void warnings.push(warning);

beforeAll(async () => {
  db = await freshDatabase("instrument", { migrate: true });
  process.on("warning", onWarning);
});
afterAll(async () => {
  process.off("warning", onWarning);
  await db.close();
});

describe("instrumented connections", () => {
  it("runs concurrent queries of one connection in order, with no deprecation warning", async () => {
    const { prisma, pool } = createDatabase(PrismaClient, { url: db.url, poolMax: 1 });
    try {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        // Three at once on one connection, as Prisma's relation joins do inside a transaction.
        const order: number[] = [];
        const results = await Promise.all(
          [3, 1, 2].map((n) =>
            client
              .query<{ n: number }>("SELECT $1::int AS n FROM pg_sleep(0.02)", [n])
              .then((r) => {
                order.push(n);
                return r.rows[0]!.n;
              }),
          ),
        );
        await client.query("COMMIT");
        expect(results).toEqual([3, 1, 2]);
        expect(order).toEqual([3, 1, 2]);
      } finally {
        client.release();
      }
      // Through Prisma too: a transaction reading several relations at once.
      await prisma.$transaction(async (tx) => {
        await Promise.all([tx.widget.count(), tx.widget.count(), tx.widget.count()]);
      });
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on next tick
      expect(warnings.filter((w) => w.name === "DeprecationWarning")).toEqual([]);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("makes a span per query under a recorded span, and none otherwise", async () => {
    const spans = new InMemorySpanExporter();
    const telemetry = startTelemetry({ serviceName: "db-test", spanExporter: spans });
    const { prisma } = createDatabase(PrismaClient, { url: db.url });
    try {
      await prisma.widget.count(); // no active span: no query span
      expect(spans.getFinishedSpans()).toEqual([]);
      const traceId = await withSpan("use case", async () => {
        await prisma.widget.findMany({ where: { name: "x" } });
        return trace.getActiveSpan()!.spanContext().traceId;
      });
      const queries = spans
        .getFinishedSpans()
        .filter((s) => s.attributes["db.system.name"] === "postgresql");
      expect(queries.length).toBeGreaterThan(0);
      expect(queries[0]!.name).toBe("SELECT");
      expect(queries[0]!.spanContext().traceId).toBe(traceId);
      expect(String(queries[0]!.attributes["db.query.text"])).toMatch(/FROM .*widgets/i);
      expect(String(queries[0]!.attributes["db.query.text"])).not.toContain("'x'");
    } finally {
      await prisma.$disconnect();
      await telemetry.close();
    }
  });
});

describe("values of large queries", () => {
  it("are not kept by Prisma's debug history once the query is done", async () => {
    const { prisma } = createDatabase(PrismaClient, { url: db.url, poolMax: 2 });
    try {
      const marker = `marker-${Date.now()}`;
      const small = `${marker}-small`;
      await prisma.$queryRawUnsafe("SELECT length($1::text) AS n", small);
      // A small value stays in the history (nothing is emptied after every query)…
      expect(getLogs(Number.POSITIVE_INFINITY)).toContain(small);
      // …a large one (a bulk statement's JSON) is gone with everything before it, in a
      // transaction (a pooled connection's promise call) and outside one (the pool's callback).
      const large = `${marker}-large-${"x".repeat(LARGE_QUERY_VALUE)}`;
      await prisma.$queryRawUnsafe("SELECT length($1::text) AS n", large);
      expect(getLogs(Number.POSITIVE_INFINITY)).not.toContain(marker);
      await prisma.$queryRawUnsafe("SELECT length($1::text) AS n", small);
      await prisma.$transaction(async (tx) => {
        await tx.$queryRawUnsafe("SELECT length($1::text) AS n", large);
      });
      expect(getLogs(Number.POSITIVE_INFINITY)).not.toContain(marker);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("empties the client runtime's own history too", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const debug = RuntimeDebug("slms:test");
    const collected = async (forget: boolean) => {
      const ref = ((): WeakRef<object> => {
        const value = { large: "y".repeat(1_000) };
        debug("%O", value);
        return new WeakRef(value);
      })();
      if (forget) forgetQueryValues();
      await new Promise((resolve) => setTimeout(resolve, 0));
      gc();
      return ref.deref() === undefined;
    };
    expect(await collected(false)).toBe(false);
    expect(await collected(true)).toBe(true);
  });
});
