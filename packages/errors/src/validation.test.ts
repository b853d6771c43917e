import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "./domain-error.ts";
import { parseInput } from "./validation.ts";

const schema = z.strictObject({
  code: z.string().min(1),
  units: z.array(z.strictObject({ area: z.number().positive() })),
});

describe("parseInput", () => {
  it("returns parsed data", () => {
    expect(parseInput(schema, { code: "A", units: [{ area: 1 }] })).toEqual({
      code: "A",
      units: [{ area: 1 }],
    });
  });

  it("names every bad field, nested ones by path, unknown ones as unknown", () => {
    let caught: unknown;
    try {
      parseInput(
        schema,
        { code: "", units: [{ area: -1 }], status: "leased", siteId: "x" },
        "unit",
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const error = caught as DomainError;
    expect(error.kind).toBe("invalid");
    expect(error.message).toBe("invalid unit");
    expect(error.details.map((d) => d.field)).toEqual(["code", "units.0.area", "status", "siteId"]);
    expect(error.details[2]?.message).toBe("unknown field");
    expect(error.details[3]?.message).toBe("unknown field");
  });

  it("reports a body that is not an object", () => {
    expect(() => parseInput(schema, "x")).toThrow(DomainError);
  });
});
