import type { Knex } from "knex";
import { DateTime } from "luxon";
import { CaseService } from "../cases/service.js";
import type { Clock } from "../clock.js";
import type { MessageService } from "../messages/service.js";
import { AuthService } from "../people/auth.js";
import type { SessionUser } from "../people/scope.js";
import { addDays, beijingDate, ZONE } from "../shared/dates.js";
import { DEMO_OTHER_SIDE_PHONE, DEMO_PARTY_PHONE } from "./history.js";

/**
 * 不见面调解 for the demo villager (13800138000), so /my and the mediator's desk show it: their
 * case in mediation gets an online session tomorrow at 09:30 (Beijing), and a second dispute of
 * theirs, registered twelve days ago and mediated once, has its written agreement out for signing
 * on the phone. Everything goes through the case service's own actions (schedule-session,
 * record-agreement without a date), so the room key, the text's SHA-256 and the SMS are real; the
 * earlier steps of the second case run on a clock set to their day and queue no SMS for the past.
 * Deterministic for a given day. Called after the rest of the demo by `npm start` and
 * `npm run seed:demo`; never by the tests' own setups.
 */
export async function seedDemoOnline(
  knex: Knex,
  clock: Clock,
  deps: { messages: Pick<MessageService, "queue">; publicUrl: string },
): Promise<boolean> {
  const committee = (await knex("organisations").where({ name: "北洲村人民调解委员会" }).first("id")) as
    { id: number } | undefined;
  const villagerCase = (await knex("cases as c")
    .join("parties as p", "p.case_id", "c.id")
    .where({
      "c.organisation_id": committee?.id ?? 0,
      "c.status": "in_mediation",
      "p.phone": DEMO_PARTY_PHONE,
    })
    .orderBy("c.id", "desc")
    .first("c.id", "p.name")) as { id: number; name: string } | undefined;
  const other = villagerCase
    ? ((await knex("parties")
        .where({ case_id: villagerCase.id, phone: DEMO_OTHER_SIDE_PHONE })
        .first("name")) as { name: string } | undefined)
    : undefined;
  const auth = new AuthService(knex, clock, 24);
  const user = async (username: string): Promise<SessionUser | null> => {
    const row = (await knex("users").where({ username }).first("id")) as { id: number } | undefined;
    return row ? auth.sessionUser(Number(row.id)) : null;
  };
  const [clerk, mediator] = await Promise.all(["clerk", "mediator"].map(user));
  const wang = (await knex("mediators")
    .where({ user_id: mediator?.id ?? 0 })
    .first("id")) as { id: number } | undefined;
  if (!villagerCase || !other || !clerk || !mediator || !wang) return false;

  let now = clock.now();
  const past = new CaseService(knex, { now: () => new Date(now) }, { queue: () => Promise.resolve(null) });
  const live = new CaseService(knex, clock, deps.messages, deps.publicUrl);
  const act = async (svc: CaseService, by: SessionUser, id: number, action: string, body: object = {}) =>
    svc.act(by, id, action, { version: (await svc.get(by, id)).version, ...body });
  const today = beijingDate(clock.now());
  const at = (day: string, time: string) => DateTime.fromISO(`${day}T${time}`, { zone: ZONE }).toJSDate();

  // 1. The case in mediation: 王德明 joins its mediator as co-mediator and sets a video session for tomorrow.
  const kase = await past.get(clerk, villagerCase.id);
  const lead = kase.assignments.find((a) => !a.endedAt && a.role === "lead");
  if (lead && lead.mediatorId !== Number(wang.id)) {
    await act(live, clerk, kase.id, "assign", {
      mediators: [
        { mediatorId: lead.mediatorId, role: "lead" },
        { mediatorId: Number(wang.id), role: "co" },
      ],
    });
  }
  await act(live, mediator, kase.id, "schedule-session", {
    startsAt: `${addDays(today, 1)}T09:30`,
    placeKind: "online",
  });

  // 2. Another dispute of the same neighbours, registered twelve days ago and mediated once since.
  const registeredOn = addDays(today, -12);
  now = at(registeredOn, "09:20");
  const party = (side: "applicant" | "respondent", name: string, phone: string, born: string) => ({
    side,
    kind: "person",
    name,
    gender: side === "applicant" ? "female" : "male",
    birthDate: born,
    ethnicity: "汉族",
    occupation: "农民",
    phone,
    address: "湖南省株洲市渌口区南洲镇北洲村第一村民小组",
  });
  const { detail } = await past.intake(clerk, {
    source: "application",
    typeCode: "neighbourhood",
    summary: "被申请人在两家共用的田埂上栽种果树，树根伸入申请人稻田，影响耕种，双方多次争吵。",
    occurredOn: addDays(today, -20),
    regionCode: "430212101201001",
    address: "北洲村第一村民小组",
    amountYuan: "600",
    peopleInvolved: 2,
    riskLevel: "ordinary",
    parties: [
      party("applicant", villagerCase.name, DEMO_PARTY_PHONE, "1968-04-12"),
      party("respondent", other.name, DEMO_OTHER_SIDE_PHONE, "1966-09-03"),
    ],
  });
  const id = detail.id;
  now = at(registeredOn, "10:05");
  await act(past, clerk, id, "accept");
  await act(past, clerk, id, "record-consent", {
    noticeGivenOn: registeredOn,
    consents: detail.parties.map((p) => ({ partyId: p.id, consented: true })),
  });
  await act(past, clerk, id, "assign", { mediators: [{ mediatorId: Number(wang.id), role: "lead" }] });
  const heldOn = addDays(today, -3);
  now = at(heldOn, "16:30");
  await act(past, mediator, id, "record-session", {
    heldAt: at(heldOn, "15:00").toISOString(),
    placeKind: "office",
    place: "北洲村人民调解室",
    isPublic: true,
    attendees: [
      { name: villagerCase.name, role: "申请人" },
      { name: other.name, role: "被申请人" },
      { name: "王德明", role: "主持调解员" },
    ],
    applicantStatement: "果树根系伸入稻田，影响插秧，要求移走果树并赔偿减产损失。",
    respondentStatement: "果树已栽三年，愿意修剪根系，移树有困难。",
    proposals: "由被申请人开沟断根并赔偿减产损失。",
    record:
      "双方到场陈述意见，经调解员释明相邻关系的规定，双方同意开沟断根并赔偿损失，待拟定书面协议后签署。",
    outcome: "agreement",
  });

  // 3. The written agreement, sent to both parties to read and sign on their phones (today, with SMS).
  const parties = (await live.get(mediator, id)).parties;
  const applicant = parties.find((p) => p.side === "applicant")!;
  const respondent = parties.find((p) => p.side === "respondent")!;
  await act(live, mediator, id, "record-agreement", {
    form: "written",
    facts: "被申请人在两家共用的田埂上栽种果树，树根伸入申请人稻田，影响耕种。",
    disputedMatters: "果树是否移栽及申请人减产损失的赔偿。",
    responsibilities: "被申请人栽种果树未留足距离，对申请人的损失负主要责任。",
    terms:
      "一、被申请人在田埂靠己方一侧开沟断根，今后不再向申请人稻田延伸。二、被申请人赔偿申请人减产损失 600 元。",
    obligations: [
      {
        obligor: respondent.id,
        obligee: applicant.id,
        content: "在田埂靠己方一侧开沟断根",
        manner: "自行开沟",
        place: "北洲村第一村民小组两家相邻田埂",
        dueOn: addDays(today, 20),
      },
      {
        obligor: respondent.id,
        obligee: applicant.id,
        content: "赔偿减产损失",
        amountFen: 60000,
        manner: "现金支付",
        place: "北洲村人民调解室",
        dueOn: addDays(today, 30),
      },
    ],
  });
  return true;
}
