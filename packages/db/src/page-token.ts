import { invalid } from "@slms/errors";
import { isDateInRange, isInstantInRange } from "@slms/primitives";

/**
 * Keyset page tokens: the sort key of a page's last row, as base64url JSON, opaque to callers.
 * A token comes back from the client, so it is input like any other: decoding checks every part
 * against the key's declared shape (a crafted token holding NUL, a year 275760 time or an object
 * where an id belongs would otherwise reach SQL) and refuses anything else as `invalid`, naming
 * the field — never a database error.
 *
 * @example
 * const tokens = pageTokens({ receivedAt: "instant", id: "id" });
 * const next = tokens.encode({ receivedAt: last.receivedAt.toISOString(), id: last.id });
 * const after = tokens.decode(request.pageToken); // undefined for the first page
 */
export type PageKeyPart = "id" | "text" | "instant" | "date" | "int";

type PartValue<P extends PageKeyPart> = P extends "int" ? number : string;
export type PageKey<S extends Record<string, PageKeyPart>> = { [K in keyof S]: PartValue<S[K]> };

export interface PageTokens<S extends Record<string, PageKeyPart>> {
  encode(key: PageKey<S>): string;
  /** The key of a token this codec issued; undefined for none or ""; else `invalid`. */
  decode(token: string | undefined, field?: string): PageKey<S> | undefined;
}

const MAX_TOKEN_LENGTH = 1_000;
const MAX_TEXT_LENGTH = 300;

const partOk: Record<PageKeyPart, (value: unknown) => boolean> = {
  id: (v) => typeof v === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(v),
  text: (v) =>
    typeof v === "string" &&
    v.length <= MAX_TEXT_LENGTH &&
    !v.includes("\u0000") &&
    v.isWellFormed(),
  instant: (v) =>
    typeof v === "string" &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(v) &&
    isInstantInRange(Date.parse(v)),
  date: (v) => isDateInRange(v),
  int: (v) => typeof v === "number" && Number.isSafeInteger(v),
};

export function pageTokens<S extends Record<string, PageKeyPart>>(shape: S): PageTokens<S> {
  const names = Object.keys(shape);
  return {
    encode(key) {
      return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
    },
    decode(token, field = "pageToken") {
      if (token === undefined || token === "") return undefined;
      const refuse = () =>
        invalid("invalid page token", [{ field, message: "is not a token this API issued" }]);
      if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+={0,2}$/.test(token)) throw refuse();
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
      } catch {
        throw refuse();
      }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw refuse();
      const record = parsed as Record<string, unknown>;
      if (Object.keys(record).length !== names.length) throw refuse();
      for (const name of names) {
        if (!partOk[shape[name] as PageKeyPart](record[name])) throw refuse();
      }
      return record as PageKey<S>;
    },
  };
}
