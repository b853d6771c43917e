import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../src/client.ts";
import { adminQuery, freshDatabase, PrismaClient, until } from "./support.ts";

let db: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  db = await freshDatabase("client", { migrate: true });
});
afterAll(async () => {
  await db.close();
});

const connections = async (applicationName: string) => {
  const [row] = await adminQuery<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1",
    [applicationName],
  );
  return row!.n;
};

describe("createPrismaClient", () => {
  it("gives a working generated client on a pg pool", async () => {
    const prisma = createPrismaClient(PrismaClient, { url: db.url });
    try {
      await prisma.widget.create({ data: { id: "w1", name: "Widget", quantity: 3 } });
      const found = await prisma.widget.findUnique({ where: { id: "w1" } });
      expect(found).toMatchObject({ id: "w1", name: "Widget", quantity: 3 });
      expect(found?.createdAt).toBeInstanceOf(Date);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("opens at most poolMax connections and closes them all on $disconnect", async () => {
    const applicationName = `slms-client-test-${randomUUID()}`;
    const prisma = createPrismaClient(PrismaClient, { url: db.url, poolMax: 2, applicationName });
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        // Keeps each connection busy for a moment so the pool has to open several.
        await prisma.$queryRawUnsafe("SELECT 1 AS one FROM pg_sleep(0.05)");
        peak = Math.max(peak, await connections(applicationName));
      }),
    );
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(2);

    await prisma.$disconnect();
    // The server notices closed sockets asynchronously.
    await until(async () => (await connections(applicationName)) === 0, "connections to close");
  });

  it("runs interactive transactions that roll back on error", async () => {
    const prisma = createPrismaClient(PrismaClient, { url: db.url, poolMax: 2 });
    try {
      await expect(
        prisma.$transaction(async (tx) => {
          await tx.widget.create({ data: { id: "rolled-back", name: "x" } });
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await prisma.widget.findUnique({ where: { id: "rolled-back" } })).toBeNull();
    } finally {
      await prisma.$disconnect();
    }
  });
});
