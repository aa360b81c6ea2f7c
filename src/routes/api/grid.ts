import express, { type Response, type Router } from "express";
import { MAX_EVIDENCE_BYTES } from "../../evidence/content.js";
import { TOO_LARGE } from "../../evidence/service.js";
import { reportInput } from "../../grid/report-input.js";
import type { ReportDetail } from "../../grid/types.js";
import { GRID_STATUSES, type GridActor, type GridStatus } from "../../grid/types.js";
import { idParam } from "../../http/ids.js";
import { sendProblem } from "../../http/problem.js";
import { multipartUpload } from "../../http/upload-body.js";
import { ValidationError } from "../../errors.js";
import type { Services } from "../../services.js";
import { sendEvidence } from "../evidence/send.js";

/** Up to six photos of at most 10 MB each, and the framing. */
const reportBody = multipartUpload(6 * MAX_EVIDENCE_BYTES + 64 * 1024, (_req, res) =>
  sendProblem(res, 400, TOO_LARGE, [{ field: "photos", message: TOO_LARGE }]),
);

/** The API's paths that take a multipart body (exempt from the JSON-object check). */
export const GRID_UPLOAD_PATHS = [/^\/reports\/?$/, /^\/portal\/reports\/?$/];

function statusQuery(value: unknown): GridStatus | undefined {
  if (value === undefined || value === "") return undefined;
  if (typeof value === "string" && (GRID_STATUSES as string[]).includes(value)) return value as GridStatus;
  throw new ValidationError([{ field: "status", message: "status 应为 new、dispatched、done 或 closed" }]);
}

function pageQuery(value: unknown, name: string, max?: number): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = typeof value === "string" && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1) || (max !== undefined && n > max)) {
    throw new ValidationError([
      { field: name, message: `${name} 应为 1${max ? ` 到 ${max} 之间` : " 以上"}的整数` },
    ]);
  }
  return n;
}

const maskPhone = (p: string) => (p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : "****");

/** What a party reads: the other people's phones masked, staff-only fields left out. */
export function partyView(d: ReportDetail) {
  const { reporterPhone: _phone, dispatchNote: _note, reporterName: _name, ...rest } = d;
  return {
    ...rest,
    parties: d.parties.map((p) => ({ ...p, phone: p.phone ? maskPhone(p.phone) : undefined })),
  };
}

/** Routes shared by staff (/reports) and parties (/portal/reports); `view` shapes the detail. */
function reportRoutes(
  services: Services,
  actorOf: (res: Response, req: express.Request) => GridActor,
  party: boolean,
) {
  const router = express.Router();
  const { grid } = services;
  const view = (d: ReportDetail) => (party ? partyView(d) : d);

  router.post("/reports", reportBody, async (req, res) => {
    const { input, photos } = reportInput(req.body);
    const created = await grid.report(actorOf(res, req), input, photos);
    const base = party ? "/api/v1/portal/reports" : "/api/v1/reports";
    res.status(201).location(`${base}/${created.id}`).json(created);
  });

  router.get("/reports", async (req, res) => {
    const filter = {
      status: statusQuery(req.query.status),
      page: pageQuery(req.query.page, "page"),
      pageSize: pageQuery(req.query.pageSize, "pageSize", 100),
    };
    // api.md documents the list as an array (as GET /confirmations); the page's size and the
    // total travel in headers, so `?page=` still pages through a long list.
    const page = await grid.list(actorOf(res, req), filter);
    res.set({
      "X-Total-Count": String(page.total),
      "X-Page": String(page.page),
      "X-Page-Size": String(page.pageSize),
    });
    res.json(page.items);
  });

  router.get("/reports/:id", async (req, res) => {
    res.json(view(await grid.get(actorOf(res, req), idParam(req.params.id))));
  });

  router.post("/reports/:id/rating", async (req, res) => {
    res.status(201).json(view(await grid.rate(actorOf(res, req), idParam(req.params.id), req.body)));
  });

  router.get("/report-photos/:id", async (req, res) => {
    const thumb = req.query.thumbnail === "1";
    const file = await grid.photo(actorOf(res, req), idParam(req.params.id), thumb ? "thumbnail" : "content");
    sendEvidence(res, file, thumb);
  });
  return router;
}

/** api.md "Grid reports and dispatch", staff side (behind the bearer check). */
export function gridApiRoutes(services: Services): Router {
  const router = express.Router();
  const { grid } = services;
  router.use(reportRoutes(services, (_res, req) => req.user!, false));

  router.get("/reports/:id/targets", async (req, res) => {
    res.json(await grid.dispatchTargets(req.user!, idParam(req.params.id)));
  });
  router.post("/reports/:id/dispatch", async (req, res) => {
    res.json(await grid.dispatch(req.user!, idParam(req.params.id), req.body));
  });
  router.post("/reports/:id/reply", async (req, res) => {
    res.json(await grid.reply(req.user!, idParam(req.params.id), req.body));
  });
  router.post("/reports/:id/close", async (req, res) => {
    res.json(await grid.close(req.user!, idParam(req.params.id), req.body));
  });
  return router;
}

/** The parties' side (after the party-token check): report, list and read their own, rate. */
export function portalGridApiRoutes(services: Services): Router {
  return reportRoutes(services, (res) => ({ kind: "party", phone: res.locals.partyPhone! }), true);
}
