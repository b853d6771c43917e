/**
 * API client credentials. A client calls with `authorization: Bearer <client_id>.<secret>`:
 * the id (`apc_…`) finds the row by primary key, the secret proves possession.
 *
 * The secret is 32 random bytes (base64url, 43 characters): with 256 bits of entropy nothing can
 * be guessed or brute-forced offline from its hash, so a fast hash (SHA-256) is enough and no
 * slow password hash (argon2, bcrypt) is spent on every call. Hashes are compared in constant
 * time.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A new secret: 32 random bytes, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** SHA-256 hex of a secret, as stored in `api_clients.secret_hash`. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Whether `secret` is the one whose hash is stored; constant time in the hash. */
export function secretMatches(storedHash: string, secret: string): boolean {
  const expected = Buffer.from(storedHash, "hex");
  const actual = Buffer.from(hashSecret(secret), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export interface BearerCredential {
  clientId: string;
  secret: string;
}

const bearer = /^Bearer ([a-z]{3}_[0-9A-Z]{26})\.([A-Za-z0-9_-]{1,128})$/;

/**
 * The client id and secret of an `authorization` value, or null when it is missing or not of
 * the form `Bearer <client_id>.<secret>` (the scheme is case-insensitive, as in HTTP).
 */
export function parseBearer(authorization: string | undefined): BearerCredential | null {
  if (!authorization || authorization.length > 256) return null;
  const normalised = authorization.trim().replace(/^bearer /i, "Bearer ");
  const match = bearer.exec(normalised);
  if (!match) return null;
  return { clientId: match[1]!, secret: match[2]! };
}
