import { inflateSync } from "node:zlib";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import type { Receipt } from "../domain/receipt.ts";
import { renderReceiptPdf } from "./render-receipt.ts";

const receipt: Receipt = {
  title: "收款收据 RECEIPT",
  siteName: "浦东花园广场",
  receiptNumber: "SH-PUDONG-01-000123",
  receivedAt: "2026-01-15 10:30 (Asia/Shanghai)",
  payer: "上海鑫源贸易有限公司",
  customerId: "cus_01JD3Z6S41X7M2Q8RZ0B4C5D6E",
  lease: "HT-2026-0042",
  method: "银行转账 Bank transfer",
  reference: "TX-20260115-0001",
  amount: "¥12,345.67",
  amountInWords: "人民币壹万贰仟叁佰肆拾伍元陆角柒分",
  lines: [
    { label: "租金 Rent 2026-01-01 ~ 2026-01-31 (bil_1)", amount: "¥10,000.00" },
    { label: "预收款 Prepayment", amount: "¥2,345.67" },
  ],
  allocationNote: "",
  cashier: "王芳",
  voided: null,
};

/** The text a PDF viewer extracts (through the fonts' ToUnicode maps), without spacing. */
async function textOf(pdf: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: true });
  return text.replace(/\s+/g, "");
}

describe("renderReceiptPdf", () => {
  it("renders one page whose text includes the Chinese, in an embedded CJK font", async () => {
    const pdf = await renderReceiptPdf(receipt);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const doc = await getDocumentProxy(new Uint8Array(pdf));
    expect(doc.numPages).toBe(1);
    const text = await textOf(pdf);
    for (const expected of [
      "浦东花园广场",
      "收款收据",
      "SH-PUDONG-01-000123",
      "人民币壹万贰仟叁佰肆拾伍元陆角柒分",
      "¥12,345.67",
      "上海鑫源贸易有限公司",
      "银行转账",
      "租金",
      "预收款",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("作废");
    // The glyphs come from an embedded TrueType subset of Noto Sans SC, not a viewer's fallback.
    const raw = pdf.toString("latin1");
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
    expect(raw).toContain("/FontFile2");
    expect(embeddedFontBytes(pdf)).toBeGreaterThan(10_000);
  });

  it("carries a VOID watermark and the reason on a reversed payment's receipt", async () => {
    const pdf = await renderReceiptPdf({
      ...receipt,
      voided: { reason: "重复录入", at: "2026-01-16 09:00 (Asia/Shanghai)" },
    });
    const text = await textOf(pdf);
    expect(text).toContain("作废VOID");
    expect(text).toContain("已作废VOID:重复录入");
  });
});

/** Bytes of the embedded font programs (FontFile2 streams), inflated. */
function embeddedFontBytes(pdf: Buffer): number {
  const raw = pdf.toString("latin1");
  let total = 0;
  for (const match of raw.matchAll(/\/FontFile2 (\d+) 0 R/g)) {
    const object = new RegExp(`\\n${match[1]} 0 obj\\s*<<[^]*?>>\\s*stream\\r?\\n`).exec(raw);
    if (!object) continue;
    const start = object.index + object[0].length;
    const end = raw.indexOf("endstream", start);
    total += inflateSync(pdf.subarray(start, end)).length;
  }
  return total;
}
