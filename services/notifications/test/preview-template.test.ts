import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { previewTemplate } from "../src/use-cases/preview-template.ts";
import {
  billHistory,
  customerEvent,
  hq,
  notificationsDb,
  siteCreated,
  staffAt,
} from "./support.ts";

let t: Awaited<ReturnType<typeof notificationsDb>>;
beforeAll(async () => {
  t = await notificationsDb("ntf_preview");
  await applyEvent(t.deps, siteCreated("sit_1"));
  await applyEvent(t.deps, customerEvent("sit_1", "cus_1", { name: "王芳" }));
  const bill = billHistory("sit_1", "bil_1", { amountMinor: 1_234_567, dueDate: "2026-03-10" });
  await applyEvent(t.deps, bill.issued());
  await applyEvent(
    t.deps,
    bill.change("allocated", { allocated: 234_560 }, "2026-03-12T00:00:00Z"),
  );
});
afterAll(() => t?.close());

const request = {
  billId: "bil_1",
  kind: "dunning" as const,
  language: "" as const,
  channel: "email" as const,
  draftSubject: "",
  draftBody: "",
  afterDays: 15,
};

describe("previewTemplate", () => {
  it("renders the template in effect with the bill's balance now and the step's day", async () => {
    const preview = await previewTemplate(t.deps, staffAt("sit_1"), request);
    expect(preview).toMatchObject({ balanceMinor: 1_000_007, currency: "CNY" });
    expect(preview.subject).toBe("【Site sit_1】账单 bil_1 已逾期 15 天");
    expect(preview.body).toContain("王芳");
    expect(preview.body).toContain("¥10,000.07");
  });

  it("renders a draft, and names an unknown variable in it", async () => {
    const preview = await previewTemplate(t.deps, hq, {
      ...request,
      channel: "sms",
      language: "en",
      draftBody: "{{customerName}} owes {{amount}} ({{daysOverdue}} days)",
    });
    expect(preview.body).toBe("王芳 owes ¥10,000.07 (15 days)");
    await expect(
      previewTemplate(t.deps, hq, { ...request, draftSubject: "x", draftBody: "{{balance}}" }),
    ).rejects.toMatchObject({
      details: [{ field: "draft.body", message: expect.stringContaining('"balance"') }],
    });
  });

  it("is NOT_FOUND for a bill of a site outside the caller's scope", async () => {
    await expect(previewTemplate(t.deps, staffAt("sit_2"), request)).rejects.toMatchObject({
      kind: "not_found",
    });
  });
});
