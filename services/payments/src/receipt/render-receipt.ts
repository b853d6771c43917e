import PDFDocument from "pdfkit";
import type { Receipt } from "../domain/receipt.ts";
import { receiptFonts } from "./fonts.ts";

/** A5 landscape, in points. */
const page = { width: 595.28, height: 419.53, margin: 32 };
const ink = "#1a1a1a";
const muted = "#666666";

/**
 * Lays out a receipt on one A5 landscape page (it prints on A4 at 71 % or on A5 paper). All text
 * is set in Noto Sans SC, embedded as a subset, so Chinese renders in any viewer. A reversed
 * payment's receipt carries a large VOID (作废) watermark and the reason.
 */
export function renderReceiptPdf(receipt: Receipt): Promise<Buffer> {
  const fonts = receiptFonts();
  const doc = new PDFDocument({
    size: [page.width, page.height],
    // Footer lines sit inside the bottom margin; a page margin there would push them over.
    margins: { top: page.margin, left: page.margin, right: page.margin, bottom: 4 },
    info: { Title: `${receipt.title} ${receipt.receiptNumber}`, Author: receipt.siteName },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("regular", fonts.regular);
  doc.registerFont("bold", fonts.bold);

  const left = page.margin;
  const width = page.width - 2 * page.margin;
  doc.fillColor(ink).font("bold").fontSize(16).text(receipt.siteName, left, page.margin, {
    width,
    align: "center",
  });
  doc.fontSize(13).text(receipt.title, { width, align: "center" });
  doc.moveDown(0.6);

  const half = width / 2;
  const row = (label: string, value: string, x: number, y: number, w: number) => {
    doc.font("regular").fontSize(8).fillColor(muted).text(label, x, y, { width: w });
    doc
      .font("regular")
      .fontSize(10)
      .fillColor(ink)
      .text(value || "—", x, y + 10, { width: w - 8 });
  };
  let y = doc.y;
  row("收据编号 Receipt No.", receipt.receiptNumber, left, y, half);
  row("收款日期 Received", receipt.receivedAt, left + half, y, half);
  y += 28;
  row("交款人 Payer", receipt.payer, left, y, half);
  row("客户 Customer", receipt.customerId, left + half, y, half);
  y += 28;
  row("收款方式 Method", receipt.method, left, y, half);
  row("租约 Lease", receipt.lease, left + half, y, half);
  y += 28;
  row("交易参考号 Reference", receipt.reference, left, y, half);
  row("经办人 Cashier", receipt.cashier, left + half, y, half);
  y += 32;

  doc
    .moveTo(left, y)
    .lineTo(left + width, y)
    .strokeColor("#999999")
    .lineWidth(0.5)
    .stroke();
  y += 6;
  doc.font("regular").fontSize(8).fillColor(muted).text("金额 Amount", left, y);
  doc
    .font("bold")
    .fontSize(15)
    .fillColor(ink)
    .text(receipt.amount, left, y + 10);
  if (receipt.amountInWords) {
    doc
      .font("regular")
      .fontSize(8)
      .fillColor(muted)
      .text("大写 In words", left + half, y);
    doc
      .font("bold")
      .fontSize(11)
      .fillColor(ink)
      .text(receipt.amountInWords, left + half, y + 12, {
        width: half,
      });
  }
  y += 38;
  doc
    .moveTo(left, y)
    .lineTo(left + width, y)
    .stroke();
  y += 6;

  doc.font("regular").fontSize(8).fillColor(muted).text("款项分配 Applied to", left, y);
  y += 12;
  for (const line of receipt.lines.slice(0, 8)) {
    doc
      .font("regular")
      .fontSize(9)
      .fillColor(ink)
      .text(line.label, left, y, { width: width - 110 });
    doc.text(line.amount, left + width - 110, y, { width: 110, align: "right" });
    y += 13;
  }
  if (receipt.lines.length > 8) {
    doc
      .fontSize(8)
      .fillColor(muted)
      .text(`… +${receipt.lines.length - 8}`, left, y);
    y += 12;
  }
  if (receipt.allocationNote) {
    doc.font("regular").fontSize(9).fillColor(muted).text(receipt.allocationNote, left, y);
    y += 13;
  }

  if (receipt.voided) {
    const note = `已作废 VOID: ${receipt.voided.reason} ${receipt.voided.at}`;
    doc
      .font("bold")
      .fontSize(10)
      .fillColor("#c62828")
      .text(note, left, page.height - page.margin - 28, {
        width,
      });
    doc.save();
    doc.rotate(-25, { origin: [page.width / 2, page.height / 2] });
    doc.font("bold").fontSize(96).fillColor("#c62828", 0.25);
    doc.text("作废 VOID", 0, page.height / 2 - 60, {
      width: page.width,
      align: "center",
      lineBreak: false,
    });
    doc.restore();
  }
  doc
    .font("regular")
    .fontSize(7)
    .fillColor(muted)
    .text(
      "本收据由系统生成，收据编号连续且唯一。This receipt is system-generated; receipt numbers are consecutive and unique.",
      left,
      page.height - page.margin - 10,
      { width, align: "center", lineBreak: false },
    );
  doc.end();
  return done;
}
