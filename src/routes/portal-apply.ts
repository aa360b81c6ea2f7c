import express, { type Response, type Router } from "express";
import {
  APPLICATION_PHOTO_FIELDS,
  prepareApplicationPhotos,
  storeApplicationPhotos,
  type PreparedPhoto,
} from "../evidence/application-photos.js";
import { NotFoundError, ValidationError, type FieldError } from "../errors.js";
import { nestFields } from "../http/form-fields.js";
import { requireParty } from "../middleware/party-session.js";
import { placeGroups } from "../portal/place-options.js";
import { beijingDate } from "../shared/dates.js";
import type { Services } from "../services.js";

type Values = Record<string, unknown>;

const PHOTOS_TOO_LARGE = "上传的文件太大（每个不超过 10 MB，合计不超过 30 MB），申请没有提交，请重新填写";

/** "respondents" (none given) is shown at the first respondent's name box. */
const atField = (errors: FieldError[]) =>
  errors.map((e) => (e.field === "respondents" ? { ...e, field: "respondents.0.name" } : e));

/**
 * 我要调解 on the web (/my/apply): one phone-first form, posted to the same service as
 * POST /api/v1/portal/applications; a refused form comes back with what was typed, a stored one
 * goes to its confirmation page with the tracking code.
 */
export function portalApplyRoutes(services: Services): Router {
  const router = express.Router();
  const { applications } = services.portal;

  async function render(res: Response, status: number, values: Values, extra: Values = {}) {
    const [types, regions, committees] = await Promise.all([
      services.disputeTypes.list(),
      services.regions.list({ withGroups: true }),
      applications.choosableCommittees(),
    ]);
    res.status(status).render("pages/portal/apply", {
      title: "我要调解",
      values,
      typeOptions: types.map((t) => ({ value: t.code, label: t.name })),
      placeGroups: placeGroups(regions),
      committeeOptions: committees.map((c) => ({ value: String(c.id), label: c.name })),
      today: beijingDate(services.clock.now()),
      photoFields: APPLICATION_PHOTO_FIELDS.map((name, i) => ({ name, number: i + 1 })),
      ...extra,
    });
  }

  router.get("/my/apply", requireParty, async (req, res) => {
    const tooLarge = req.query.error === "too-large";
    await render(res, 200, {}, tooLarge ? { limited: PHOTOS_TOO_LARGE } : {});
  });

  router.post("/my/apply", requireParty, async (req, res) => {
    const values = nestFields((req.body ?? {}) as Values);
    // Photos are checked first; a refused one refuses the whole application, whose other mistakes
    // are still shown (the transaction is rolled back, nothing is stored).
    let photos: PreparedPhoto[] = [];
    let refused: FieldError[] = [];
    try {
      photos = await prepareApplicationPhotos(values);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      refused = err.errors;
    }
    try {
      const result = await applications.apply(res.locals.partyPhone!, values, async (trx, stored) => {
        if (refused.length) throw new ValidationError(refused);
        await storeApplicationPhotos(trx, photos, stored);
      });
      if (result.outcome === "limited") {
        res.set("Retry-After", String(result.retryAfterSeconds));
        return render(res, 429, values, { limited: result.message });
      }
      res.redirect(303, `/my/apply/${result.id}/done`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = atField(err.errors);
      for (const e of refused) if (!errors.some((x) => x.field === e.field)) errors.push(e);
      await render(res, 400, values, { errors });
    }
  });

  router.get("/my/apply/:id/done", requireParty, async (req, res) => {
    const id = Number(req.params.id);
    const found =
      Number.isSafeInteger(id) && id > 0 ? await applications.confirmation(res.locals.partyPhone!, id) : null;
    if (!found) throw new NotFoundError("找不到该申请");
    res.render("pages/portal/apply-done", { title: "申请已提交", id, ...found });
  });

  return router;
}
