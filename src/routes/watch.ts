import express, { type Request, type Router } from "express";
import { NotFoundError } from "../errors.js";
import { WATCH_REASON_LABELS } from "../grid-analysis/rules.js";
import { addDays } from "../shared/dates.js";
import type { Services } from "../services.js";
import { submitForm } from "./form.js";

/** Proposals shown at once, the most reasons first; the rest wait until these are decided. */
const SUGGESTIONS_SHOWN = 20;
const idOf = (req: Request) => Number(req.params.id);
const REASONS = Object.entries(WATCH_REASON_LABELS).map(([value, label]) => ({ value, label }));

/** 管控 (/watch): the centre's watch list, its proposals, check-ins and closing; 404 for others. */
export function watchRoutes(services: Services): Router {
  const router = express.Router();
  const watch = services.watch;

  router.get("/watch", async (req, res) => {
    const user = req.user!;
    watch.scope(user);
    const status = req.query.status === "closed" ? "closed" : "open";
    const overdue = req.query.overdue === "1";
    const [items, suggestions] = await Promise.all([
      watch.list(user, { status, overdue }),
      status === "open" && !overdue ? watch.suggestions(user) : Promise.resolve([]),
    ]);
    res.render("pages/watch/index", {
      title: "管控名单",
      items,
      suggestions: suggestions.slice(0, SUGGESTIONS_SHOWN),
      moreSuggestions: Math.max(0, suggestions.length - SUGGESTIONS_SHOWN),
      suggestionCount: suggestions.length,
      status,
      overdue,
      tab: status === "closed" ? "closed" : overdue ? "overdue" : "open",
      overdueCount: items.filter((i) => i.overdue).length,
      canAdd: watch.canAdd(user),
    });
  });

  async function newForm(req: Request, subject: string) {
    const proposed = (await watch.suggestions(req.user!)).find((s) => s.subject === subject);
    if (!proposed) throw new NotFoundError("该纠纷不在待管控建议中");
    return { title: "列入管控", proposed, reasons: REASONS };
  }

  router.get("/watch/new", async (req, res) => {
    if (!watch.canAdd(req.user!)) throw new NotFoundError();
    const model = await newForm(req, String(req.query.subject ?? ""));
    res.render("pages/watch/new", {
      ...model,
      values: {
        subject: model.proposed.subject,
        reasons: model.proposed.reasons.map((r) => r.code),
        nextCheckOn: addDays(watch.today(), 7),
        checkerName: req.user!.displayName,
      },
    });
  });

  router.post("/watch", async (req, res) => {
    if (!watch.canAdd(req.user!)) throw new NotFoundError();
    const body = req.body as Record<string, unknown>;
    const values = { ...body, reasons: [body.reasons ?? []].flat() };
    await submitForm(
      res,
      "pages/watch/new",
      () => newForm(req, String(body.subject ?? "")),
      values,
      async () => `/watch/${await watch.add(req.user!, body)}`,
    );
  });

  async function showModel(req: Request) {
    const item = await watch.get(req.user!, idOf(req));
    return {
      title: `管控对象：${item.subject.label}`,
      item,
      canAct: watch.canAct(req.user!) && item.status === "open",
      today: watch.today(),
    };
  }

  router.get("/watch/:id", async (req, res) => {
    const model = await showModel(req);
    res.render("pages/watch/show", {
      ...model,
      values: { checkedOn: model.today, nextCheckOn: addDays(model.today, 7) },
    });
  });

  router.post("/watch/:id/check-in", async (req, res) => {
    const model = await showModel(req);
    await submitForm(
      res,
      "pages/watch/show",
      async () => model,
      req.body,
      async () => {
        await watch.checkIn(req.user!, idOf(req), req.body);
        return `/watch/${idOf(req)}`;
      },
    );
  });

  router.post("/watch/:id/close", async (req, res) => {
    const model = await showModel(req);
    await submitForm(
      res,
      "pages/watch/show",
      async () => ({ ...model, closing: true }),
      req.body,
      async () => {
        await watch.close(req.user!, idOf(req), req.body);
        return `/watch/${idOf(req)}`;
      },
    );
  });

  return router;
}
