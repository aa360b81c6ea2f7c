import { SIZE, type DocWriter } from "../pdf.js";

/** The words beside the QR code on the 告知书: where a party follows the case on a phone. */
export function partyAccessText(portalUrl: string): string {
  return `用手机扫码或打开 ${portalUrl}，输入手机号即可查看案件进展、表示是否同意调解、上传证据材料、评价调解工作`;
}

/**
 * A small block near the end of a paper handed to parties: a QR code to /my and the words
 * saying what they can do there. The address is configuration (PUBLIC_URL), not case data: it is
 * kept out of the document's content fingerprint, so a new address does not change a code.
 */
export function partyAccess(w: DocWriter, portalUrl: string): void {
  const doc = w.doc;
  const size = 60;
  const pad = 6;
  w.ensureSpace(size + pad * 2 + 16);
  const top = doc.y + 10;
  const y = top + pad;
  w.qr(portalUrl, w.left + pad, y, size);
  const x = w.left + pad + size + 10;
  const width = w.width - (x - w.left) - pad;
  doc
    .font("serif-bold")
    .fontSize(SIZE.small)
    .fillColor("#000")
    .text("当事人网上查看", x, y + 6, { width })
    .font("serif")
    .text(w.fix(partyAccessText(portalUrl)), x, doc.y + 3, { width, lineGap: 3 });
  const bottom = Math.max(doc.y, y + size) + pad;
  // A box, so it is not taken for the verification code's QR just below.
  doc
    .rect(w.left, top, w.width, bottom - top)
    .lineWidth(0.6)
    .stroke("#000");
  doc.x = w.left;
  doc.y = bottom + 2;
}
