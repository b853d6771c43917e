import { describe, expect, it } from "vitest";
import { languages } from "./settings.ts";
import {
  builtInTemplates,
  checkTemplate,
  kinds,
  kindVariables,
  renderTemplate,
  templateChannels,
} from "./templates.ts";

describe("built-in templates", () => {
  it("use only their kind's variables, in every language and channel", () => {
    for (const kind of kinds) {
      for (const language of languages) {
        for (const channel of templateChannels) {
          expect(checkTemplate(kind, builtInTemplates[kind][language][channel])).toEqual([]);
        }
      }
    }
  });

  it("render with every variable filled in", () => {
    for (const kind of kinds) {
      const values = Object.fromEntries(kindVariables[kind].map((name) => [name, `<${name}>`]));
      const rendered = renderTemplate(builtInTemplates[kind]["zh-CN"].email, values);
      expect(rendered.body).not.toContain("{{");
      expect(rendered.subject).not.toContain("{{");
    }
  });
});

describe("import_finished templates", () => {
  it("say the file, the outcome, every count, the reconciliation and the error", () => {
    for (const language of languages) {
      const body = builtInTemplates.import_finished[language].email.body;
      for (const name of kindVariables.import_finished.filter((n) => n !== "siteName")) {
        expect(body).toContain(`{{${name}}}`);
      }
    }
  });

  it("may use the import's variables, not another kind's", () => {
    const text = { subject: "{{outcome}}: {{fileName}}", body: "{{reconciled}} {{error}}" };
    expect(checkTemplate("import_finished", text)).toEqual([]);
    expect(checkTemplate("import_finished", { subject: "", body: "{{amount}}" })).toEqual([
      { field: "body", message: expect.stringContaining('unknown variable "amount"') },
    ]);
  });
});

describe("checkTemplate", () => {
  it("names an unknown variable and the field it is in", () => {
    const issues = checkTemplate(
      "dunning",
      { subject: "{{ billId }}", body: "{{amount}} {{tenantPhone}}" },
      "template.",
    );
    expect(issues).toEqual([
      {
        field: "template.body",
        message: expect.stringContaining('unknown variable "tenantPhone"'),
      },
    ]);
  });

  it("refuses a variable of another kind", () => {
    expect(checkTemplate("bill_reminder", { subject: "", body: "{{daysOverdue}}" })).toHaveLength(
      1,
    );
  });

  it("refuses stray braces", () => {
    expect(checkTemplate("dunning", { subject: "{{billId", body: "x" })).toEqual([
      { field: "subject", message: "has an unclosed {{ or a stray }}" },
    ]);
  });
});

describe("renderTemplate", () => {
  it("fills placeholders with spaces inside the braces", () => {
    expect(renderTemplate({ subject: "{{ a }}", body: "{{a}}-{{b}}" }, { a: "1", b: "2" })).toEqual(
      {
        subject: "1",
        body: "1-2",
      },
    );
  });

  it("does not read a value's braces as a placeholder", () => {
    expect(renderTemplate({ subject: "", body: "{{a}}" }, { a: "{{b}}" }).body).toBe("{{b}}");
  });
});
