import fs from "node:fs";
import path from "node:path";
import { renderPNG } from "../test/support/pdf-render.js";
import { openSandbox } from "./sandbox.js";

/**
 * Renders sample documents to PNG with MuPDF (the npm package mupdf, WebAssembly) into docs/screenshots/:
 * the agreement, a session record and the case-file cover, from a case built through the services.
 * Run: npx tsx scripts/render-documents.ts [--out DIR]
 */
const outArg = process.argv.indexOf("--out");
const out = path.resolve(outArg > 0 ? process.argv[outArg + 1]! : "docs/screenshots");
const box = await openSandbox("render");
const { services: s, knex, user } = box;
const clerk = await user("clerk");
const mediator = await user("mediator");
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const person = (side: string, name: string, gender: string, birthDate: string, occupation: string) => ({
  side,
  kind: "person",
  name,
  gender,
  birthDate,
  ethnicity: "汉族",
  occupation,
  phone: "13907331234",
  address: "湖南省株洲市渌口区南洲镇北洲村第二村民小组",
});
const { detail } = await s.cases.intake(clerk, {
  source: "application",
  typeCode: "neighbourhood",
  regionCode: "430212101201",
  amountFen: 150000,
  occurredOn: today,
  summary:
    "申请人与被申请人系前后邻居。被申请人翻修房屋时将屋檐加长，雨水直落申请人院内，致申请人院墙受潮开裂，双方多次争执未果，申请人要求被申请人改造屋檐排水并赔偿修墙费用。",
  parties: [
    person("applicant", "刘顺", "male", "1962-03-18", "农民"),
    person("respondent", "王㛃", "female", "1975-11-02", "个体经营者"),
  ],
});
const id = detail.id;
const act = async (u: typeof clerk, a: string, body: object) =>
  s.cases.act(u, id, a, { version: (await s.cases.get(u, id)).version, ...body });
await act(clerk, "accept", {});
let k = await s.cases.get(clerk, id);
await act(clerk, "record-consent", {
  noticeGivenOn: today,
  consents: k.parties.map((p) => ({ partyId: p.id, consented: true })),
});
const lead = await knex("mediators").where({ name: "王德明" }).first();
const elder = await knex("mediators").where({ name: "刘长庚" }).first();
await act(clerk, "assign", {
  mediators: [
    { mediatorId: lead.id, role: "lead" },
    { mediatorId: elder.id, role: "co" },
  ],
  partiesConsented: true,
});
await act(mediator, "record-session", {
  heldAt: new Date().toISOString(),
  placeKind: "courtyard",
  place: "刘顺家院内",
  isPublic: true,
  attendees: [
    { name: "刘顺", role: "申请人" },
    { name: "王㛃", role: "被申请人" },
    { name: "王德明", role: "主持调解员" },
    { name: "刘长庚", role: "协助调解员（五老）" },
  ],
  applicantStatement: "王家屋檐加长后，雨水全落我家院里，院墙已经裂了，要求改屋檐并赔修墙的钱。",
  respondentStatement: "屋檐是按老样子修的，愿意加装接水槽，修墙钱可以商量。",
  proposals: "调解员到现场查看后提出：被申请人加装雨水槽并将排水引入村道边沟，赔偿修墙费用一千五百元。",
  record:
    "调解员讲明《民法典》第二百九十条相邻排水的规定，老党员刘长庚以邻里相处之道劝解双方。双方表示愿意各退一步。",
  outcome: "agreement",
});
k = await s.cases.get(clerk, id);
const agreement = {
  form: "written",
  facts: "被申请人翻修房屋时加长屋檐，雨水直落申请人院内，致院墙受潮开裂。",
  disputedMatters: "屋檐排水的改造责任及院墙修复费用的承担。",
  responsibilities: "被申请人改变屋檐排水未顾及相邻方，应负主要责任。",
  terms: "一、被申请人加装雨水槽，将雨水引入村道边沟；二、被申请人赔偿申请人修墙费用人民币一千五百元。",
  obligations: [
    {
      obligor: k.parties[1]!.id,
      obligee: k.parties[0]!.id,
      content: "加装雨水槽并引水入村道边沟",
      manner: "自行施工",
      place: "被申请人房屋",
      dueOn: today,
    },
    {
      obligor: k.parties[1]!.id,
      obligee: k.parties[0]!.id,
      content: "赔偿修墙费用",
      amountFen: 150000,
      manner: "现金",
      place: "北洲村人民调解委员会",
      dueOn: today,
    },
  ],
};
fs.mkdirSync(out, { recursive: true });
const render = async (name: string, pdf: Buffer, page = 1) => {
  fs.writeFileSync(path.join(out, `${name}.png`), renderPNG(pdf, page - 1, 90));
  console.log(`wrote ${path.join(out, name)}.png`);
};
// Printed before it is signed (issue 16.3): the draft, marked 待签署, then the signed agreement.
const { version } = await s.cases.get(mediator, id);
await s.agreementDrafts.save(mediator, id, { ...agreement, version });
await render("document-agreement-draft", (await s.documents.renderDraft(mediator, id, "agreement")).pdf);
await act(mediator, "record-agreement", {
  ...agreement,
  signedOn: today,
  signatures: [
    { partyId: k.parties[0]!.id, signedOn: today, method: "sign" },
    { partyId: k.parties[1]!.id, signedOn: today, method: "thumbprint" },
  ],
});
await render(
  "document-confirmation-application-draft",
  (await s.documents.renderDraft(clerk, id, "confirmation-application")).pdf,
);
await render("document-agreement", (await s.documents.render(clerk, id, "agreement", "")).pdf);
await render("document-session-record", (await s.documents.render(clerk, id, "session-record", "1")).pdf);
await render("document-file-cover", (await s.documents.caseFile(clerk, id)).pdf);
await render("document-file-index", (await s.documents.caseFile(clerk, id)).pdf, 2);
await box.close();
