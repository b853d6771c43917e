import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** An SMS the provider accepted. */
export interface AcceptedSms {
  phone: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  outId: string;
  bizId: string;
}

// Written here from Alibaba Cloud's documentation, independently of src/channels, so a mistake
// in the transport's signing is not repeated by the check: RFC 3986 encoding, sorted
// parameters, "POST&%2F&" + encoded query, HMAC-SHA1 keyed with secret + "&".
const encode = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
function expectedSignature(params: URLSearchParams, secret: string) {
  const query = [...params.entries()]
    .filter(([name]) => name !== "Signature")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .join("&");
  return createHmac("sha1", `${secret}&`)
    .update(`POST&${encode("/")}&${encode(query)}`)
    .digest("base64");
}

/**
 * A local stand-in for Alibaba Cloud SMS `SendSms` (API 2017-05-25): it checks every request's
 * signature with the access key's secret and answers as the provider does — `{"Code":"OK",
 * "BizId":…}`, a business error code with HTTP 200 for the numbers in `codes` (e.g.
 * isv.MOBILE_NUMBER_ILLEGAL), `SignatureDoesNotMatch` with HTTP 400 for a bad signature or an
 * unknown key, `SignatureNonceUsed` for a nonce seen before.
 */
export async function startAliyunSmsServer(options: {
  accessKeyId: string;
  accessKeySecret: string;
  codes?: Record<string, string>;
}) {
  const accepted: AcceptedSms[] = [];
  const refused: { phone: string; code: string }[] = [];
  const nonces = new Set<string>();
  let next = 1;
  const server = createServer(async (req, res) => {
    const answer = (status: number, body: Record<string, string>) => {
      res.writeHead(status, { "content-type": "application/json;charset=utf-8" });
      res.end(JSON.stringify({ RequestId: `req-${next++}`, ...body }));
    };
    if (req.method !== "POST")
      return answer(400, { Code: "InvalidParameter", Message: "POST only here" });
    const params = new URLSearchParams(await readBody(req));
    const signature = params.get("Signature") ?? "";
    if (
      params.get("AccessKeyId") !== options.accessKeyId ||
      signature !== expectedSignature(params, options.accessKeySecret)
    ) {
      return answer(400, {
        Code: "SignatureDoesNotMatch",
        Message: "Specified signature is not matched with our calculation.",
      });
    }
    for (const name of ["Action", "Version", "SignatureMethod", "SignatureVersion", "Timestamp"]) {
      if (!params.get(name)) return answer(400, { Code: "MissingParameter", Message: name });
    }
    if (params.get("Action") !== "SendSms" || params.get("Version") !== "2017-05-25") {
      return answer(400, { Code: "InvalidAction.NotFound", Message: "not SendSms 2017-05-25" });
    }
    const nonce = params.get("SignatureNonce") ?? "";
    if (nonces.has(nonce)) return answer(400, { Code: "SignatureNonceUsed", Message: nonce });
    nonces.add(nonce);
    const phone = params.get("PhoneNumbers") ?? "";
    const code = options.codes?.[phone];
    if (code) {
      refused.push({ phone, code });
      return answer(200, { Code: code, Message: `refused: ${code}` });
    }
    const bizId = `biz-${next}`;
    accepted.push({
      phone,
      signName: params.get("SignName") ?? "",
      templateCode: params.get("TemplateCode") ?? "",
      params: JSON.parse(params.get("TemplateParam") ?? "{}"),
      outId: params.get("OutId") ?? "",
      bizId,
    });
    return answer(200, { Code: "OK", Message: "OK", BizId: bizId });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/`,
    accepted,
    refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
