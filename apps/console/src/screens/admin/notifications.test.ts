import i18next from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { stepLabel, translatedOr } from "./notifications";
import { adminTexts } from "./texts";

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    lng: "en",
    resources: { en: { translation: { admin: adminTexts.en } } },
    interpolation: { escapeValue: false },
  });
});

describe("notification labels", () => {
  it("names known values and shows unknown ones as sent", () => {
    expect(translatedOr(i18n.t, "admin.notifications.reasonName", "quiet_hours")).toBe(
      "Quiet hours",
    );
    expect(translatedOr(i18n.t, "admin.notifications.reasonName", "new_reason")).toBe("new_reason");
    expect(translatedOr(i18n.t, "admin.notifications.audienceName", "site_manager")).toBe(
      "Site managers",
    );
    expect(translatedOr(i18n.t, "admin.notifications.reasonName", "")).toBe("");
  });

  it("shows a dunning step as days overdue", () => {
    expect(stepLabel(i18n.t, "d+7")).toBe("7 days overdue");
    expect(stepLabel(i18n.t, "reminder")).toBe("Reminder");
    expect(stepLabel(i18n.t, "x+1")).toBe("x+1");
  });
});
