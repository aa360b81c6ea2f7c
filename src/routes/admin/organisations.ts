import express, { type Router } from "express";
import { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS } from "../../places/kinds.js";
import type { Services } from "../../services.js";
import { submitForm } from "../form.js";
import { idParam } from "../../http/ids.js";

export function organisationAdminRoutes(services: Services): Router {
  const router = express.Router();
  const kindOptions = ORGANISATION_KINDS.map((value) => ({ value, label: ORGANISATION_KIND_LABELS[value] }));
  /** Every region an organisation may sit in (not villager groups), with its full path. */
  const regionOptions = async () => {
    const rows = await services.regions.list({ withGroups: false });
    return Promise.all(
      rows.map(async (r) => ({
        value: r.code,
        label: await services.regions.pathNames(r.code, r.level),
      })),
    );
  };
  const formData = async () => ({ kindOptions, regionOptions: await regionOptions() });

  router.get("/", async (_req, res) => {
    res.render("pages/admin/organisations", {
      title: "机构管理",
      organisations: await services.organisations.list(),
    });
  });

  router.get("/new", async (_req, res) => {
    res.render("pages/admin/organisation-new", {
      title: "新建机构",
      ...(await formData()),
      values: { active: "on" },
    });
  });

  router.post("/", async (req, res) => {
    await submitForm(
      res,
      "pages/admin/organisation-new",
      async () => ({ title: "新建机构", ...(await formData()) }),
      req.body,
      async () =>
        `/admin/organisations/${(await services.organisations.create(req.user!.id, req.body)).id}?saved=1`,
    );
  });

  router.get("/:id", async (req, res) => {
    const org = await services.organisations.get(idParam(req.params.id));
    res.render("pages/admin/organisation-edit", {
      title: `编辑机构：${org.name}`,
      ...(await formData()),
      org,
      values: { ...org, active: org.active ? "on" : "" },
      saved: req.query.saved === "1",
    });
  });

  router.post("/:id", async (req, res) => {
    const id = idParam(req.params.id);
    const org = await services.organisations.get(id);
    await submitForm(
      res,
      "pages/admin/organisation-edit",
      async () => ({ title: `编辑机构：${org.name}`, ...(await formData()), org }),
      req.body,
      async () => {
        await services.organisations.update(req.user!.id, id, req.body);
        return `/admin/organisations/${id}?saved=1`;
      },
    );
  });

  return router;
}
