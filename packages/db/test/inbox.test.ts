import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../src/client.ts";
import { uuidv7 } from "../src/ids.ts";
import { pruneInbox, runOnce } from "../src/inbox.ts";
import { freshDatabase, PrismaClient } from "./support.ts";

let db: Awaited<ReturnType<typeof freshDatabase>>;
let prisma: InstanceType<typeof PrismaClient>;
beforeAll(async () => {
  db = await freshDatabase("inbox", { migrate: true });
  prisma = createPrismaClient(PrismaClient, { url: db.url, poolMax: 10 });
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.close();
});

const addOne =
  (id: string) => async (tx: Parameters<Parameters<typeof prisma.$transaction>[0]>[0]) => {
    const w = await tx.widget.upsert({
      where: { id },
      create: { id, name: "counter", quantity: 1 },
      update: { quantity: { increment: 1 } },
    });
    return w.quantity;
  };

describe("runOnce", () => {
  it("runs the handler once per message and reports duplicates", async () => {
    const messageId = uuidv7();
    expect(await runOnce(prisma, "test.counter", messageId, addOne("w-once"))).toEqual({
      duplicate: false,
      value: 1,
    });
    expect(await runOnce(prisma, "test.counter", messageId, addOne("w-once"))).toEqual({
      duplicate: true,
    });
    expect((await prisma.widget.findUnique({ where: { id: "w-once" } }))?.quantity).toBe(1);
  });

  it("lets each consumer handle the same message once", async () => {
    const messageId = uuidv7();
    await runOnce(prisma, "consumer.a", messageId, addOne("w-consumers"));
    const second = await runOnce(prisma, "consumer.b", messageId, addOne("w-consumers"));
    expect(second).toEqual({ duplicate: false, value: 2 });
  });

  it("rolls the inbox row back with the handler, so a redelivery runs it again", async () => {
    const messageId = uuidv7();
    await expect(
      runOnce(prisma, "test.flaky", messageId, async (tx) => {
        await addOne("w-flaky")(tx);
        throw new Error("transient failure");
      }),
    ).rejects.toThrow("transient failure");
    expect(await prisma.widget.findUnique({ where: { id: "w-flaky" } })).toBeNull();
    expect(await prisma.inboxMessage.count({ where: { messageId } })).toBe(0);

    expect(await runOnce(prisma, "test.flaky", messageId, addOne("w-flaky"))).toEqual({
      duplicate: false,
      value: 1,
    });
  });

  it("runs the handler exactly once among concurrent deliveries", async () => {
    const messageId = uuidv7();
    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        runOnce(prisma, "test.concurrent", messageId, async (tx) => {
          runs++;
          return addOne("w-concurrent")(tx);
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toEqual([{ duplicate: false, value: 1 }]);
    expect(results.filter((r) => r.duplicate)).toHaveLength(7);
    expect((await prisma.widget.findUnique({ where: { id: "w-concurrent" } }))?.quantity).toBe(1);
  });

  it("rejects a message id that is not a UUID, running nothing", async () => {
    let ran = false;
    await expect(
      runOnce(prisma, "test.bad", "not-a-uuid", async () => {
        ran = true;
      }),
    ).rejects.toThrow();
    expect(ran).toBe(false);
  });
});

describe("pruneInbox", () => {
  it("forgets rows received before a date", async () => {
    const messageId = uuidv7();
    await runOnce(prisma, "test.prune", messageId, async () => {});
    expect(await pruneInbox(prisma, new Date(Date.now() - 60_000))).toBe(0);
    const before = await prisma.inboxMessage.count();
    expect(await pruneInbox(prisma, new Date(Date.now() + 60_000))).toBe(before);
    expect(await prisma.inboxMessage.count()).toBe(0);
  });
});
