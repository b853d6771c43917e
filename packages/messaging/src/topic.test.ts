import { describe, expect, it } from "vitest";
import { topicMatches } from "./topic.ts";

describe("topicMatches", () => {
  it.each([
    ["assets.unit.created", "assets.unit.created", true],
    ["assets.unit.*", "assets.unit.created", true],
    ["assets.*", "assets.unit.created", false],
    ["assets.#", "assets.unit.created", true],
    ["#", "assets.unit.created", true],
    ["#.created", "assets.unit.created", true],
    ["*.*.created", "assets.unit.created", true],
    ["assets.#.created", "assets.created", true],
    ["assets.unit.created.#", "assets.unit.created", true],
    ["assets.unit.*", "assets.unit", false],
    ["billing.#", "assets.unit.created", false],
    ["assets.unit.status_changed", "assets.unit.created", false],
  ])("%s vs %s → %s", (pattern, key, expected) => {
    expect(topicMatches(pattern, key)).toBe(expected);
  });
});
