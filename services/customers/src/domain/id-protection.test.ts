import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createIdProtection, parseKey } from "./id-protection.ts";

const keys = { encryptionKey: randomBytes(32), hmacKey: randomBytes(32) };
const protection = createIdProtection(keys);
const number = "11010519491231002X";

describe("ID number encryption", () => {
  it("round-trips, with a fresh IV each time, in the v1 format", () => {
    const a = protection.encrypt(number, "cus_1");
    const b = protection.encrypt(number, "cus_1");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    const [, iv, tag] = a.split(":");
    expect(Buffer.from(iv!, "base64")).toHaveLength(12);
    expect(Buffer.from(tag!, "base64")).toHaveLength(16);
    expect(a).not.toContain(number);
    expect(protection.decrypt(a, "cus_1")).toBe(number);
    expect(protection.decrypt(b, "cus_1")).toBe(number);
  });

  it("refuses a ciphertext that was altered, moved to another customer or made with another key", () => {
    const stored = protection.encrypt(number, "cus_1");
    const [v, iv, tag, ct] = stored.split(":");
    const flipped = Buffer.from(ct!, "base64");
    flipped[0] = flipped[0]! ^ 1;
    expect(() =>
      protection.decrypt([v, iv, tag, flipped.toString("base64")].join(":"), "cus_1"),
    ).toThrow();
    expect(() => protection.decrypt(stored, "cus_2")).toThrow();
    const other = createIdProtection({ encryptionKey: randomBytes(32), hmacKey: keys.hmacKey });
    expect(() => other.decrypt(stored, "cus_1")).toThrow();
    expect(() => protection.decrypt("v2:a:b:c", "cus_1")).toThrow("known format");
  });
});

describe("blind index", () => {
  it("is deterministic per key and differs between keys and numbers", () => {
    const index = protection.blindIndex(number);
    expect(protection.blindIndex(number)).toBe(index);
    expect(Buffer.from(index, "base64")).toHaveLength(32);
    expect(protection.blindIndex("110101199003070011")).not.toBe(index);
    const other = createIdProtection({
      encryptionKey: keys.encryptionKey,
      hmacKey: randomBytes(32),
    });
    expect(other.blindIndex(number)).not.toBe(index);
  });
});

describe("party id", () => {
  const index = protection.blindIndex(number);

  it("is the same for a number in one organisation, whenever and wherever it is derived", () => {
    const id = protection.partyId("org_1", index);
    expect(id).toMatch(/^pty_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(protection.partyId("org_1", protection.blindIndex(number))).toBe(id);
    expect(createIdProtection(keys).partyId("org_1", index)).toBe(id);
  });

  it("differs between numbers, organisations and keys, and is not the blind index", () => {
    const id = protection.partyId("org_1", index);
    expect(protection.partyId("org_1", protection.blindIndex("110101199003070011"))).not.toBe(id);
    expect(protection.partyId("org_2", index)).not.toBe(id);
    const other = createIdProtection({
      encryptionKey: keys.encryptionKey,
      hmacKey: randomBytes(32),
    });
    expect(other.partyId("org_1", index)).not.toBe(id);
  });

  it("encodes the first 130 bits of the HMAC in Crockford base32", () => {
    // Recomputed independently: HMAC → big integer → top 130 bits → base32 digits.
    const digest = createHmac("sha256", keys.hmacKey).update(`party:org_1:${index}`).digest();
    let value = BigInt(`0x${digest.toString("hex")}`) >> BigInt(256 - 130);
    let expected = "";
    for (let i = 0; i < 26; i++) {
      expected = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[Number(value & 31n)] + expected;
      value >>= 5n;
    }
    expect(protection.partyId("org_1", index)).toBe(`pty_${expected}`);
  });
});

describe("keys", () => {
  it("parses 32-byte base64 keys and names what is wrong with others", () => {
    const key = randomBytes(32);
    expect(parseKey(key.toString("base64")).equals(key)).toBe(true);
    expect(() => parseKey(randomBytes(16).toString("base64"))).toThrow(
      "must be 32 bytes encoded in base64, got 16 bytes",
    );
    expect(() => parseKey("not base64!")).toThrow("must be base64");
  });

  it("refuses short keys and one key used for both purposes", () => {
    const key = randomBytes(32);
    expect(() => createIdProtection({ encryptionKey: key, hmacKey: key })).toThrow("different");
    expect(() =>
      createIdProtection({ encryptionKey: randomBytes(16), hmacKey: randomBytes(32) }),
    ).toThrow("32 bytes");
  });
});
