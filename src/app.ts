import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";
import { pinoHttp } from "pino-http";
import { createPassport, setUpWebAuthentication } from "./middleware/auth.js";
import { calendarRefresh } from "./middleware/calendar-refresh.js";
import { setUpCsrf } from "./middleware/csrf.js";
import { uploadForms } from "./http/multipart.js";
import { evidenceFormBody } from "./routes/evidence/send.js";
import { applicationFormBody } from "./routes/portal-apply-body.js";
import { reportFormBody } from "./routes/grid/form-body.js";
import { errorHandler, notFound } from "./middleware/error-handler.js";
import { apiFallback } from "./http/route-list.js";
import { noStore, setUpSecurityHeaders } from "./middleware/security.js";
import { setUpPartySession } from "./middleware/party-session.js";
import { setUpWebSession } from "./middleware/session.js";
import { setUpStaticResources } from "./middleware/static.js";
import { setUpViewEngine } from "./middleware/view-engine.js";
import { apiRoutes } from "./routes/api/index.js";
import { healthRoutes } from "./routes/health.js";
import { webRoutes } from "./routes/index.js";
import type { Services } from "./services.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function createApp(services: Services): Express {
  const app = express();
  const passport = createPassport(services);
  app.set("trust proxy", services.config.trustProxy);
  app.disable("x-powered-by");
  setUpViewEngine(app, ROOT);
  app.use(
    pinoHttp({
      logger: services.logger,
      autoLogging: services.config.env !== "test",
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
    }),
  );
  app.use(setUpSecurityHeaders());
  app.use(setUpStaticResources(ROOT));
  app.use(healthRoutes(services));
  app.use(calendarRefresh(services.calendar));
  // Past the static files, every answer may carry personal data: never kept in a browser's cache.
  app.use(noStore);
  const api = apiRoutes(services, passport);
  app.use("/api/v1", api);
  // An API path that no route took ends here, never in the web pages' stack (CSRF 403, HTML 404).
  app.use("/api", apiFallback(api, "/api/v1"));
  app.use(express.urlencoded({ extended: true, limit: "200kb", parameterLimit: 2000 }));
  app.use("/ledger/import", uploadForms());
  app.use("/admin/organisations/:id/seal", uploadForms("2mb"));
  app.use(["/cases/:id/evidence", "/my/cases/:id/evidence"], evidenceFormBody());
  app.use("/my/apply", applicationFormBody());
  app.use(["/grid/reports", "/my/reports"], reportFormBody());
  // The parties' pages have a session of their own, loaded before (and so instead of) the staff's.
  app.use("/my", setUpPartySession(services));
  app.use(setUpWebSession(services));
  app.use(setUpWebAuthentication(passport));
  app.use(setUpCsrf(services.config));
  app.use(webRoutes(services, passport));
  app.use(notFound);
  app.use(errorHandler(services.logger, services.config.env === "production"));
  return app;
}
