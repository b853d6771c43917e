import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import type { LeaseTerms__Output } from "./generated/slms/contracts/v1/LeaseTerms.ts";
import { protosDir } from "./grpc-loader.ts";
import { feeCodePattern, isInRange, leaseLimits, rangeMessage } from "./lease-limits.ts";
import { termsFromProto, termsToProto, type WireTerms } from "./lease-terms.ts";

// Imports (`slms/common/v1/…`) resolve against the protos directory, as proto-loader's do.
const root = new protobuf.Root();
root.resolvePath = (_origin, target) =>
  target.startsWith("/") ? target : `${protosDir}/${target}`;
const Type = root
  .loadSync("slms/contracts/v1/contracts.proto")
  .lookupType("slms.contracts.v1.LeaseTerms");

function overTheWire(terms: WireTerms): WireTerms {
  const bytes = Type.encode(
    Type.fromObject(termsToProto(terms) as Record<string, unknown>),
  ).finish();
  const decoded = Type.toObject(Type.decode(bytes), {
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return termsFromProto(decoded as LeaseTerms__Output);
}

const terms = (
  at: (range: { min: number; max: number }) => number,
  penaltyMonths = at(leaseLimits.penaltyMonths),
): WireTerms => ({
  frequency: "monthly",
  alignment: "calendar",
  rent: {
    kind: "per_m2_month",
    rateMinorPerM2: 9_500,
    areaHundredths: at(leaseLimits.areaHundredths),
  },
  escalation: { kind: "fixed_percent", basisPoints: at(leaseLimits.escalationBasisPoints) },
  rentFree: [],
  billLeadDays: at(leaseLimits.billLeadDays),
  dueDay: at(leaseLimits.dueDay),
  depositMinor: 0,
  fees: [],
  lateFee: {
    graceDays: at(leaseLimits.lateFeeGraceDays),
    dailyBasisPoints: at(leaseLimits.lateFeeDailyBasisPoints),
    capBasisPoints: at(leaseLimits.lateFeeCapBasisPoints),
  },
  penalty: { kind: "months_of_rent", months: penaltyMonths },
});

describe("lease limits", () => {
  it.each([
    ["the minimum", (r: { min: number }) => r.min],
    ["the maximum", (r: { max: number }) => r.max],
  ])("let %s of every range cross the wire unchanged", (_name, at) => {
    const sent = terms(at);
    expect(overTheWire(sent)).toEqual(sent);
  });

  // Why the gateway must refuse out-of-range numbers itself: the encoding changes them silently.
  it.each([
    [2.9, 2],
    [4294967298, 2],
  ])("cannot rely on the wire: penalty months %d arrive as %d", (sent, received) => {
    const wire = overTheWire(terms((r) => r.min, sent));
    expect(wire.penalty).toEqual({ kind: "months_of_rent", months: received });
  });

  it.each<[unknown, boolean]>([
    [1, true],
    [24, true],
    [0, false],
    [25, false],
    [2.9, false],
    [0.5, false],
    [1e308, false],
    [4294967298, false],
    [2 ** 53 + 1, false],
    [-1, false],
    ["1", false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])("isInRange(%s, penaltyMonths) is %s", (value, expected) => {
    expect(isInRange(value, leaseLimits.penaltyMonths)).toBe(expected);
  });

  it("fit an int32 wherever the proto field is one", () => {
    for (const [name, range] of Object.entries(leaseLimits)) {
      expect(range.min, name).toBeLessThanOrEqual(range.max);
      expect(range.max, name).toBeLessThan(2 ** 31);
    }
  });

  it.each<[string, boolean]>([
    ["management", true],
    ["water_2", true],
    ["m", false],
    ["Management", false],
    ["2nd", false],
    ["a".repeat(41), false],
    ["fee\u0000", false],
    ["fee\ud800", false],
  ])("fee code %j is acceptable: %s", (code, expected) => {
    expect(feeCodePattern.test(code)).toBe(expected);
  });

  it("words a range the same at both edges", () => {
    expect(rangeMessage(leaseLimits.dueDay)).toBe("must be a whole number from 1 to 28");
  });
});
