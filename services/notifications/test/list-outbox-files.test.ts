import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileOutboxTransport } from "../src/channels/file-outbox.ts";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { dispatchNotifications } from "../src/use-cases/dispatch-notifications.ts";
import { listOutboxFiles } from "../src/use-cases/list-outbox-files.ts";
import {
  customerEvent,
  hq,
  notificationsDb,
  paymentEvent,
  siteCreated,
  staffAt,
} from "./support.ts";

let t: Awaited<ReturnType<typeof notificationsDb>>;
let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "slms-outbox-list-"));
  const file = createFileOutboxTransport({ directory });
  t = await notificationsDb("ntf_outbox_files", { email: file, sms: file });
  t.deps.outboxDirectory = directory;
  for (const site of ["sit_1", "sit_2"]) {
    await applyEvent(t.deps, siteCreated(site));
    await applyEvent(t.deps, customerEvent(site, `cus_${site}`, { email: `${site}@example.com` }));
    await applyEvent(
      t.deps,
      paymentEvent("payments.payment.recorded", site, `pay_${site}`, {
        amountMinor: 1,
        customerId: `cus_${site}`,
      }),
    );
  }
  await dispatchNotifications(t.deps);
});
afterAll(async () => {
  await t?.close();
  await rm(directory, { recursive: true, force: true });
});

describe("listOutboxFiles", () => {
  it("lists what the file transport wrote, for the caller's sites", async () => {
    const all = await listOutboxFiles(t.deps, hq, {});
    expect(all.files).toHaveLength(4);
    const mine = await listOutboxFiles(t.deps, staffAt("sit_2"), {});
    expect(mine.files.map((f) => [f.channel, f.recipient, f.name.split(".")[1]]).sort()).toEqual([
      ["email", "sit_2@example.com", "eml"],
      ["sms", "+8613800000001", "json"],
    ]);
    expect(mine.files.every((f) => f.sizeBytes > 0 && f.siteId === "sit_2")).toBe(true);
  });

  it("is empty where messages are really sent", async () => {
    expect(await listOutboxFiles({ ...t.deps, outboxDirectory: null }, hq, {})).toEqual({
      files: [],
      nextPageToken: null,
    });
  });
});
