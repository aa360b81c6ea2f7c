import express, { type Router } from "express";
import { NotFoundError } from "../../errors.js";
import { childLevel } from "../../places/kinds.js";
import type { Services } from "../../services.js";
import { submitForm } from "../form.js";

/** Browse the region tree one level at a time; add children; rename. */
export function regionAdminRoutes(services: Services): Router {
  const router = express.Router();

  router.get("/", async (req, res) => {
    const parentCode = typeof req.query.parent === "string" && req.query.parent ? req.query.parent : null;
    const parent = parentCode ? await services.regions.get(parentCode) : null;
    const [children, path] = await Promise.all([
      services.regions.children(parentCode),
      parent ? services.regions.path(parent.code, parent.level) : Promise.resolve([]),
    ]);
    res.render("pages/admin/regions", {
      title: "行政区划",
      parent,
      path,
      children,
      canAddChild: parent ? childLevel(parent.level) !== null : false,
    });
  });

  router.get("/new", async (req, res) => {
    const parent = await services.regions.get(String(req.query.parent ?? ""));
    if (!childLevel(parent.level)) throw new NotFoundError();
    res.render("pages/admin/region-new", { title: `在${parent.name}下新增区划`, parent, values: {} });
  });

  router.post("/", async (req, res) => {
    const body = req.body as { parentCode?: string };
    const parent = await services.regions.get(String(body.parentCode ?? ""));
    await submitForm(
      res,
      "pages/admin/region-new",
      async () => ({ title: `在${parent.name}下新增区划`, parent }),
      req.body,
      async () => {
        await services.regions.create(req.user!.id, req.body);
        return `/admin/regions?parent=${parent.code}`;
      },
    );
  });

  router.get("/:code", async (req, res) => {
    const region = await services.regions.get(req.params.code);
    res.render("pages/admin/region-edit", { title: `编辑区划：${region.name}`, region, values: region });
  });

  router.post("/:code", async (req, res) => {
    const region = await services.regions.get(req.params.code);
    await submitForm(
      res,
      "pages/admin/region-edit",
      async () => ({ title: `编辑区划：${region.name}`, region }),
      req.body,
      async () => {
        await services.regions.update(req.user!.id, region.code, req.body);
        return `/admin/regions?parent=${region.parentCode ?? ""}`;
      },
    );
  });

  return router;
}
