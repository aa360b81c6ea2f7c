import express, { type Request, type Response, type Router } from "express";
import { idParam } from "../../http/ids.js";
import { canDeclare, canManage, keepsRecords } from "../../mediators/access.js";
import {
  FIVE_ELDERS_LABELS,
  GENDER_LABELS,
  POOL_LEVEL_LABELS,
  RELATION_LABELS,
  UNAVAILABILITY_LABELS,
} from "../../mediators/labels.js";
import type { MediatorDetail } from "../../mediators/record-types.js";
import { MEDIATOR_KIND_LABELS } from "../../mediators/roster.js";
import type { SessionUser } from "../../people/scope.js";
import type { Services } from "../../services.js";
import { typeOptions } from "../case-options.js";
import { submitForm } from "../form.js";
import { ASSIGNMENT_LABELS, forbidden, options } from "./common.js";

const percent = (rate: number | null) => (rate === null ? "" : `${Math.round(rate * 1000) / 10}%`);

const CANNOT_REGISTER = "只有调委会登记员、主任和司法行政人员可以登记调解员。";

/** The record form's values for an existing record: lists as the form's text boxes take them. */
const editValues = (m: MediatorDetail) => ({
  ...m,
  languages: m.languages.join("、"),
  certifications: m.certifications.join("\n"),
  otherOrganisationIds: m.otherOrganisations.map((o) => String(o.id)),
  active: m.active ? "on" : "",
  birthYear: m.birthYear ?? "",
  sinceYear: m.sinceYear ?? "",
});

/**
 * One mediator: `/mediators/new`, `/mediators/{id}` (the record, its track record, absences and
 * ties declared on it), `/mediators/{id}/edit`. Registered after the import, team and pool pages,
 * whose paths `/mediators/{id}` would otherwise take.
 */
export function recordRoutes(services: Services): Router {
  const router = express.Router();
  const { records, availability } = services.mediators;

  const formData = async (user: SessionUser) => ({
    options: {
      kinds: options(MEDIATOR_KIND_LABELS),
      fiveElders: options(FIVE_ELDERS_LABELS),
      gender: options(GENDER_LABELS),
      types: await typeOptions(services),
      organisations: (await records.keptOrganisations(user)).map((o) => ({ value: o.id, label: o.name })),
      committees: (await services.organisations.list())
        .filter((o) => o.active && (o.kind.endsWith("committee") || o.kind === "studio"))
        .map((o) => ({ value: o.id, label: o.name })),
      // Villager groups indented under their village.
      homeRegions: (await services.regions.list()).map((r) => ({
        value: r.code,
        label: r.level === "group" ? `　${r.name}` : r.name,
      })),
    },
  });

  router.get("/mediators/new", async (req, res) => {
    if (!keepsRecords(req.user!)) return forbidden(res, CANNOT_REGISTER);
    const data = await formData(req.user!);
    res.render("pages/mediators/form", {
      title: "登记调解员",
      ...data,
      values: {
        kind: "staff",
        capacity: 6,
        active: "on",
        organisationId: data.options.organisations.some((o) => o.value === req.user!.organisation.id)
          ? req.user!.organisation.id
          : "",
      },
    });
  });

  router.post("/mediators", async (req, res) => {
    if (!keepsRecords(req.user!)) return forbidden(res, CANNOT_REGISTER);
    await submitForm(
      res,
      "pages/mediators/form",
      async () => ({ title: "登记调解员", ...(await formData(req.user!)) }),
      req.body,
      async () => `/mediators/${await records.create(req.user!, req.body)}?saved=1`,
    );
  });

  const showData = async (req: Request, m: MediatorDetail) => {
    const record = await records.record(req.user!, m.id);
    return {
      title: m.name,
      m,
      record: {
        ...record,
        byType: record.byType.map((t) => ({ ...t, successRateLabel: percent(t.successRate) })),
        satisfaction: { ...record.satisfaction, rateLabel: percent(record.satisfaction.rate) },
      },
      ratings: await services.ratings.forMediator(m.id),
      poolLevelLabels: POOL_LEVEL_LABELS,
      assignmentRoles: ASSIGNMENT_LABELS,
      canEdit: canManage(req.user!, m),
      canDeclare: canDeclare(req.user!, m),
      options: { relation: options(RELATION_LABELS), unavailability: options(UNAVAILABILITY_LABELS) },
      saved: req.query.saved === "1",
      genderLabel: m.gender ? GENDER_LABELS[m.gender] : null,
      fiveEldersLabel: m.fiveEldersKind ? FIVE_ELDERS_LABELS[m.fiveEldersKind] : null,
    };
  };

  router.get("/mediators/:id", async (req, res) => {
    const m = await records.get(req.user!, idParam(req.params.id));
    res.render("pages/mediators/show", await showData(req, m));
  });

  router.get("/mediators/:id/edit", async (req, res) => {
    const m = await records.get(req.user!, idParam(req.params.id));
    if (!canManage(req.user!, m)) return forbidden(res, "您不能修改该调解员的信息。");
    res.render("pages/mediators/form", {
      title: `修改调解员信息：${m.name}`,
      m,
      ...(await formData(req.user!)),
      values: editValues(m),
    });
  });

  router.post("/mediators/:id", async (req, res) => {
    const m = await records.get(req.user!, idParam(req.params.id));
    if (!canManage(req.user!, m)) return forbidden(res, "您不能修改该调解员的信息。");
    await submitForm(
      res,
      "pages/mediators/form",
      async () => ({ title: `修改调解员信息：${m.name}`, m, ...(await formData(req.user!)) }),
      req.body,
      async () => {
        await records.update(req.user!, m.id, req.body);
        return `/mediators/${m.id}?saved=1`;
      },
    );
  });

  /** A declaration form on the mediator's page (absence or tie): on bad input the page comes back with it. */
  const declare =
    (form: "unavailability" | "relation", act: (req: Request) => Promise<void>) =>
    async (req: Request, res: Response) => {
      const m = await records.get(req.user!, idParam(req.params.id));
      await submitForm(
        res,
        "pages/mediators/show",
        async () => ({ ...(await showData(req, m)), form }),
        { [form]: req.body },
        async () => {
          await act(req);
          return `/mediators/${m.id}?saved=1`;
        },
      );
    };

  router.post(
    "/mediators/:id/unavailability",
    declare("unavailability", (req) =>
      availability.addUnavailability(req.user!, idParam(req.params.id), req.body),
    ),
  );
  router.post("/mediators/:id/unavailability/:periodId/remove", async (req, res) => {
    await availability.removeUnavailability(req.user!, idParam(req.params.id), idParam(req.params.periodId));
    res.redirect(303, `/mediators/${idParam(req.params.id)}?saved=1`);
  });
  router.post(
    "/mediators/:id/relations",
    declare("relation", (req) => availability.addRelation(req.user!, idParam(req.params.id), req.body)),
  );
  router.post("/mediators/:id/relations/:relationId/remove", async (req, res) => {
    await availability.removeRelation(req.user!, idParam(req.params.id), idParam(req.params.relationId));
    res.redirect(303, `/mediators/${idParam(req.params.id)}?saved=1`);
  });

  return router;
}
