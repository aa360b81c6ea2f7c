import { beijingDateTime, chineseDate } from "../chinese-format.js";
import { SIZE, type DocWriter } from "../pdf.js";
import { sideLabel } from "../text.js";
import { beijingDate } from "../../shared/dates.js";
import type { ESignedView } from "../../signing/views.js";
import type { DocContext } from "./context.js";

const IMAGE_HEIGHT = 40;
const SEAL_SIZE = 118; // about 42 mm, a committee seal's diameter

/**
 * The end of an agreement signed on the phone (issue 19): each party's handwritten signature beside
 * their name with the day, the lead mediator's signature (confirmed when the seal was applied), the
 * committee's name and the day it took effect under its seal image.
 */
export function drawESignatures(w: DocWriter, ctx: DocContext, e: ESignedView): void {
  const { kase } = ctx;
  const a = kase.agreement!;
  const doc = w.doc;
  const images = ctx.signatureImages ?? new Map<number, Buffer>();
  w.ensureSpace(kase.parties.length * (IMAGE_HEIGHT + 14) + 60);
  doc.font("serif").fontSize(SIZE.body).fillColor("#000");
  const dateX = w.left + 320;
  const line = (label: string, y: number, date: string | null, png?: Buffer) => {
    const text = w.fix(label);
    doc.text(text, w.left, y + IMAGE_HEIGHT / 2 - 8, { lineBreak: false });
    if (png) doc.image(png, w.left + doc.widthOfString(text) + 6, y, { fit: [150, IMAGE_HEIGHT] });
    if (date) doc.text(date, dateX, y + IMAGE_HEIGHT / 2 - 8, { lineBreak: false });
    doc.x = w.left;
    doc.y = y + IMAGE_HEIGHT + 10;
  };
  for (const p of kase.parties) {
    const s = e.signatures.find((x) => x.partyId === p.id);
    const date = s ? chineseDate(beijingDate(new Date(s.signedAt))) : null;
    line(`${sideLabel(p)} ${p.name}（签名）：`, doc.y, date, s ? images.get(s.id) : undefined);
  }
  // The lead mediator's signature: confirmed by the committee when the seal was applied (seal-agreement).
  const lead = kase.assignments.find((x) => !x.endedAt && x.role === "lead");
  line(
    `人民调解员（签名）：${lead?.mediatorName ?? ""}（已签名确认）`,
    doc.y,
    a.mediatorSignedOn ? chineseDate(a.mediatorSignedOn) : null,
  );
  // The committee's name and the day, with the seal over them (as a seal is pressed on paper).
  w.ensureSpace(SEAL_SIZE + 40);
  doc.moveDown(2.5);
  const top = doc.y;
  doc.font("serif").fontSize(SIZE.body);
  doc.text(w.fix(ctx.committee.sealName), { align: "right" });
  doc.text(a.sealedOn ? chineseDate(a.sealedOn) : "", { align: "right" });
  const right = w.left + w.width;
  if (ctx.sealImage) {
    doc.image(ctx.sealImage, right - SEAL_SIZE - 10, top - SEAL_SIZE / 2 + 18, {
      fit: [SEAL_SIZE, SEAL_SIZE],
    });
  } else {
    doc.text("（印章）", { align: "right" });
  }
  doc.x = w.left;
  doc.y = Math.max(doc.y, top + SEAL_SIZE / 2 + 10);
}

/**
 * 电子签名记录, a last page: who signed, when, from which phone (middle digits masked) and address
 * (partly masked), how, and the SHA-256 of the text every signature covers.
 */
export function drawSigningRecord(w: DocWriter, ctx: DocContext, e: ESignedView): void {
  const doc = w.doc;
  doc.addPage();
  w.title("电子签名记录");
  w.right(ctx.kase.number);
  w.para(
    "本协议由各方当事人在手机上阅读全文后手写签名，并以发送至本人手机的短信验证码确认；签名时记录下列信息。协议文本的 SHA-256 摘要如下，文本的任何改动都会使摘要不同，签名即不再对应。",
    { size: SIZE.small },
  );
  w.gap(0.4);
  doc.font("serif").fontSize(SIZE.small).text("协议文本 SHA-256：");
  doc.font("serif").fontSize(SIZE.small).text(e.hash, { characterSpacing: 0.3 });
  w.gap(0.4);
  const names = new Map(ctx.kase.parties.map((p) => [p.id, `${sideLabel(p)} ${p.name}`]));
  w.table(
    [
      ["签署人", "签署时间", "手机号", "IP 地址", "方式"],
      ...e.signatures.map((s) => [
        names.get(s.partyId) ?? s.partyName,
        beijingDateTime(s.signedAt),
        s.phoneMasked,
        s.ipMasked,
        s.provider === "sms-handwriting" ? "手写签名＋短信验证码" : s.provider,
      ]),
    ],
    [3, 3, 2.2, 2, 2.8],
    { header: true, size: SIZE.small },
  );
  const a = ctx.kase.agreement!;
  const lead = ctx.kase.assignments.find((x) => !x.endedAt && x.role === "lead");
  w.para(
    `调解员签名、加盖印章：${lead?.mediatorName ?? ""}，${ctx.committee.name}，${a.sealedOn ? chineseDate(a.sealedOn) : ""}；协议自该日起生效。`,
    { size: SIZE.small },
  );
  w.para("持本协议者可扫描协议末尾的验证码，在验证网址核对协议文本的摘要。", { size: SIZE.small });
}
