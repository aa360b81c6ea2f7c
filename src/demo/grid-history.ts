import type { Knex } from "knex";
import { CaseService } from "../cases/service.js";
import type { Clock } from "../clock.js";
import { GridService } from "../grid/service.js";
import { AuthService } from "../people/auth.js";
import type { SessionUser } from "../people/scope.js";
import { addDays, beijingDate } from "../shared/dates.js";
import { DEMO_PARTY_PHONE } from "./history.js";
import { GIVEN, rng, SURNAMES } from "./history-vocabulary.js";

/**
 * Five months of the grid loop for the demo county (南洲镇综治中心): reports by the grid worker
 * 刘小红 and by the demo villager, dispatched to the 北洲村 / 洲坪村 / 南洲镇 committees (real cases,
 * the village ones resolved on the spot by their clerks) or to the two departments as work orders
 * (城管局 replies, some late; 住建局's recent ones still open, some overdue), a few closed as
 * duplicates, most rated, one reopened by a dissatisfied rating, the newest still waiting. Written
 * through the services themselves on a clock set to each day, so every row, event and link is as
 * the live loop writes it; no SMS is queued for the past. Deterministic for a given day. Called after
 * the case history by `npm start` and `npm run seed:demo`; never by the tests.
 */
export const GRID_HISTORY_REPORTS = 90;

const DISPUTES = [
  "两户因宅基地边界砌墙发生争执",
  "邻里因排水沟改道发生口角",
  "兄弟因赡养老人费用分摊发生矛盾",
  "村民与养殖户因异味扰民发生争执",
  "承包户之间因灌溉用水先后发生争吵",
  "两家因林地界址不清发生纠纷",
];
const HAZARDS = [
  "村道旁排水沟堵塞，雨天积水",
  "危旧房屋墙体开裂，有倒塌风险",
  "路边电线杆倾斜",
  "山塘堤坝渗水",
];
const REQUESTS = [
  "村口路灯损坏一个月未修",
  "垃圾清运不及时，堆放在路边",
  "申请修缮村组道路",
  "违规搭建影响通行",
];
const PLACES = ["430212101201", "430212101201001", "430212101201002", "430212101202", "430212101202001"];

export async function seedGridHistory(
  knex: Knex,
  clock: Clock,
  count = GRID_HISTORY_REPORTS,
): Promise<boolean> {
  const existing = await knex("grid_reports").count({ n: "*" }).first();
  if (Number(existing?.n ?? 0) > 0) return false;
  let now = clock.now();
  const past: Clock = { now: () => new Date(now) };
  const grid = new GridService(knex, past, { queue: () => Promise.resolve(null) });
  const cases = new CaseService(knex, past);
  cases.onConcluded((trx, c) => grid.caseConcluded(trx, c));
  const auth = new AuthService(knex, past, 24);
  const user = async (username: string): Promise<SessionUser | null> => {
    const row = (await knex("users").where({ username }).first("id")) as { id: number } | undefined;
    return row ? auth.sessionUser(Number(row.id)) : null;
  };
  const [worker, center, city, clerk, clerk2] = await Promise.all(
    ["grid", "center", "city", "clerk", "clerk2"].map(user),
  );
  if (!worker || !center || !city || !clerk || !clerk2) return false;
  const org = async (name: string) =>
    Number(((await knex("organisations").where({ name }).first("id")) as { id: number }).id);
  const committees = {
    "430212101201": { id: await org("北洲村人民调解委员会"), clerk },
    "430212101202": { id: await org("洲坪村人民调解委员会"), clerk: clerk2 },
  } as Record<string, { id: number; clerk: SessionUser }>;
  const township = await org("南洲镇人民调解委员会");
  const cgj = await org("渌口区城市管理和综合执法局");
  const zjj = await org("渌口区住房和城乡建设局");

  const today = beijingDate(clock.now());
  const r = rng(Number(today.replace(/-/g, "")) + 18);
  const pickOf = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  // A small pool of names per village, so the same people come back (研判's repeat disputes).
  const names = Array.from({ length: 14 }, () => pickOf(SURNAMES) + pickOf(GIVEN));
  const at = (day: string, hour: number) => {
    now = new Date(
      `${day}T${String(hour).padStart(2, "0")}:${String(Math.floor(r() * 60)).padStart(2, "0")}:00+08:00`,
    );
  };

  let reopened = false;
  for (let i = 0; i < count; i++) {
    const age = Math.round(150 - (i * 150) / count - r() * 2);
    const day = addDays(today, -Math.max(0, age));
    const kind = r();
    const category = kind < 0.55 ? "dispute" : kind < 0.8 ? "hazard" : "request";
    const place = pickOf(PLACES);
    const big = category === "dispute" && r() < 0.12;
    const byParty = i % 11 === 5;
    const parties =
      category === "dispute"
        ? [
            { side: "applicant", name: pickOf(names), ...(byParty ? { phone: DEMO_PARTY_PHONE } : {}) },
            { side: "respondent", name: pickOf(names) },
          ]
        : undefined;
    const summary = pickOf(category === "dispute" ? DISPUTES : category === "hazard" ? HAZARDS : REQUESTS);
    at(day, 8 + Math.floor(r() * 9));
    const reporter = byParty ? { kind: "party" as const, phone: DEMO_PARTY_PHONE } : worker;
    const { id } = await grid.report(reporter, {
      category,
      regionCode: place,
      summary,
      occurredOn: day,
      people: big ? 6 + Math.floor(r() * 20) : 2,
      parties,
      riskLevel: big ? "serious" : "ordinary",
      threats: big && r() < 0.5,
    });
    if (age <= 1) continue; // still waiting at the centre
    const dispatchDay = addDays(day, r() < 0.8 ? 0 : 1);
    if (r() < 0.06) {
      at(dispatchDay, 17);
      await grid.close(center, id, { version: 1, reason: "与此前上报的事项重复" });
      continue;
    }
    at(dispatchDay, 17);
    const village = committees[place.slice(0, 12)]!;
    if (category === "dispute") {
      // The township committee has no demo user to conclude its cases: only recent big ones go there.
      const toTownship = big && age < 40;
      const to = toTownship ? township : village.id;
      const report = await grid.dispatch(center, id, { version: 1, to, dueOn: addDays(dispatchDay, 15) });
      if (toTownship || age < 6) continue; // the township's cases and the newest stay open at the committee
      const kase = (await cases.get(village.clerk, report.caseId!))!;
      at(addDays(dispatchDay, 1 + Math.floor(r() * 5)), 10);
      await cases.act(village.clerk, kase.id, "resolve-on-spot", {
        version: kase.version,
        summary: "经调解员上门释法说理，双方达成谅解，当场化解。",
      });
    } else {
      // 住建局 has no demo user to reply: only its recent work orders, still open (some overdue).
      const toZjj = category === "hazard" && age <= 25 && r() < 0.6;
      const due = addDays(dispatchDay, 7);
      await grid.dispatch(center, id, { version: 1, to: toZjj ? zjj : cgj, dueOn: due });
      if (toZjj) continue;
      const doneOn = addDays(dispatchDay, 2 + Math.floor(r() * 9));
      if (doneOn > today) continue;
      at(doneOn, 11);
      await grid.reply(city, id, { version: 2, result: "已派员到场处理完毕，现场已恢复正常。", doneOn });
    }
    if (r() < 0.15) continue; // not rated yet
    const ratedOn = beijingDate(now) < today ? addDays(beijingDate(now), 1) : today;
    at(ratedOn, 19);
    // One recent report rated dissatisfied: back at the centre, flagged with the comment.
    const unhappy: boolean = !reopened && age < 30;
    reopened ||= unhappy;
    const satisfaction = unhappy ? "dissatisfied" : r() < 0.8 ? "satisfied" : "basically_satisfied";
    await grid.rate(
      reporter,
      id,
      unhappy ? { satisfaction, comment: "问题没有根本解决，希望再跟进" } : { satisfaction },
    );
  }
  return true;
}
