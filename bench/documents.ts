import { performance } from "node:perf_hooks";
import { openSandbox } from "../scripts/sandbox.js";
import { percentile, writeResults } from "./_support.js";

/**
 * Documents: how long one written agreement (and the whole case file) takes to generate through
 * the real service, fonts embedded, verification code and QR included. Target: agreement < 100 ms.
 */
const box = await openSandbox("bench-docs");
const { services: s, knex, user } = box;
const clerk = await user("clerk");
const mediator = await user("mediator");
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const party = (side: string, name: string, gender: string) => ({
  side,
  kind: "person",
  name,
  gender,
  birthDate: "1970-05-06",
  ethnicity: "汉族",
  occupation: "农民",
  address: "湖南省株洲市渌口区南洲镇北洲村",
});
const { detail } = await s.cases.intake(clerk, {
  source: "application",
  typeCode: "neighbourhood",
  regionCode: "430212101201",
  amountFen: 130050,
  summary: "因宅旁排水沟堵塞，雨水倒灌申请人厨房，双方就疏通责任和损失赔偿发生争执。",
  parties: [party("applicant", "刘顺", "male"), party("respondent", "王桂香", "female")],
});
const id = detail.id;
const act = async (u: typeof clerk, a: string, body: object) => {
  const k = await s.cases.get(u, id);
  return s.cases.act(u, id, a, { version: k.version, ...body });
};
await act(clerk, "accept", {});
let k = await s.cases.get(clerk, id);
await act(clerk, "record-consent", {
  noticeGivenOn: today,
  consents: k.parties.map((p) => ({ partyId: p.id, consented: true })),
});
const lead = await knex("mediators").where({ name: "王德明" }).first();
await act(clerk, "assign", { mediators: [{ mediatorId: lead.id, role: "lead" }] });
await act(mediator, "record-session", {
  heldAt: new Date().toISOString(),
  placeKind: "office",
  isPublic: true,
  attendees: [{ name: "刘顺", role: "申请人" }],
  record: "经调解双方达成协议。",
  outcome: "agreement",
});
k = await s.cases.get(clerk, id);
await act(mediator, "record-agreement", {
  form: "written",
  facts: "排水沟堵塞。",
  disputedMatters: "疏通责任与赔偿。",
  responsibilities: "被申请人负主要责任。",
  terms: "被申请人疏通排水沟并赔偿损失。",
  obligations: [
    {
      obligor: k.parties[1]!.id,
      obligee: k.parties[0]!.id,
      content: "赔偿损失",
      amountFen: 130050,
      manner: "银行转账",
      place: "申请人指定账户",
      dueOn: today,
    },
  ],
  signedOn: today,
});

async function time(label: string, runs: number, fn: () => Promise<unknown>) {
  await fn(); // warm-up: first use reads the font files
  const ms: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  ms.sort((a, b) => a - b);
  return {
    document: label,
    runs,
    meanMs: +(ms.reduce((a, b) => a + b, 0) / runs).toFixed(1),
    p50Ms: +percentile(ms, 50).toFixed(1),
    p99Ms: +percentile(ms, 99).toFixed(1),
    // CPU time of the whole process (all threads) per document: steadier than wall time on a busy machine.
    cpuMs: +((used.user + used.system) / 1000 / runs).toFixed(1),
  };
}

const rows = [
  await time("agreement (人民调解协议书)", 40, () => s.documents.render(clerk, id, "agreement", "")),
  await time("session record (调解笔录)", 40, () => s.documents.render(clerk, id, "session-record", "1")),
  await time("whole case file (卷宗)", 10, () => s.documents.caseFile(clerk, id)),
];
writeResults("documents", rows, { target: "agreement p50 < 100 ms" });
await box.close();
