import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import type { LeaseTerms__Output } from "./generated/slms/contracts/v1/LeaseTerms.ts";
import { protosDir } from "./grpc-loader.ts";
import { termsFromProto, termsToProto, type WireTerms } from "./lease-terms.ts";

// Round trips through the real protobuf encoding, as terms travel between services.
// Imports (`slms/common/v1/…`) resolve against the protos directory, as proto-loader's do.
const root = new protobuf.Root();
root.resolvePath = (_origin, target) =>
  target.startsWith("/") ? target : `${protosDir}/${target}`;
const Type = root
  .loadSync("slms/contracts/v1/contracts.proto")
  .lookupType("slms.contracts.v1.LeaseTerms");
const decodeOptions = { longs: Number, enums: String, defaults: true, oneofs: true };

function overTheWire(terms: WireTerms): WireTerms {
  const bytes = Type.encode(
    Type.fromObject(termsToProto(terms) as Record<string, unknown>),
  ).finish();
  const decoded = Type.toObject(Type.decode(bytes), decodeOptions);
  return termsFromProto(decoded as LeaseTerms__Output);
}

const base: WireTerms = {
  frequency: "quarterly",
  alignment: "calendar",
  rent: { kind: "per_m2_month", rateMinorPerM2: 9_500, areaHundredths: 8_550 },
  escalation: { kind: "fixed_percent", basisPoints: 500 },
  rentFree: [{ from: "2026-01-01", to: "2026-02-28" }],
  billLeadDays: 10,
  dueDay: 5,
  depositMinor: 1_625_000,
  fees: [
    { feeCode: "management", basis: "per_m2_month", amountMinor: 800, frequency: "monthly" },
    { feeCode: "parking", basis: "per_period", amountMinor: 60_000, areaHundredths: 1_250 },
  ],
  lateFee: { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 2_000 },
  penalty: { kind: "months_of_rent", months: 2 },
};

describe("lease terms on the wire", () => {
  it.each<[string, WireTerms]>([
    ["per-m² rent, fixed escalation, months penalty", base],
    [
      "per-period rent, stepped escalation, fixed penalty",
      {
        ...base,
        rent: { kind: "per_period", amountMinor: 650_000 },
        escalation: { kind: "stepped", steps: [{ from: "2027-01-01", value: 700_000 }] },
        penalty: { kind: "fixed", amountMinor: 300_000 },
        fees: [],
        rentFree: [],
      },
    ],
    [
      "no escalation, no penalty",
      { ...base, escalation: { kind: "none" }, penalty: { kind: "none" } },
    ],
  ])("survives a round trip: %s", (_name, terms) => {
    expect(overTheWire(terms)).toEqual(terms);
  });

  it("passes unmappable values through for validation to name", () => {
    const terms = termsFromProto(
      Type.toObject(Type.create({}), decodeOptions) as LeaseTerms__Output,
    );
    expect(terms.frequency).toBe("FREQUENCY_UNSPECIFIED");
    expect(terms.rent.kind).toBe("");
  });
});
