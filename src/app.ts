import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";
import { pinoHttp } from "pino-http";
import { createPassport, setUpWebAuthentication } from "./middleware/auth.js";
import { setUpCsrf } from "./middleware/csrf.js";
import { errorHandler, notFound } from "./middleware/error-handler.js";
import { setUpSecurityHeaders } from "./middleware/security.js";
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
  app.use("/api/v1", apiRoutes(services, passport));
  app.use(express.urlencoded({ extended: true, limit: "200kb", parameterLimit: 2000 }));
  app.use(setUpWebSession(services));
  app.use(setUpWebAuthentication(passport));
  app.use(setUpCsrf());
  app.use(webRoutes(services, passport));
  app.use(notFound);
  app.use(errorHandler(services.logger, services.config.env === "production"));
  return app;
}
