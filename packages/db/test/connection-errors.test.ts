import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../src/client.ts";
import { isConnectionError, retryOnConnectionError } from "../src/connection-errors.ts";
import { adminQuery, freshDatabase, PrismaClient } from "./support.ts";

let db: Awaited<ReturnType<typeof freshDatabase>>;
let prisma: InstanceType<typeof PrismaClient>;
beforeAll(async () => {
  db = await freshDatabase("connerr", { migrate: true });
  prisma = createPrismaClient(PrismaClient, { url: db.url, poolMax: 2, onPoolError: () => {} });
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.close();
});

/** Ends every session of the test's database but the admin's own, as an operator would. */
const terminate = () =>
  adminQuery(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
    [db.name],
  );

/** The error a statement fails with when its session is terminated while it runs. */
async function terminatedDuring(statement: () => Promise<unknown>): Promise<unknown> {
  const running = statement().then(
    () => null,
    (error: unknown) => error,
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  await terminate();
  return running;
}

describe("isConnectionError", () => {
  it("is true for a statement whose session was terminated (57P01), in and out of a transaction", async () => {
    const raw = await terminatedDuring(() => prisma.$queryRawUnsafe("SELECT pg_sleep(3)"));
    expect(raw).not.toBeNull();
    expect(isConnectionError(raw)).toBe(true);
    const inTx = await terminatedDuring(() =>
      prisma.$transaction(async (tx) => {
        await tx.widget.create({ data: { id: "tx-1", name: "x" } });
        await tx.$queryRawUnsafe("SELECT pg_sleep(3)");
      }),
    );
    expect(isConnectionError(inTx)).toBe(true);
    expect(await prisma.widget.count({ where: { id: "tx-1" } })).toBe(0);
  });

  it("is false for errors of the statement itself", async () => {
    await prisma.widget.create({ data: { id: "dup", name: "x" } });
    const duplicate = await prisma.widget.create({ data: { id: "dup", name: "y" } }).then(
      () => null,
      (e: unknown) => e,
    );
    const syntax = await prisma.$queryRawUnsafe("SELEC 1").then(
      () => null,
      (e: unknown) => e,
    );
    for (const error of [duplicate, syntax, new Error("boom"), null, "text"]) {
      expect(isConnectionError(error)).toBe(false);
    }
  });
});

describe("retryOnConnectionError", () => {
  it("runs the work again on a new connection after its session was terminated", async () => {
    let attempts = 0;
    const retried: number[] = [];
    const result = await retryOnConnectionError(
      async () => {
        attempts++;
        if (attempts === 1) {
          return terminatedDuring(() => prisma.$queryRawUnsafe("SELECT pg_sleep(3)")).then((e) => {
            throw e;
          });
        }
        return prisma.$queryRawUnsafe<{ one: number }[]>("SELECT 1 AS one");
      },
      { backoffMs: 10, onRetry: (_, attempt) => retried.push(attempt) },
    );
    expect(result).toEqual([{ one: 1 }]);
    expect([attempts, retried]).toEqual([2, [1]]);
  });

  it("throws other errors at once, and a connection error after the last attempt", async () => {
    let attempts = 0;
    await expect(
      retryOnConnectionError(async () => {
        attempts++;
        throw new Error("not a connection problem");
      }),
    ).rejects.toThrow("not a connection problem");
    expect(attempts).toBe(1);
    attempts = 0;
    await expect(
      retryOnConnectionError(
        async () => {
          attempts++;
          throw new Error("Connection terminated unexpectedly");
        },
        { attempts: 3, backoffMs: 1 },
      ),
    ).rejects.toThrow("Connection terminated");
    expect(attempts).toBe(3);
  });
});
