import express, { type Router } from "express";
import { idParam } from "../../http/ids.js";
import { keepsRecords } from "../../mediators/access.js";
import type { Services } from "../../services.js";
import { submitForm } from "../form.js";
import { forbidden } from "./common.js";

const CANNOT_IMPORT = "只有调委会登记员、主任和司法行政人员可以导入名册。";

/** `/mediators/import`: paste a roster, check the preview, confirm it (the API takes files). */
export function importRoutes(services: Services): Router {
  const router = express.Router();
  const { records, imports } = services.mediators;

  const organisationOptions = async (req: express.Request) =>
    (await records.keptOrganisations(req.user!)).map((o) => ({ value: o.id, label: o.name }));

  router.get("/mediators/import", async (req, res) => {
    if (!keepsRecords(req.user!)) return forbidden(res, CANNOT_IMPORT);
    const organisations = await organisationOptions(req);
    res.render("pages/mediators/import", {
      title: "导入调解员名册",
      organisations,
      values: {
        organisationId: organisations.some((o) => o.value === req.user!.organisation.id)
          ? req.user!.organisation.id
          : "",
      },
    });
  });

  router.post("/mediators/import", async (req, res) => {
    if (!keepsRecords(req.user!)) return forbidden(res, CANNOT_IMPORT);
    const organisations = await organisationOptions(req);
    await submitForm(
      res,
      "pages/mediators/import",
      async () => ({ title: "导入调解员名册", organisations }),
      req.body,
      async () => `/mediators/import/${(await imports.preview(req.user!, req.body)).id}`,
    );
  });

  router.get("/mediators/import/:id", async (req, res) => {
    const preview = await imports.get(req.user!, idParam(req.params.id));
    res.render("pages/mediators/import-preview", {
      title: "核对导入的名册",
      preview,
      done: req.query.done === "1",
    });
  });

  router.post("/mediators/import/:id", async (req, res) => {
    const id = idParam(req.params.id);
    const preview = await imports.get(req.user!, id);
    await submitForm(
      res,
      "pages/mediators/import-preview",
      async () => ({ title: "核对导入的名册", preview }),
      req.body,
      async () => {
        await imports.confirm(req.user!, id, req.body);
        return `/mediators/import/${id}?done=1`;
      },
    );
  });

  return router;
}
