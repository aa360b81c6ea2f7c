import type { Knex } from "knex";
import { caseWarnings } from "../cases/case-notes.js";
import { loadCase } from "../cases/repository.js";
import type { Clock } from "../clock.js";
import type { SessionUser } from "../people/scope.js";
import { beijingDate } from "../shared/dates.js";
import { gridFigures, type GridFigures } from "./figures.js";
import { hotSpots, villageTiles, type HotSpot } from "./hot-spots.js";
import { findRepeats, twelveMonthsTo, type RepeatGroup } from "./repeats.js";
import * as repo from "./repository.js";
import { previousPeriod, type Range } from "./rules.js";
import { analysisScope, narrowTo } from "./scope.js";
import { overdueByDepartment, type DepartmentOverdue } from "./work-orders.js";

/** How many cases in intake are looked at for escalation warnings (newest first). */
export const ESCALATION_LOOKED_AT = 200;

export interface Escalation {
  caseId: number;
  number: string;
  committee: string;
  registeredOn: string;
  message: string;
}

export interface Analysis {
  range: Range;
  previous: Range;
  prefix: string;
  hotSpots: HotSpot[];
  townships: ReturnType<typeof villageTiles>;
  repeats: RepeatGroup[];
  repeatWindow: Range;
  workOrders: DepartmentOverdue[];
  escalations: Escalation[];
  figures: GridFigures;
}

/**
 * 研判: hot spots, repeat disputes, overdue work orders, escalation warnings and the grid's
 * figures, over the caller's area (src/grid-analysis/README.md). Read-only.
 */
export class AnalysisService {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return beijingDate(this.clock.now());
  }

  /** The area's prefix, narrowed to `region` when given (404 outside the area or for other roles). */
  area(user: SessionUser, region?: string | null): string {
    return narrowTo(analysisScope(user), region);
  }

  async analysis(user: SessionUser, range: Range, region?: string | null): Promise<Analysis> {
    const prefix = this.area(user, region);
    const today = this.today();
    const previous = previousPeriod(range);
    const [now, before, names, regions, repeats, workOrders, escalations, figures] = await Promise.all([
      repo.hotSpotCounts(this.knex, prefix, range),
      repo.hotSpotCounts(this.knex, prefix, previous),
      repo.disputeTypeNames(this.knex),
      repo.areaRegions(this.knex, prefix.slice(0, 9)),
      this.repeats(prefix, range.to),
      repo
        .workOrderRows(this.knex, prefix, range, today)
        .then((rows) => overdueByDepartment(rows, range, today)),
      this.escalations(prefix),
      this.figuresIn(prefix, range),
    ]);
    const placeNames = new Map(regions.map((r) => [r.code, r.name]));
    const place = (v: string) => placeNames.get(v) ?? v;
    return {
      range,
      previous,
      prefix,
      hotSpots: hotSpots(now, before, names, place),
      townships: villageTiles(regions, now, before),
      repeats: repeats.groups,
      repeatWindow: repeats.window,
      workOrders,
      escalations,
      figures,
    };
  }

  /** The grid's figures for a period (the centre's line, the export and GET /api/v1/grid/stats). */
  async figures(user: SessionUser, range: Range, region?: string | null): Promise<GridFigures> {
    return this.figuresIn(this.area(user, region), range);
  }

  /**
   * This month's line for a desk (views/partials/grid-figures-line.hbs): `{ gridFigures,
   * gridPeriod }`, or null for a user with no 研判.
   */
  async deskFigures(user: SessionUser): Promise<{ gridFigures: GridFigures; gridPeriod: string } | null> {
    let prefix: string;
    try {
      prefix = this.area(user);
    } catch {
      return null;
    }
    const today = this.today();
    const from = `${today.slice(0, 7)}-01`;
    return {
      gridFigures: await this.figuresIn(prefix, { from, to: today }),
      gridPeriod: `本月（截至${Number(today.slice(5, 7))}月${Number(today.slice(8, 10))}日）`,
    };
  }

  private async figuresIn(prefix: string, range: Range): Promise<GridFigures> {
    const { rows, ratings } = await repo.figureRows(this.knex, prefix, range);
    return gridFigures(rows, ratings, this.today());
  }

  /** Repeat disputes in the twelve months ending on `to` (or today, if earlier). */
  async repeats(prefix: string, to: string): Promise<{ window: Range; groups: RepeatGroup[] }> {
    const today = this.today();
    const window = twelveMonthsTo(to < today ? to : today);
    return { window, groups: findRepeats(await repo.disputeRecords(this.knex, prefix, window), window) };
  }

  /**
   * The 大事不出镇 warnings the case page shows (src/cases/case-notes.ts `caseWarnings`, kind
   * `escalate`), for the area's cases in intake: computed by the cases module's own rule.
   */
  private async escalations(prefix: string): Promise<Escalation[]> {
    const ids = await repo.intakeCaseIds(this.knex, prefix, ESCALATION_LOOKED_AT);
    const out: Escalation[] = [];
    for (const id of ids) {
      const kase = await loadCase(this.knex, id);
      if (!kase) continue;
      for (const w of caseWarnings(kase, [], new Set()).filter((x) => x.kind === "escalate")) {
        out.push({
          caseId: kase.id,
          number: kase.number,
          committee: kase.organisationName,
          registeredOn: kase.registeredOn,
          message: w.message,
        });
      }
    }
    return out;
  }
}
