import express, { type Request, type Response, type Router } from "express";
import {
  DEEMED_WITHDRAWAL_GROUNDS,
  DEEMED_WITHDRAWAL_LABELS,
  REFUSAL_GROUND_LABELS,
  REFUSAL_GROUNDS,
  REJECTION_GROUND_LABELS,
  REJECTION_GROUNDS,
} from "../confirmations/periods.js";
import { beijingDate } from "../shared/dates.js";
import { ConflictError, LegalRuleError, ValidationError } from "../errors.js";
import { requireRole } from "../middleware/require-role.js";
import type { Services } from "../services.js";
import { LABELS } from "./case-options.js";
import { idParam } from "../http/ids.js";

const GROUND_OPTIONS = [
  ...REJECTION_GROUNDS.map((value) => ({
    value,
    label: `${REJECTION_GROUND_LABELS[value]}（第三百五十八条）`,
  })),
  ...REFUSAL_GROUNDS.map((value) => ({
    value,
    label: `${REFUSAL_GROUND_LABELS[value]}（立案后发现，第三百五十五条第二款）`,
  })),
];
const REFUSAL_OPTIONS = REFUSAL_GROUNDS.map((value) => ({ value, label: REFUSAL_GROUND_LABELS[value] }));
const WITHDRAWAL_OPTIONS = [
  { value: "party", label: "当事人申请撤回，裁定准许（第三百五十七条第一款）" },
  { value: "deemed", label: "按撤回申请处理（第三百五十七条第二款）" },
];
const DEEMED_OPTIONS = DEEMED_WITHDRAWAL_GROUNDS.map((value) => ({
  value,
  label: DEEMED_WITHDRAWAL_LABELS[value],
}));
const STATES = { new: "待立案", review: "审查中", extended: "已延长", decided: "已办结" } as const;

/** The judge's desk: the court's queue and each application with its whole case. */
export function courtRoutes(services: Services): Router {
  const router = express.Router();
  router.use("/court", requireRole("judge"));

  router.get("/court", async (req, res) => {
    const queue = await services.confirmations.queue(req.user!);
    res.render("pages/court/queue", { title: "司法确认申请", queue, states: STATES });
  });

  async function renderDetail(
    req: Request,
    res: Response,
    status: number,
    extra: Record<string, unknown> = {},
  ) {
    const { item, kase } = await services.confirmations.get(req.user!, idParam(req.params.id));
    const today = beijingDate(services.clock.now());
    // 线上申请 (src/online-confirmation/): who agreed on their phone, when, and the materials sent.
    const online =
      item.channel === "online"
        ? {
            agreed: await services.onlineConfirmation.agreedFor(item.id, kase),
            materials: kase.confirmations.find((c) => c.id === item.id)?.materials ?? [],
          }
        : null;
    res.status(status).render("pages/court/confirmation", {
      online,
      title: `司法确认 · ${kase.number}`,
      item,
      kase,
      states: STATES,
      labels: LABELS,
      groundOptions: GROUND_OPTIONS,
      refusalOptions: REFUSAL_OPTIONS,
      withdrawalOptions: WITHDRAWAL_OPTIONS,
      deemedOptions: DEEMED_OPTIONS,
      partyOptions: kase.parties.map((p) => ({ value: String(p.id), label: p.name })),
      outcomeOptions: [
        { value: "confirmed", label: "调解协议有效（确认）" },
        { value: "rejected", label: "驳回司法确认申请" },
      ],
      done: typeof req.query.done === "string" ? req.query.done : null,
      today,
      values: { filedOn: today, decidedOn: today, requestedOn: today },
      events: [...kase.events].reverse(),
      ...extra,
      ...stepValues(extra, today),
    });
  }

  router.get("/court/confirmations/:id", (req, res) => renderDetail(req, res, 200));

  for (const step of ["file", "extend", "decision", "request", "refuse", "withdraw"] as const) {
    router.post(`/court/confirmations/:id/${step}`, async (req, res) => {
      try {
        const id = idParam(req.params.id);
        if (step === "file") await services.confirmations.file(req.user!, id, req.body);
        else if (step === "extend") await services.confirmations.extend(req.user!, id, req.body);
        else if (step === "request") await services.confirmations.requestMaterial(req.user!, id, req.body);
        else if (step === "refuse") await services.confirmations.refuse(req.user!, id, req.body);
        else if (step === "withdraw") await services.confirmations.withdraw(req.user!, id, req.body);
        else await services.confirmations.decide(req.user!, id, req.body);
        res.redirect(303, `/court/confirmations/${id}?done=${step}`);
      } catch (err) {
        const form = { form: step, values: req.body };
        if (err instanceof ValidationError)
          return renderDetail(req, res, 400, { ...form, errors: err.errors.map((e) => keyed(step, e)) });
        if (err instanceof ConflictError)
          return renderDetail(req, res, 409, { ...form, conflict: err.message });
        if (err instanceof LegalRuleError) {
          const errors = (err.errors ?? [{ field: "_", message: "" }]).map((e) => ({
            ...e,
            message: err.message,
          }));
          return renderDetail(req, res, 422, { ...form, errors });
        }
        throw err;
      }
    });
  }

  // The committee answers the court's request for material, from the case page.
  router.post("/cases/:caseId/confirmations/:id/answer", async (req, res) => {
    const caseId = idParam(req.params.caseId);
    try {
      await services.confirmations.answerMaterial(req.user!, idParam(req.params.id), req.body);
      res.redirect(303, `/cases/${caseId}?done=answer`);
    } catch (err) {
      if (err instanceof ValidationError || err instanceof ConflictError) {
        const message =
          err instanceof ValidationError ? err.errors.map((e) => e.message).join("；") : err.message;
        return res.status(err instanceof ValidationError ? 400 : 409).render("pages/errors/error", {
          title: "答复未保存",
          detail: message,
          back: `/cases/${caseId}`,
        });
      }
      throw err;
    }
  });

  return router;
}

/** Refusal and withdrawal sit beside each other on a new application: each form keeps only its own typed values. */
function stepValues(extra: Record<string, unknown>, today: string) {
  const typed = (step: string) =>
    extra.form === step
      ? (extra.values as Record<string, unknown>)
      : { decidedOn: today, requestedOn: today };
  return { refuseValues: typed("refuse"), withdrawValues: typed("withdraw") };
}

/** Both forms on a new application have 理由 and 裁定日期: their fields carry the form's prefix. */
function keyed(step: string, e: { field: string; message: string }) {
  const shared =
    (step === "refuse" || step === "withdraw") && (e.field === "reasons" || e.field === "decidedOn");
  return shared ? { ...e, field: `${step}-${e.field}` } : e;
}
