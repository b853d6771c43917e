import { describe, expect, it } from "vitest";
import { putBackSpan } from "./past-occupancy.ts";

const at = (iso: string) => new Date(iso);
const released = at("2026-06-10T02:00:00Z");
const rolledBack = at("2026-06-12T03:00:00Z");
const now = at("2026-06-12T03:00:05Z");
const putBack = { unitId: "u1", from: "leased", to: "vacant" };

describe("putBackSpan", () => {
  it.each([
    {
      what: "the import's status, heard before the release: counted until now, put back now",
      shown: { status: "leased", changedAt: at("2026-06-10T01:59:00Z") },
      span: { until: now, apply: true },
    },
    {
      what: "the status put back, heard first: counted in the import's until then",
      shown: { status: "vacant", changedAt: at("2026-06-12T03:00:00Z") },
      span: { until: at("2026-06-12T03:00:00Z"), apply: false },
    },
    {
      what: "a change after the rollback, heard first: counted until the rollback",
      shown: { status: "reserved", changedAt: at("2026-06-13T08:00:00Z") },
      span: { until: rolledBack, apply: false },
    },
    {
      what: "the status before the import: the import's change never heard, nothing counted",
      shown: { status: "vacant", changedAt: at("2026-06-01T00:00:00Z") },
      span: null,
    },
  ])("$what", ({ shown, span }) => {
    expect(putBackSpan(shown, putBack, released, rolledBack, now)).toEqual(span);
  });
});
