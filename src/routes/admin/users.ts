import express, { type Router } from "express";
import { ROLE_LABELS, ROLES } from "../../people/roles.js";
import type { UserRecord } from "../../people/users.js";
import type { Services } from "../../services.js";
import { submitForm } from "../form.js";
import { idParam } from "../../http/ids.js";

export function userAdminRoutes(services: Services): Router {
  const router = express.Router();
  const roleOptions = ROLES.map((value) => ({ value, label: ROLE_LABELS[value] }));
  const formData = async () => ({
    roleOptions,
    organisationOptions: (await services.organisations.list()).map((o) => ({ value: o.id, label: o.name })),
  });
  const editPage = async (user: UserRecord) => ({
    title: `编辑用户：${user.displayName}`,
    ...(await formData()),
    user,
  });
  const storedValues = (user: UserRecord) => ({ ...user, active: user.active ? "on" : "" });

  /** A form of the edit page: saved and back to the page, or the page again with the errors. */
  const editForm = (
    path: string,
    page: Record<string, unknown>,
    values: (user: UserRecord, body: unknown) => unknown,
    save: (actorId: number, id: number, body: unknown) => Promise<unknown>,
  ) =>
    router.post(path, async (req, res) => {
      const id = idParam(req.params.id);
      const user = await services.users.get(id);
      await submitForm(
        res,
        "pages/admin/user-edit",
        async () => ({ ...(await editPage(user)), ...page }),
        values(user, req.body),
        async () => {
          await save(req.user!.id, id, req.body);
          return `/admin/users/${id}?saved=1`;
        },
      );
    });

  router.get("/", async (_req, res) => {
    res.render("pages/admin/users", { title: "用户管理", users: await services.users.list() });
  });

  router.get("/new", async (_req, res) => {
    res.render("pages/admin/user-new", {
      title: "新建用户",
      ...(await formData()),
      values: { active: "on" },
    });
  });

  router.post("/", async (req, res) => {
    const actor = req.user!.id;
    await submitForm(
      res,
      "pages/admin/user-new",
      async () => ({ title: "新建用户", ...(await formData()) }),
      { ...req.body, password: "" },
      async () => `/admin/users/${(await services.users.create(actor, req.body)).id}?saved=1`,
    );
  });

  router.get("/:id", async (req, res) => {
    const user = await services.users.get(idParam(req.params.id));
    res.render("pages/admin/user-edit", {
      ...(await editPage(user)),
      values: storedValues(user),
      saved: req.query.saved === "1",
      signedOut:
        typeof req.query.sessions === "string"
          ? { sessions: Number(req.query.sessions) || 0, tokens: Number(req.query.tokens) || 0 }
          : null,
    });
  });

  /** "Sign out everywhere": every web session and API token of the user ends (issue 14 L10). */
  router.post("/:id/sign-out", async (req, res) => {
    const id = idParam(req.params.id);
    await services.users.get(id);
    const { sessions, tokens } = await services.auth.signOutEverywhere(req.user!.id, id);
    res.redirect(303, `/admin/users/${id}?sessions=${sessions}&tokens=${tokens}`);
  });

  editForm(
    "/:id",
    {},
    (_user, body) => body,
    (actor, id, body) => services.users.update(actor, id, body),
  );
  editForm("/:id/password", { passwordForm: true }, storedValues, (actor, id, body) =>
    services.users.setPassword(actor, id, body),
  );

  return router;
}
