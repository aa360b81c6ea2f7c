import { PAGE, type DocWriter } from "../pdf.js";

export interface PosterOrganisation {
  name: string;
  phone: string | null;
  address: string | null;
}

/**
 * The committee's office poster (A4, one page, no verification code: it is not a document of a
 * case): the committee's name, a large QR code to /my/apply and the address in words, so people
 * find the parties' pages without typing. Pure: draws what it is given.
 */
export function drawOfficePoster(w: DocWriter, org: PosterOrganisation, publicUrl: string): void {
  const doc = w.doc;
  doc.addPage();
  const centred = (text: string, size: number, bold = false, gap = 0.4) => {
    doc
      .font(bold ? "serif-bold" : "serif")
      .fontSize(size)
      .fillColor("#000")
      .text(w.fix(text), w.left, doc.y, { width: w.width, align: "center", lineGap: 4 });
    doc.moveDown(gap);
  };
  doc.y = 70;
  centred(org.name, 30, true, 0.8);
  centred("有纠纷，找调解", 44, true, 0.3);
  centred("手机扫码申请调解、查看案件进展", 20, false, 0.6);

  const size = 250;
  const y = doc.y;
  w.qr(`${publicUrl}/my/apply`, (PAGE.width - size) / 2, y, size);
  doc.y = y + size + 8;
  centred("或用手机浏览器打开：", 14, false, 0.1);
  centred(`${publicUrl}/my`, 18, true, 0.8);
  if (org.phone) centred(`办公电话：${org.phone}`, 16, false, 0.2);
  if (org.address) centred(`办公地址：${org.address}`, 16, false, 0.2);
  doc.moveDown(0.6);
  centred("调解不收费", 30, true, 0);
}
