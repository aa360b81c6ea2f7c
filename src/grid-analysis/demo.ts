import type { Knex } from "knex";
import type { Clock } from "../clock.js";
import { addDays, beijingDate } from "../shared/dates.js";
import { watchReasons } from "./rules.js";

/**
 * Demo 管控: the 南洲镇综治中心 watches its riskiest open dispute (a grid report when the demo has
 * one, else a case), checked in twice, the next check-in missed two days ago, so the watch list
 * and the desks show an overdue one. Run after the grid demo; does nothing when there is a watch
 * item already or nothing risky to watch.
 */
export async function seedDemoWatch(knex: Knex, clock: Clock): Promise<boolean> {
  const today = beijingDate(clock.now());
  return knex.transaction(async (trx) => {
    if (Number((await trx("watch_items").count({ n: "*" }).first())?.n ?? 0) > 0) return false;
    const centre = await trx("organisations")
      .where({ name: "南洲镇综治中心", kind: "governance_center" })
      .first();
    const dispatcher = await trx("users").where({ username: "center" }).first();
    if (!centre || !dispatcher) return false;
    const report = await trx("grid_reports")
      .where("region_code", "like", "430212101%")
      .whereIn("status", ["new", "dispatched"])
      .whereNull("case_id")
      .where((w) =>
        w.whereIn("risk_level", ["serious", "major"]).orWhere("threats", true).orWhere("people", ">=", 5),
      )
      .orderBy("reported_at")
      .first();
    const kase = report
      ? null
      : await trx("cases")
          .where("region_code", "like", "430212101%")
          .whereNotIn("status", ["closed", "declined"])
          .where((w) => w.whereIn("risk_level", ["serious", "major"]).orWhere("people_involved", ">=", 5))
          .orderBy("registered_on")
          .first();
    const subject = report ?? kase;
    if (!subject) return false;
    const reasons = watchReasons({
      riskLevel: String(subject.risk_level),
      threats: Boolean(report?.threats),
      people: report ? (report.people ?? null) : (kase.people_involved ?? null),
      repeat: false,
    });
    const at = (day: string) => new Date(`${day}T09:30:00+08:00`).toISOString();
    const created = addDays(today, -16);
    const [row] = await trx("watch_items")
      .insert({
        version: 3,
        case_id: kase ? kase.id : null,
        report_id: report ? report.id : null,
        centre_id: centre.id,
        reasons_json: JSON.stringify(reasons.length ? reasons : ["risk_serious"]),
        note: "每周回访一次；双方再有聚集苗头立即报派出所和镇调委会",
        next_check_on: addDays(today, -2),
        checker_name: String(dispatcher.display_name),
        checker_user_id: dispatcher.id,
        status: "open",
        created_at: at(created),
        created_by: dispatcher.id,
      })
      .returning("id");
    const itemId = Number(typeof row === "object" ? row.id : row);
    const checkins: [number, string, number][] = [
      [-9, "到村走访，双方已同意由镇调委会组织调解，情绪平稳", -2],
      [-16, "列入管控当日电话联系双方，告知不得聚集，已报派出所备案", -9],
    ];
    for (const [day, note, next] of checkins.reverse()) {
      await trx("watch_checkins").insert({
        item_id: itemId,
        checked_on: addDays(today, day),
        by_user_id: dispatcher.id,
        note,
        next_check_on: addDays(today, next),
        created_at: at(addDays(today, day)),
      });
    }
    return true;
  });
}
