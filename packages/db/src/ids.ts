import { createHash, randomBytes } from "node:crypto";

/** Crockford base32 alphabet (no I, L, O, U), as ULID uses. */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const MAX_TIME = 2 ** 48 - 1;
const PREFIX = /^[a-z][a-z0-9]{0,15}$/;

/** Encodes a 48-bit millisecond timestamp as 10 Crockford base32 characters. */
export function encodeTime(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_TIME) {
    throw new RangeError(`timestamp out of range for a time-sortable id: ${ms}`);
  }
  let out = "";
  let rest = ms;
  for (let i = 0; i < TIME_CHARS; i++) {
    out = CROCKFORD[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** Decodes the time part (first 10 characters) of an id body back to milliseconds. */
export function decodeTime(body: string): number {
  let ms = 0;
  for (const ch of body.slice(0, TIME_CHARS)) {
    const v = CROCKFORD.indexOf(ch);
    if (v < 0) throw new RangeError(`not a Crockford base32 character: ${ch}`);
    ms = ms * 32 + v;
  }
  return ms;
}

/** 80 random bits as 16 base32 digits (each 0..31), most significant first. */
function randomDigits(): number[] {
  const bytes = randomBytes(RANDOM_CHARS);
  return Array.from(bytes, (b) => b & 31);
}

/** Adds one to a base32 digit array in place; false on overflow. */
function increment(digits: number[]): boolean {
  for (let i = digits.length - 1; i >= 0; i--) {
    const d = digits[i]!;
    if (d < 31) {
      digits[i] = d + 1;
      return true;
    }
    digits[i] = 0;
  }
  return false;
}

let lastIdTime = -1;
let lastIdRandom: number[] = [];

/** Formats an id body from a millisecond time and 16 base32 digits (0..31). */
export function formatIdBody(time: number, digits: readonly number[]): string {
  if (
    digits.length !== RANDOM_CHARS ||
    digits.some((d) => !Number.isInteger(d) || d < 0 || d > 31)
  ) {
    throw new RangeError("an id body needs 16 base32 digits");
  }
  return encodeTime(time) + digits.map((d) => CROCKFORD[d]).join("");
}

/**
 * The 26-character body of an id: 10 characters of millisecond time then 16 random characters,
 * ULID-style. Within one millisecond the random part is incremented, so bodies made by this
 * process sort in creation order.
 */
function nextIdBody(): string {
  let time = Math.max(Date.now(), lastIdTime);
  let random: number[];
  if (time === lastIdTime) {
    random = [...lastIdRandom];
    if (!increment(random)) {
      time += 1;
      random = randomDigits();
    }
  } else {
    random = randomDigits();
  }
  lastIdTime = time;
  lastIdRandom = random;
  return formatIdBody(time, random);
}

/**
 * A readable, time-sortable id: `<prefix>_<26 chars Crockford base32>`, e.g.
 * `lea_01JD3Z6S41X7M2Q8RZ0B4C5D6E`. The prefix says what the id names (lowercase letters and
 * digits, starting with a letter, at most 16 characters).
 */
export function newId(prefix: string): string {
  if (!PREFIX.test(prefix)) {
    throw new TypeError(
      `id prefix must be lowercase letters/digits starting with a letter (max 16): "${prefix}"`,
    );
  }
  return `${prefix}_${nextIdBody()}`;
}

let lastUuidTime = -1;
let lastUuidSeq = 0;

/**
 * A UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then a 12-bit sequence that counts up
 * within one millisecond (starting at a random value below 2048), then 62 random bits. UUIDs from
 * one process therefore sort in creation order, as text and as PostgreSQL `uuid`.
 */
export function uuidv7(): string {
  let time = Math.max(Date.now(), lastUuidTime);
  let seq: number;
  if (time === lastUuidTime) {
    seq = lastUuidSeq + 1;
    if (seq > 0xfff) {
      time += 1;
      seq = randomBytes(2).readUInt16BE(0) & 0x7ff;
    }
  } else {
    seq = randomBytes(2).readUInt16BE(0) & 0x7ff;
  }
  lastUuidTime = time;
  lastUuidSeq = seq;
  return formatUuidv7(time, seq, randomBytes(8));
}

/** Formats a UUID v7 from its millisecond time, 12-bit sequence and 8 random bytes. */
export function formatUuidv7(time: number, seq: number, random: Uint8Array): string {
  if (!Number.isSafeInteger(time) || time < 0 || time > MAX_TIME) {
    throw new RangeError(`timestamp out of range for uuidv7: ${time}`);
  }
  if (!Number.isInteger(seq) || seq < 0 || seq > 0xfff)
    throw new RangeError(`bad sequence: ${seq}`);
  if (random.length !== 8) throw new RangeError("uuidv7 needs 8 random bytes");
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(time, 0, 6);
  bytes.set(random, 8);
  bytes[6] = 0x70 | (seq >> 8);
  bytes[7] = seq & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The millisecond timestamp inside a UUID v7. */
export function uuidv7Time(uuid: string): number {
  return Number.parseInt(uuid.replaceAll("-", "").slice(0, 12), 16);
}

/**
 * A UUID named by a string: version 8 (RFC 9562, custom), its 122 free bits the first of the
 * name's SHA-256. The same name always gives the same UUID, so an event described again — a
 * batch of events the outbox relay expands again after a crash — keeps its id, and consumers'
 * inboxes take it once.
 */
export function nameUuid(name: string): string {
  const bytes = createHash("sha256").update(name).digest().subarray(0, 16);
  bytes[6] = 0x80 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
