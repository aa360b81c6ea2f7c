import express, { type Request, type Response, type Router } from "express";
import { ConflictError, ValidationError } from "../../errors.js";
import type { DispatchTargets } from "../../grid/types.js";
import { idParam } from "../../http/ids.js";
import { queryOf } from "../../http/query.js";
import { primaryRole } from "../../people/roles.js";
import { hasRole, type SessionUser } from "../../people/scope.js";
import { beijingDate } from "../../shared/dates.js";
import type { Services } from "../../services.js";
import { defaultDueOn } from "../../grid/ages.js";
import { FORM_OPTIONS, reportView } from "./view.js";

type Values = Record<string, unknown>;
type FormName = "dispatch" | "close" | "reply" | "rating";

/** 已被他人处理: the report moved on (stale version, or another step taken) while the form was open. */
export const HANDLED_ELSEWHERE = "已被他人处理，下面是最新情况，您填写的内容没有保存。";

const DONE: Record<string, string> = {
  reported: "已上报，综治中心会尽快分流处理。",
  dispatch: "已交办。",
  close: "已关闭。",
  reply: "办理结果已提交。",
  rating: "感谢您的评价！",
};

const BACK: Record<string, [string, string]> = {
  grid_worker: ["/grid", "返回我的上报"],
  dispatcher: ["/grid/desk", "返回调度台"],
  department_staff: ["/grid/orders", "返回工单"],
};

/** The dispatch form's choices: committees then departments, the 大事不出镇 default marked with its reason. */
function targetOptions(targets: DispatchTargets) {
  return [...targets.committees, ...targets.departments].map((t) => ({
    id: t.id,
    name: t.name,
    kindText: t.kindLabel,
    isDefault: t.id === targets.defaultId,
    reason: t.id === targets.defaultId ? targets.reason : null,
  }));
}

function kindOf(targets: DispatchTargets, id: unknown): string | undefined {
  return [...targets.committees, ...targets.departments].find((t) => String(t.id) === String(id))?.kind;
}

/**
 * One report's page for staff (/grid/reports/{id}): status, facts, photos, outcome and timeline
 * for whoever may see it (the service answers 404 otherwise), and the forms the caller may use
 * now — dispatch and close (the centre), reply (the department), rating (the reporter).
 */
export function reportPageRoutes(services: Services): Router {
  const router = express.Router();
  const { grid } = services;

  async function render(req: Request, res: Response, status: number, extra: Values = {}) {
    const user = req.user!;
    const id = idParam(req.params.id);
    const detail = await grid.get(user, id);
    const now = services.clock.now();
    const targets = detail.can.dispatch ? await grid.dispatchTargets(user, id) : null;
    const options = targets ? targetOptions(targets) : [];
    const [backHref, backLabel] = BACK[primaryRole(user.roles)] ?? ["/", "返回首页"];
    res.status(status).render("pages/grid/report", {
      title: `上报 ${id}`,
      report: reportView(detail, now),
      backHref,
      backLabel,
      caseLink: hasRole(user, "clerk", "mediator", "director", "officer", "admin"),
      canDispatch: detail.can.dispatch && options.length > 0,
      canClose: detail.can.close,
      canReply: detail.can.reply,
      canRate: detail.can.rate,
      targets: options,
      // Without a default the reason is said above the choices (e.g. 安全隐患 go to a department).
      targetsHint: targets && targets.defaultId === null ? targets.reason : null,
      dispatchValues: targets
        ? {
            to: targets.defaultId,
            // No default (a hazard, a request): it goes to a department, so a department's week.
            dueOn: defaultDueOn(kindOf(targets, targets.defaultId) ?? "department", now),
          }
        : {},
      replyValues: { doneOn: beijingDate(now) },
      ratingAction: `/grid/reports/${id}/rating`,
      photoBase: "/grid/photos",
      satisfactionOptions: FORM_OPTIONS.satisfactionOptions,
      today: beijingDate(now),
      done: DONE[queryOf(req).done ?? ""] ?? null,
      ...extra,
    });
  }

  router.get("/grid/reports/:id", (req, res) => render(req, res, 200));

  /** Runs one form's service call; a refusal re-renders the page with the form as typed. */
  function post(form: FormName, call: (user: SessionUser, id: number, body: Values) => Promise<unknown>) {
    return async (req: Request, res: Response) => {
      const id = idParam(req.params.id);
      const body = { ...((req.body ?? {}) as Values) };
      delete body._csrf;
      try {
        await call(req.user!, id, body);
        res.redirect(303, `/grid/reports/${id}?done=${form}`);
      } catch (err) {
        const values = { [`${form}Values`]: body, form };
        if (err instanceof ValidationError) return render(req, res, 400, { ...values, errors: err.errors });
        // A rating refused says why (already rated, not done yet); any other step was taken by someone else.
        const conflict = form === "rating" && err instanceof ConflictError ? err.message : HANDLED_ELSEWHERE;
        if (err instanceof ConflictError) return render(req, res, 409, { ...values, conflict });
        throw err;
      }
    };
  }

  router.post(
    "/grid/reports/:id/dispatch",
    post("dispatch", async (user, id, body) => {
      // An emptied due date takes the usual one for where it goes (a week for a department).
      if (!body.dueOn && body.to) {
        const kind = kindOf(await grid.dispatchTargets(user, id), body.to);
        if (kind) body.dueOn = defaultDueOn(kind, services.clock.now());
      }
      return grid.dispatch(user, id, body);
    }),
  );
  router.post(
    "/grid/reports/:id/close",
    post("close", (user, id, body) => grid.close(user, id, body)),
  );
  router.post(
    "/grid/reports/:id/reply",
    post("reply", (user, id, body) => grid.reply(user, id, body)),
  );
  router.post(
    "/grid/reports/:id/rating",
    post("rating", (user, id, body) => grid.rate(user, id, body)),
  );

  return router;
}
