import path from "node:path";
import express, { type Router } from "express";
import { webFontRouter } from "../fonts/web-font.js";

export function setUpStaticResources(root: string): Router {
  const router = express.Router();
  router.use("/static/fonts", webFontRouter(path.join(root, "assets", "fonts", "NotoSerifSC-Regular.ttf")));
  router.use("/static", express.static(path.join(root, "public"), { maxAge: "1h", index: false }));
  return router;
}
