import type { Knex } from "knex";
import { isoNow, type Clock } from "../clock.js";
import { recordAudit } from "../audit/audit.js";
import { committee as committeeRow } from "../cases/intake-repository.js";
import { ConflictError, ForbiddenError, NotFoundError, STALE_MESSAGE, ValidationError } from "../errors.js";
import type { SessionUser } from "../people/scope.js";
import { COMMITTEE_KINDS, ORGANISATION_KIND_LABELS, regionPrefix } from "../places/kinds.js";
import { beijingDate } from "../shared/dates.js";
import { parseOrThrow } from "../validation.js";
import { createLinkedCase, hasBothSides, partiesOf } from "./case-link.js";
import type { GridRepository, Org, ReportRow } from "./repository.js";
import { dispatchSchema } from "./schema.js";
import { isDispatcher, sightOf } from "./sight.js";
import type { DispatchTarget, DispatchTargets } from "./types.js";

const NOT_FOUND = "找不到该上报事项，或您无权查看";

/** 大事不出镇: a dispute of serious or major risk, or of five people or more, stays with the township. */
export function isTownshipMatter(r: Pick<ReportRow, "riskLevel" | "people">): boolean {
  return r.riskLevel === "serious" || r.riskLevel === "major" || (r.people ?? 0) >= 5;
}

const asTarget = (o: Org): DispatchTarget => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  kindLabel: ORGANISATION_KIND_LABELS[o.kind],
});

/** 分流: where a centre may send a report, the default among them, and the dispatch itself. */
export class GridDispatch {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly repo: GridRepository,
    private readonly received: (trx: Knex.Transaction, r: ReportRow, to: string) => Promise<void>,
  ) {}

  async targets(actor: SessionUser, id: number): Promise<DispatchTargets> {
    if (!isDispatcher(actor)) throw new ForbiddenError("只有综治中心调度员可以分流");
    const row = await this.find(this.knex, actor, id);
    return this.targetsFor(this.knex, actor, row);
  }

  /**
   * The committees of the centre's area (village and township committees; professional committees
   * of the county) and the county's departments. The default: for a dispute, the township committee
   * when it is a township matter (isTownshipMatter), else the village committee serving the place
   * (the township committee where the village has none); other categories go to a department.
   */
  private async targetsFor(
    db: Knex | Knex.Transaction,
    actor: SessionUser,
    row: ReportRow,
  ): Promise<DispatchTargets> {
    const area = regionPrefix(actor.organisation.regionCode, actor.organisation.regionLevel);
    const county = actor.organisation.regionCode.slice(0, 6);
    // One after another: inside a transaction the queries share one connection.
    const local = await this.repo.organisationsUnder(db, ["village_committee", "township_committee"], [area]);
    const professional = await this.repo.organisationsUnder(db, ["professional_committee"], [county]);
    const departments = await this.repo.organisationsUnder(db, ["department"], [county]);
    const township = local.find(
      (o) => o.kind === "township_committee" && o.regionCode.slice(0, 9) === row.regionCode.slice(0, 9),
    );
    const village = local.find(
      (o) => o.kind === "village_committee" && o.regionCode.slice(0, 12) === row.regionCode.slice(0, 12),
    );
    let chosen: Org | undefined;
    let reason: string;
    if (row.category !== "dispute") {
      reason = "安全隐患、群众诉求请转交对应的职能部门办理";
    } else if (isTownshipMatter(row)) {
      chosen = township;
      reason = "大事不出镇：风险等级较大以上或涉及 5 人以上的纠纷，默认由乡镇（街道）人民调解委员会调处";
    } else {
      chosen = village ?? township;
      reason = village
        ? "小事不出村：一般纠纷默认由纠纷发生地的村（社区）人民调解委员会调处"
        : "发生地没有村（社区）人民调解委员会，默认由乡镇（街道）人民调解委员会调处";
    }
    const committees = [...local, ...professional].filter((o) => o.id !== chosen?.id);
    return {
      defaultId: chosen?.id ?? null,
      reason,
      committees: [...(chosen ? [chosen] : []), ...committees].map(asTarget),
      departments: departments.map(asTarget),
    };
  }

  async dispatch(actor: SessionUser, id: number, input: unknown): Promise<void> {
    if (!isDispatcher(actor)) throw new ForbiddenError("只有综治中心调度员可以分流");
    const now = this.clock.now();
    const today = beijingDate(now);
    const data = parseOrThrow(dispatchSchema(today), input);
    const at = isoNow(this.clock);
    await this.knex.transaction(async (trx) => {
      const row = await this.find(trx, actor, id);
      if (row.version !== data.version) throw new ConflictError(STALE_MESSAGE);
      if (row.status !== "new") throw new ConflictError("该上报已分流或已办结，不能再分流");
      const targets = await this.targetsFor(trx, actor, row);
      const target = [...targets.committees, ...targets.departments].find((t) => t.id === data.to);
      if (!target) {
        throw new ValidationError([
          { field: "to", message: "分流去向不是本中心可转交的调解委员会或职能部门" },
        ]);
      }
      const toCommittee = COMMITTEE_KINDS.includes(target.kind);
      if (toCommittee && !hasBothSides(partiesOf(row))) {
        throw new ValidationError([
          { field: "to", message: "该上报没有写明双方当事人，不能转调解委员会立案；请转职能部门或关闭" },
        ]);
      }
      const moved = await this.repo.updateGuarded(
        trx,
        id,
        { version: row.version, status: "new" },
        {
          status: "dispatched",
          dispatched_to: target.id,
          dispatched_at: at,
          dispatched_by: actor.id,
          due_on: data.dueOn,
          dispatch_note: data.note,
          case_id: null,
          result: null,
          done_on: null,
          updated_at: at,
        },
      );
      if (!moved) throw new ConflictError(STALE_MESSAGE);
      let kase: { id: number; number: string } | null = null;
      if (toCommittee) {
        const org = (await this.repo.organisation(trx, target.id))!;
        const numbered = { ...org, numberPrefix: (await committeeRow(trx, target.id)).numberPrefix };
        kase = await createLinkedCase(trx, this.repo, row, numbered, { userId: actor.id, at, today });
        await trx("grid_reports").where({ id }).update({ case_id: kase.id });
      }
      const note = data.note ? `。说明：${data.note}` : "";
      const what = kase ? `，已在该委员会立案（案号 ${kase.number}）` : "（工单）";
      await this.repo.insertEvent(trx, {
        reportId: id,
        at,
        actorUserId: actor.id,
        actorPhone: null,
        kind: "dispatched",
        text: `${actor.organisation.name}转交${target.name}办理${what}，办理期限 ${data.dueOn}${note}`,
        data: { to: target.id, dueOn: data.dueOn, caseId: kase?.id ?? null },
      });
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "grid_report.dispatch",
        entityType: "grid_report",
        entityId: id,
        before: { status: "new" },
        after: { status: "dispatched", to: target.id, dueOn: data.dueOn, caseId: kase?.id ?? null },
        at,
      });
      await this.received(trx, row, target.name);
    });
  }

  private async find(db: Knex | Knex.Transaction, actor: SessionUser, id: number): Promise<ReportRow> {
    const row = Number.isInteger(id) && id > 0 ? await this.repo.find(db, id, sightOf(actor)) : null;
    if (!row) throw new NotFoundError(NOT_FOUND);
    return row;
  }
}
