import express, { type Request, type Router } from "express";
import { ValidationError } from "../../errors.js";
import { hasRole } from "../../people/scope.js";
import type { Services } from "../../services.js";
import { beijingDate } from "../../shared/dates.js";
import { OPTIONS, regionOptions, typeOptions } from "../case-options.js";
import { rowsOf } from "./rows.js";

const blankParty = (side: "applicant" | "respondent") => ({ side, kind: "person" });

/** What the form shows only for the other kind of party (views/partials/party-row.hbs). */
const HIDDEN_FOR: Record<string, string[]> = {
  person: ["unifiedCode", "legalRepresentative", "legalRepresentativeTitle"],
  organisation: ["idNumber", "gender", "birthDate", "ethnicity", "occupation"],
};

/** A party as the form showed it: a field hidden for its kind (typed before the kind changed) is not stored. */
const asShown = (party: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(party).filter(([k]) => !HIDDEN_FOR[String(party.kind)]?.includes(k)));

/** `/cases/new` and POST /cases: registering a dispute (登记纠纷). */
export function intakeRoutes(services: Services): Router {
  const router = express.Router();

  const intakeView = async (req: Request) => ({
    title: "登记纠纷",
    options: {
      ...OPTIONS,
      types: await typeOptions(services),
      regions: await regionOptions(services, req.user!),
    },
    today: beijingDate(services.clock.now()),
  });

  router.get("/cases/new", async (req, res) => {
    if (!hasRole(req.user, "clerk", "director"))
      return res
        .status(403)
        .render("pages/errors/error", { title: "无权访问", detail: "只有登记员或调委会主任可以登记纠纷。" });
    res.render("pages/cases/new", {
      ...(await intakeView(req)),
      values: {
        source: "application",
        riskLevel: "ordinary",
        parties: [blankParty("applicant"), blankParty("respondent")],
      },
    });
  });

  router.post("/cases", async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const parties = rowsOf(body.parties);
    // Adding or removing a party row re-renders the form with everything kept; nothing is saved.
    if (body.addParty === "applicant" || body.addParty === "respondent") {
      return res.render("pages/cases/new", {
        ...(await intakeView(req)),
        values: { ...body, parties: [...parties, blankParty(body.addParty)] },
      });
    }
    if (typeof body.removeParty === "string") {
      const drop = Number(body.removeParty);
      return res.render("pages/cases/new", {
        ...(await intakeView(req)),
        values: { ...body, parties: parties.filter((_p, i) => i !== drop) },
      });
    }
    try {
      const { detail } = await services.cases.intake(req.user!, { ...body, parties: parties.map(asShown) });
      res.redirect(303, `/cases/${detail.id}?done=intake`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(400).render("pages/cases/new", {
        ...(await intakeView(req)),
        values: { ...body, parties },
        errors: err.errors,
      });
    }
  });

  return router;
}
