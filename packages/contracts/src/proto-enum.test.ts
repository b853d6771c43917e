import { describe, expect, it } from "vitest";
import { siteKinds, unitKinds, unitStatuses } from "./assets-vocabulary.ts";
import { SiteKind } from "./generated/slms/assets/v1/SiteKind.ts";
import { UnitKind } from "./generated/slms/assets/v1/UnitKind.ts";
import { UnitStatus } from "./generated/slms/assets/v1/UnitStatus.ts";
import { fromProtoEnum, toProtoEnum } from "./proto-enum.ts";

describe("proto enums", () => {
  // The vocabulary and the protos must list the same values, or a value would be lost on the wire.
  it.each([
    ["SITE_KIND", siteKinds, SiteKind],
    ["UNIT_KIND", unitKinds, UnitKind],
    ["UNIT_STATUS", unitStatuses, UnitStatus],
  ] as const)("%s matches the vocabulary both ways", (prefix, vocabulary, protoEnum) => {
    const protoValues = Object.keys(protoEnum).filter((v) => !v.endsWith("_UNSPECIFIED"));
    expect(vocabulary.map((v) => toProtoEnum(prefix, v))).toEqual(protoValues);
    expect(protoValues.map((v) => fromProtoEnum(prefix, v, vocabulary))).toEqual([...vocabulary]);
  });

  it("maps unspecified and foreign values to null", () => {
    expect(fromProtoEnum("UNIT_KIND", "UNIT_KIND_UNSPECIFIED", unitKinds)).toBeNull();
    expect(fromProtoEnum("UNIT_KIND", "SITE_KIND_OFFICE", unitKinds)).toBeNull();
    expect(fromProtoEnum("UNIT_KIND", undefined, unitKinds)).toBeNull();
  });
});
