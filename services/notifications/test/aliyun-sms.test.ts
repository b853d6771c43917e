import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAliyunSmsTransport } from "../src/channels/aliyun-sms.ts";
import type { OutgoingMessage } from "../src/channels/transport.ts";
import { startAliyunSmsServer } from "./aliyun-server.ts";

// The SMS transport against a local server that checks the signature as Alibaba Cloud does and
// answers with its codes.
let provider: Awaited<ReturnType<typeof startAliyunSmsServer>>;

const sms = (recipient: string): OutgoingMessage => ({
  id: "ntf_01SMS",
  orgId: "org_1",
  siteId: "sit_1",
  kind: "dunning",
  channel: "sms",
  recipient,
  language: "zh-CN",
  subject: "",
  body: "…",
  variables: { billId: "bil_1", amount: "¥1,000.00", daysOverdue: "7" },
});
const transport = (secret = "s3cret") =>
  createAliyunSmsTransport({
    endpoint: provider.endpoint,
    accessKeyId: "LTAI-test",
    accessKeySecret: secret,
    signName: "滨江花园",
    templateCodes: { dunning: "SMS_000001" },
  });

beforeAll(async () => {
  provider = await startAliyunSmsServer({
    accessKeyId: "LTAI-test",
    accessKeySecret: "s3cret",
    codes: {
      "13800000002": "isv.MOBILE_NUMBER_ILLEGAL",
      "13800000003": "isv.BUSINESS_LIMIT_CONTROL",
    },
  });
});
afterAll(() => provider?.close());

describe("Alibaba Cloud SMS transport", () => {
  it("sends a signed request the provider accepts: template, parameters, OutId", async () => {
    const outcome = await transport().send(sms("+86 138-0000-0001"));
    expect(outcome).toMatchObject({ status: "sent", providerId: expect.stringMatching(/^biz-/) });
    expect(provider.accepted).toEqual([
      expect.objectContaining({
        phone: "8613800000001",
        signName: "滨江花园",
        templateCode: "SMS_000001",
        outId: "ntf_01SMS",
        params: { billId: "bil_1", amount: "¥1,000.00", daysOverdue: "7" },
      }),
    ]);
  });

  it("answers a number the provider refuses as a permanent failure with its code", async () => {
    expect(await transport().send(sms("13800000002"))).toEqual({
      status: "failed",
      permanent: true,
      reason: "sms: isv.MOBILE_NUMBER_ILLEGAL: refused: isv.MOBILE_NUMBER_ILLEGAL",
    });
  });

  it("answers flow control as worth another try", async () => {
    expect(await transport().send(sms("13800000003"))).toMatchObject({
      status: "failed",
      permanent: false,
      reason: expect.stringContaining("isv.BUSINESS_LIMIT_CONTROL"),
    });
  });

  it("is refused with SignatureDoesNotMatch when signed with the wrong secret", async () => {
    expect(await transport("wrong").send(sms("13800000001"))).toMatchObject({
      status: "failed",
      permanent: true,
      reason: expect.stringContaining("SignatureDoesNotMatch"),
    });
  });

  it("fails for good, without calling the provider, for a kind with no template code", async () => {
    const before = provider.accepted.length;
    expect(
      await transport().send({ ...sms("13800000001"), kind: "payment_receipt" }),
    ).toMatchObject({
      status: "failed",
      permanent: true,
    });
    expect(provider.accepted).toHaveLength(before);
  });
});
