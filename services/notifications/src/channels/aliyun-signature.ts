/**
 * Alibaba Cloud RPC-style request signing (SignatureVersion 1.0, HMAC-SHA1), as the SMS service
 * (dysmsapi, SendSms) documents it: every parameter but Signature sorted by name, names and
 * values percent-encoded per RFC 3986 (space as %20, `*` as %2A, `~` kept), joined into the
 * canonical query; the string to sign is `METHOD&%2F&` + the canonical query percent-encoded
 * again; the signature is base64(HMAC-SHA1(key = AccessKeySecret + "&", string to sign)).
 */
import { createHmac } from "node:crypto";

/** RFC 3986 percent-encoding: only A–Z a–z 0–9 - _ . ~ stay as they are. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The canonical query string of a request's parameters (without Signature). */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name !== "Signature")
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] ?? "")}`)
    .join("&");
}

/** The Signature parameter of a request sent with `method` (GET or POST). */
export function aliyunSignature(
  method: "GET" | "POST",
  params: Readonly<Record<string, string>>,
  accessKeySecret: string,
): string {
  const stringToSign = `${method}&${percentEncode("/")}&${percentEncode(canonicalQuery(params))}`;
  return createHmac("sha1", `${accessKeySecret}&`).update(stringToSign, "utf8").digest("base64");
}
