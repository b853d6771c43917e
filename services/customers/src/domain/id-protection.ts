import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

// ID numbers (身份证号, passport numbers, company credit codes) are personal data whose leak
// enables identity fraud, so a database dump, a backup or a log of SQL must not reveal them.
// Three columns together cover what the service needs without the number in clear:
//
//  - encrypted at rest: AES-256-GCM with a random 12-byte IV per value and the row's customer
//    id as associated data (a ciphertext copied onto another row does not decrypt). Only
//    callers allowed to read the full number cause a decryption (see id-number-access.ts).
//  - blind index: HMAC-SHA256 of the normalised number under a second, separate key. Equal
//    numbers give equal values, so a unique index per organisation detects duplicates (also
//    under concurrency) without decrypting anything; without the key the value cannot be
//    reversed by enumerating the (small) space of valid ID numbers, as a plain hash could.
//  - masked reads: the few characters the mask shows are stored in clear (id-numbers.ts), so
//    listing customers decrypts nothing.
//  - party id: each site keeps its own record of a person, and the records of one number are
//    linked by a party id derived from the blind index under the same key (with its own
//    "party:" domain, so it is not the blind index itself). Equal numbers in an organisation get
//    equal party ids, at any time, so the value reveals neither the number nor when or where it
//    was first registered; organisations get unrelated ones.
//
// Keys come from configuration (CUSTOMERS_ENCRYPTION_KEY, CUSTOMERS_HMAC_KEY), never from the
// database. The stored format carries a version (`v1:`) so keys or algorithms can be rotated by
// re-encrypting rows while both formats are readable.

const keyBytes = 32;
const ivBytes = 12;
const tagBytes = 16;
const format = "v1";

/** Parses a base64-encoded 32-byte key; throws naming the problem (never the key). */
export function parseKey(base64: string): Buffer {
  const trimmed = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) {
    throw new Error("must be base64 (e.g. from `openssl rand -base64 32`)");
  }
  const key = Buffer.from(trimmed, "base64");
  if (key.length !== keyBytes) {
    throw new Error(`must be ${keyBytes} bytes encoded in base64, got ${key.length} bytes`);
  }
  return key;
}

export interface IdProtectionKeys {
  /** AES-256-GCM key, 32 bytes. */
  encryptionKey: Uint8Array;
  /** HMAC-SHA256 key for the blind index, 32 bytes, different from the encryption key. */
  hmacKey: Uint8Array;
}

/** Encryption and blind indexing of normalised ID numbers with the service's keys. */
export interface IdProtection {
  /** `v1:<iv>:<tag>:<ciphertext>` (base64 parts), bound to `customerId`. */
  encrypt(number: string, customerId: string): string;
  /** The number back; throws if the value was altered or belongs to another customer. */
  decrypt(stored: string, customerId: string): string;
  /** Base64 HMAC-SHA256 of the number: the duplicate-detection key. */
  blindIndex(number: string): string;
  /**
   * `pty_` + 26 Crockford base32 characters (the first 130 bits of HMAC-SHA256 of
   * `party:<orgId>:<blindIndex>`): the same for every record of one number in an organisation.
   */
  partyId(orgId: string, blindIndex: string): string;
}

export function createIdProtection(keys: IdProtectionKeys): IdProtection {
  const encryptionKey = Buffer.from(keys.encryptionKey);
  const hmacKey = Buffer.from(keys.hmacKey);
  if (encryptionKey.length !== keyBytes) throw new Error("the encryption key must be 32 bytes");
  if (hmacKey.length !== keyBytes) throw new Error("the HMAC key must be 32 bytes");
  if (encryptionKey.equals(hmacKey)) {
    throw new Error("the encryption key and the HMAC key must be different");
  }

  return {
    encrypt(number, customerId) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv("aes-256-gcm", encryptionKey, iv, { authTagLength: tagBytes });
      cipher.setAAD(Buffer.from(customerId, "utf8"));
      const ciphertext = Buffer.concat([cipher.update(number, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [format, ...[iv, tag, ciphertext].map((part) => part.toString("base64"))].join(":");
    },

    decrypt(stored, customerId) {
      const parts = stored.split(":");
      if (parts.length !== 4 || parts[0] !== format) {
        throw new Error("not an encrypted ID number of a known format");
      }
      const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, "base64"));
      const decipher = createDecipheriv("aes-256-gcm", encryptionKey, iv!, {
        authTagLength: tagBytes,
      });
      decipher.setAAD(Buffer.from(customerId, "utf8"));
      decipher.setAuthTag(tag!);
      return Buffer.concat([decipher.update(ciphertext!), decipher.final()]).toString("utf8");
    },

    blindIndex(number) {
      return createHmac("sha256", hmacKey).update(number, "utf8").digest("base64");
    },

    partyId(orgId, blindIndex) {
      const digest = createHmac("sha256", hmacKey)
        .update(`party:${orgId}:${blindIndex}`, "utf8")
        .digest();
      return `pty_${crockford(digest, partyIdChars)}`;
    },
  };
}

/** Crockford base32 alphabet (no I, L, O, U), as ids use (@slms/db newId). */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 26 characters, like the body of every other id: 130 bits. */
const partyIdChars = 26;

/** The first `chars` × 5 bits of `bytes` in Crockford base32, most significant first. */
function crockford(bytes: Buffer, chars: number): string {
  let out = "";
  for (let i = 0; i < chars; i++) {
    const bit = i * 5;
    // Two bytes always hold the 5 bits starting at `bit`.
    const pair = ((bytes[bit >> 3] ?? 0) << 8) | (bytes[(bit >> 3) + 1] ?? 0);
    out += CROCKFORD[(pair >> (11 - (bit & 7))) & 31];
  }
  return out;
}
