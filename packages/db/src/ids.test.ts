import { describe, expect, it } from "vitest";
import {
  decodeTime,
  encodeTime,
  formatIdBody,
  formatUuidv7,
  nameUuid,
  newId,
  uuidv7,
  uuidv7Time,
} from "./ids.ts";

const zeros = Array.from({ length: 16 }, () => 0);
const maxes = Array.from({ length: 16 }, () => 31);

describe("encodeTime", () => {
  it.each([
    { ms: 0, text: "0000000000" },
    { ms: 1, text: "0000000001" },
    { ms: 31, text: "000000000Z" },
    { ms: 32, text: "0000000010" },
    // The example from the ULID specification.
    { ms: 1469918176385, text: "01ARYZ6S41" },
    { ms: 2 ** 48 - 1, text: "7ZZZZZZZZZ" },
  ])("$ms → $text and back", ({ ms, text }) => {
    expect(encodeTime(ms)).toBe(text);
    expect(decodeTime(text)).toBe(ms);
  });

  it.each([-1, 2 ** 48, 1.5, Number.NaN])("rejects %s", (ms) => {
    expect(() => encodeTime(ms)).toThrow(RangeError);
  });
});

describe("formatIdBody", () => {
  it.each([
    { time: 0, digits: zeros, body: "00000000000000000000000000" },
    { time: 1469918176385, digits: maxes, body: "01ARYZ6S41ZZZZZZZZZZZZZZZZ" },
    {
      time: 1469918176385,
      digits: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
      body: "01ARYZ6S410123456789ABCDEF",
    },
    {
      time: 1469918176385,
      digits: [16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31],
      body: "01ARYZ6S41GHJKMNPQRSTVWXYZ",
    },
  ])("$body", ({ time, digits, body }) => {
    expect(formatIdBody(time, digits)).toBe(body);
  });

  it.each([[[]], [[...zeros, 0]], [[...zeros.slice(1), 32]]])("rejects digits %j", (digits) => {
    expect(() => formatIdBody(0, digits)).toThrow(RangeError);
  });
});

describe("newId", () => {
  it.each(["lea", "bil", "u", "unit2", "abcdefghijklmnop"])("accepts prefix %s", (prefix) => {
    expect(newId(prefix)).toMatch(new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`));
  });

  it.each(["", "Lea", "2fa", "le-a", "le_a", "abcdefghijklmnopq"])(
    "rejects prefix %j",
    (prefix) => {
      expect(() => newId(prefix)).toThrow(TypeError);
    },
  );

  it("carries the current time", () => {
    const before = Date.now();
    const id = newId("lea");
    const after = Date.now();
    const time = decodeTime(id.slice(4));
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(after);
  });

  it("sorts in creation order and never repeats, even within one millisecond", () => {
    const ids = Array.from({ length: 20_000 }, () => newId("lea"));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe("formatUuidv7", () => {
  const random = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  const zero = new Uint8Array(8);
  it.each([
    { time: 0, seq: 0, rnd: zero, uuid: "00000000-0000-7000-8000-000000000000" },
    { time: 0, seq: 0xfff, rnd: random, uuid: "00000000-0000-7fff-bfff-ffffffffffff" },
    // RFC 9562 appendix A.6 example time: Tuesday, February 22, 2022 2:22:22.00 PM GMT-05:00.
    { time: 0x017f22e279b0, seq: 0xcc3, rnd: zero, uuid: "017f22e2-79b0-7cc3-8000-000000000000" },
    { time: 2 ** 48 - 1, seq: 1, rnd: zero, uuid: "ffffffff-ffff-7001-8000-000000000000" },
  ])("$uuid", ({ time, seq, rnd, uuid }) => {
    expect(formatUuidv7(time, seq, rnd)).toBe(uuid);
    expect(uuidv7Time(uuid)).toBe(time);
  });

  it.each([
    { time: -1, seq: 0, rnd: zero },
    { time: 2 ** 48, seq: 0, rnd: zero },
    { time: 0, seq: 0x1000, rnd: zero },
    { time: 0, seq: 0, rnd: new Uint8Array(7) },
  ])("rejects time $time seq $seq", ({ time, seq, rnd }) => {
    expect(() => formatUuidv7(time, seq, rnd)).toThrow(RangeError);
  });
});

describe("uuidv7", () => {
  it("is a version 7, RFC variant UUID with the current time", () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidv7Time(id)).toBeGreaterThanOrEqual(before);
    expect(uuidv7Time(id)).toBeLessThanOrEqual(after);
  });

  it("sorts in creation order and never repeats", () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe("nameUuid", () => {
  it("is a version 8, RFC variant UUID that the envelope schema accepts", () => {
    for (const name of ["", "billing.bill.issued/bil_1", "é".repeat(300)]) {
      expect(nameUuid(name)).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });

  it("is the same for the same name and differs between names", () => {
    expect(nameUuid("billing.bill.issued/bil_1")).toBe(nameUuid("billing.bill.issued/bil_1"));
    const ids = Array.from({ length: 20_000 }, (_, i) => nameUuid(`bill ${i}`));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("is SHA-256's first 16 bytes with the version and variant bits set", () => {
    // sha256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 …
    expect(nameUuid("abc")).toBe("ba7816bf-8f01-8fea-8141-40de5dae2223");
  });
});
