import { describe, expect, it } from "vitest";
import { aliyunSignature, percentEncode } from "./aliyun-signature.ts";

describe("aliyunSignature", () => {
  it("reproduces the SendSms example of Alibaba Cloud's signing documentation", () => {
    const params = {
      AccessKeyId: "testId",
      Action: "SendSms",
      Format: "XML",
      OutId: "123",
      PhoneNumbers: "15300000001",
      RegionId: "cn-hangzhou",
      SignName: "阿里云短信测试专用",
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: "45e25e9b-0a6f-4070-8c85-2956eda1b466",
      SignatureVersion: "1.0",
      TemplateCode: "SMS_71390007",
      TemplateParam: '{"customer":"test"}',
      Timestamp: "2017-07-12T02:42:19Z",
      Version: "2017-05-25",
    };
    expect(aliyunSignature("GET", params, "testSecret")).toBe("zJDF+Lrzhj/ThnlvIToysFRq6t4=");
  });

  it("differs by method, so a GET signature does not pass for a POST", () => {
    const params = { Action: "SendSms", PhoneNumbers: "15300000001" };
    expect(aliyunSignature("GET", params, "k")).not.toBe(aliyunSignature("POST", params, "k"));
  });
});

describe("percentEncode", () => {
  it.each([
    ["a b", "a%20b"],
    ["*", "%2A"],
    ["~-_.", "~-_."],
    ["/=&+", "%2F%3D%26%2B"],
    ["!'()", "%21%27%28%29"],
    ["元", "%E5%85%83"],
  ])("%s → %s", (raw, encoded) => {
    expect(percentEncode(raw)).toBe(encoded);
  });
});
