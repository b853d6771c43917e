import type { Redis } from "ioredis";
import { redisUnavailable } from "../redis.ts";

/** A response saved for replay. */
export interface SavedResponse {
  status: number;
  body: unknown;
}

export type BeginResult =
  | { kind: "started" }
  | { kind: "in_progress" }
  | { kind: "mismatch" }
  | { kind: "done"; response: SavedResponse };

/**
 * Records of `Idempotency-Key` requests. `begin` atomically claims a key for a request
 * fingerprint; exactly one of any number of concurrent claims gets `started`.
 */
export interface IdempotencyStore {
  begin(key: string, fingerprint: string, ttlMs: number): Promise<BeginResult>;
  complete(key: string, fingerprint: string, response: SavedResponse, ttlMs: number): Promise<void>;
  /** Forgets a claim whose request failed in a way worth retrying (5xx). */
  abandon(key: string): Promise<void>;
}

interface Entry {
  fingerprint: string;
  response?: SavedResponse;
}

function judge(entry: Entry, fingerprint: string): BeginResult {
  if (entry.fingerprint !== fingerprint) return { kind: "mismatch" };
  return entry.response ? { kind: "done", response: entry.response } : { kind: "in_progress" };
}

/**
 * Shared by every gateway replica through Redis (`SET NX` claims the key). While Redis is
 * unreachable every method fails `unavailable` (503): no request runs without its claim.
 */
export function redisIdempotencyStore(redis: Redis, prefix = "slms:idem:"): IdempotencyStore {
  const records = "idempotency records";
  return {
    begin: (key, fingerprint, ttlMs) =>
      redisUnavailable(records, async () => {
        const entry: Entry = { fingerprint };
        const claimed = await redis.set(prefix + key, JSON.stringify(entry), "PX", ttlMs, "NX");
        if (claimed === "OK") return { kind: "started" } as const;
        const existing = await redis.get(prefix + key);
        // Expired between the two commands: treat as in progress; the client retries.
        if (existing === null) return { kind: "in_progress" } as const;
        return judge(JSON.parse(existing) as Entry, fingerprint);
      }),
    complete: (key, fingerprint, response, ttlMs) =>
      redisUnavailable(records, async () => {
        const entry: Entry = { fingerprint, response };
        await redis.set(prefix + key, JSON.stringify(entry), "PX", ttlMs);
      }),
    abandon: (key) =>
      redisUnavailable(records, async () => {
        await redis.del(prefix + key);
      }),
  };
}

/** Embedded mode: the same records in this process's memory. */
export function memoryIdempotencyStore(now: () => number = Date.now): IdempotencyStore {
  const entries = new Map<string, Entry & { expiresAt: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    async begin(key, fingerprint, ttlMs) {
      const existing = live(key);
      if (existing) return judge(existing, fingerprint);
      entries.set(key, { fingerprint, expiresAt: now() + ttlMs });
      return { kind: "started" };
    },
    async complete(key, fingerprint, response, ttlMs) {
      entries.set(key, { fingerprint, response, expiresAt: now() + ttlMs });
    },
    async abandon(key) {
      entries.delete(key);
    },
  };
}
