import express, { type Response, type Router } from "express";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import { idParam } from "../http/ids.js";
import { requireParty } from "../middleware/party-session.js";
import type { RatingCard } from "../ratings/service.js";
import type { Services } from "../services.js";

function render(res: Response, status: number, caseId: number, rating: RatingCard, extra = {}) {
  res.status(status).render("pages/portal/rating", { title: "评价本次调解", caseId, rating, ...extra });
}

/**
 * 群众评单 on the web (/my): the rating form the party's case page includes (partial
 * portal-rating), posted here. A refused rating re-renders the card alone with what was typed;
 * a stored one returns to the case page, whose card then says 感谢您的评价.
 */
export function portalRatingRoutes({ ratings }: Services): Router {
  const router = express.Router();

  router.get("/my/cases/:id/rating", requireParty, async (req, res) => {
    const id = idParam(req.params.id);
    const card = await ratings.card(res.locals.partyPhone!, id);
    if (!card) throw new NotFoundError("找不到该案件");
    render(res, 200, id, card);
  });

  router.post("/my/cases/:id/rating", requireParty, async (req, res) => {
    const id = idParam(req.params.id);
    const phone = res.locals.partyPhone!;
    const body = req.body as { satisfaction?: string; comment?: string };
    const values = { satisfaction: body.satisfaction, comment: body.comment };
    try {
      await ratings.rate(phone, id, { satisfaction: body.satisfaction, comment: body.comment });
      res.redirect(303, `/my/cases/${id}#rating`);
    } catch (err) {
      if (!(err instanceof ValidationError) && !(err instanceof ConflictError)) throw err;
      const card = await ratings.card(phone, id);
      if (!card) throw new NotFoundError("找不到该案件");
      if (err instanceof ValidationError) return render(res, 400, id, card, { values, errors: err.errors });
      render(res, 409, id, card, { values, ratingRefused: err.message });
    }
  });

  return router;
}
