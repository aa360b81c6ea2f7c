import express, { type Response, type Router } from "express";
import { ConflictError, ValidationError } from "../errors.js";
import { idParam } from "../http/ids.js";
import { requireParty } from "../middleware/party-session.js";
import type { Services } from "../services.js";

type Body = { noticeRead?: string; consented?: string; confirmed?: string; version?: string };

/**
 * /my/cases/{id}/notice: the party reads the 告知书 in large type and answers 同意调解 or
 * 不同意调解. A "no" first shows a page asking to confirm it (no JavaScript needed); an answer
 * goes back to the case page. Refusals re-render the notice: 400 (the box not ticked), 409 (not
 * theirs to give now, or the case changed meanwhile).
 */
export function portalConsentRoutes({ partyConsent }: Services): Router {
  const router = express.Router();

  async function page(res: Response, status: number, phone: string, id: number, extra = {}) {
    const notice = await partyConsent.notice(phone, id);
    res.status(status).render("pages/portal/notice", { title: "人民调解告知书", notice, ...extra });
  }

  router.get("/my/cases/:id/notice", requireParty, async (req, res) => {
    await page(res, 200, res.locals.partyPhone!, idParam(req.params.id));
  });

  router.post("/my/cases/:id/consent", requireParty, async (req, res) => {
    const id = idParam(req.params.id);
    const phone = res.locals.partyPhone!;
    const body = (req.body ?? {}) as Body;
    const input = {
      noticeRead: body.noticeRead === "on" || body.noticeRead === "true",
      consented: body.consented,
    };
    const values = { noticeRead: input.noticeRead };
    try {
      if (body.consented === "no" && body.confirmed !== "yes") {
        // Checked as the answer would be, so an unticked box is refused before the question.
        await partyConsent.check(phone, id, { ...input, version: body.version });
        const notice = await partyConsent.notice(phone, id);
        return res.render("pages/portal/refuse-confirm", {
          title: "确定不同意调解吗？",
          notice,
          version: body.version,
        });
      }
      await partyConsent.answer(phone, id, { ...input, version: body.version });
      res.redirect(303, `/my/cases/${id}#consent`);
    } catch (err) {
      if (err instanceof ValidationError) return page(res, 400, phone, id, { errors: err.errors, values });
      if (err instanceof ConflictError) return page(res, 409, phone, id, { conflict: err.message, values });
      throw err;
    }
  });

  return router;
}
