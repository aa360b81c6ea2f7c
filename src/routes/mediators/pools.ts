import express, { type Request, type Response, type Router } from "express";
import { idParam } from "../../http/ids.js";
import type { Services } from "../../services.js";
import { submitForm } from "../form.js";
import { forbidden } from "./common.js";

/** `/mediators/pools`: 人民调解专家库, their batches and appointed experts. */
export function poolRoutes(services: Services): Router {
  const router = express.Router();
  const pools = services.mediators.pools;

  router.get("/mediators/pools", async (req, res) => {
    res.render("pages/mediators/pools", {
      title: "人民调解专家库",
      pools: await pools.list(req.user!),
      canCreate: (await pools.bureaus(req.user!)).length > 0,
    });
  });

  router.get("/mediators/pools/new", async (req, res) => {
    const bureaus = await pools.bureaus(req.user!);
    if (bureaus.length === 0) return forbidden(res, "专家库由县级以上司法局的司法行政人员建立。");
    res.render("pages/mediators/pool-new", {
      title: "建立专家库",
      bureaus,
      values: { organisationId: bureaus[0]!.value },
    });
  });

  router.post("/mediators/pools", async (req, res) => {
    const bureaus = await pools.bureaus(req.user!);
    await submitForm(
      res,
      "pages/mediators/pool-new",
      async () => ({ title: "建立专家库", bureaus }),
      req.body,
      async () => `/mediators/pools/${await pools.create(req.user!, req.body)}?saved=1`,
    );
  });

  const poolPage = async (req: Request, extra: Record<string, unknown> = {}) => {
    const pool = await pools.get(req.user!, idParam(req.params.id));
    // Each batch offers the experts who could still be appointed to it, for its keepers only.
    const appointable = pool.canManage
      ? Object.fromEntries(
          await Promise.all(pool.batches.map(async (b) => [b.id, await pools.appointable(req.user!, b.id)])),
        )
      : {};
    return {
      title: pool.name,
      pool,
      batches: pool.batches.map((b) => ({ ...b, appointable: appointable[b.id] ?? [] })),
      values: {},
      saved: req.query.saved === "1",
      ...extra,
    };
  };

  router.get("/mediators/pools/:id", async (req, res) => {
    res.render("pages/mediators/pool", await poolPage(req));
  });

  /** A form on the pool page: on bad input the page comes back with 400 and that form's values and errors. */
  const poolForm =
    (form: string, act: (req: Request) => Promise<unknown>) => async (req: Request, res: Response) => {
      const id = idParam(req.params.id);
      await submitForm(
        res,
        "pages/mediators/pool",
        async () => poolPage(req, { form, formBatch: req.params.batchId ?? null }),
        { [form]: req.body },
        async () => {
          await act(req);
          return `/mediators/pools/${id}?saved=1`;
        },
      );
    };

  router.post(
    "/mediators/pools/:id",
    poolForm("rename", (req) => pools.rename(req.user!, idParam(req.params.id), req.body)),
  );
  router.post(
    "/mediators/pools/:id/batches",
    poolForm("batch", (req) => pools.addBatch(req.user!, idParam(req.params.id), req.body)),
  );
  router.post(
    "/mediators/pools/:id/batches/:batchId/members",
    poolForm("appoint", (req) =>
      pools.appoint(req.user!, idParam(req.params.id), idParam(req.params.batchId), req.body),
    ),
  );
  router.post("/mediators/pools/:id/batches/:batchId/members/:mediatorId/remove", async (req, res) => {
    await pools.dismiss(
      req.user!,
      idParam(req.params.id),
      idParam(req.params.batchId),
      idParam(req.params.mediatorId),
    );
    res.redirect(303, `/mediators/pools/${idParam(req.params.id)}?saved=1`);
  });

  return router;
}
