import cluster from "node:cluster";
import express from "express";
import { engine } from "express-handlebars";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The framework's ceiling: a bare Express + Handlebars page with no database, no session and no
 * middleware, about as large as the case page it is compared with (BARE_BYTES), with the same
 * view caching as production. Started by bench/http.ts on PORT, with as many processes
 * (WEB_CONCURRENCY, node:cluster) as the server it is compared with.
 */
const processes = Number(process.env.WEB_CONCURRENCY ?? 1);
if (cluster.isPrimary && processes > 1) {
  for (let i = 0; i < processes; i++) cluster.fork();
  process.on("SIGTERM", () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    process.exit(0);
  });
} else serve();

function serve() {
  const bytes = Number(process.env.BARE_BYTES ?? 20000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fq-bare-"));
  fs.mkdirSync(path.join(dir, "layouts"));
  fs.writeFileSync(
    path.join(dir, "layouts", "main.hbs"),
    "<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>{{title}}</title></head><body>{{{body}}}</body></html>",
  );
  fs.writeFileSync(
    path.join(dir, "page.hbs"),
    "<h1>{{title}}</h1><table>{{#each rows}}<tr><td>{{this.n}}</td><td>{{this.name}}</td><td>{{this.text}}</td></tr>{{/each}}</table>",
  );
  const row = { name: "张建国", text: "两家因宅旁排水沟堵塞引发争执，申请人要求被申请人疏通并赔偿损失。" };
  const perRow = Buffer.byteLength(`<tr><td>00</td><td>${row.name}</td><td>${row.text}</td></tr>`);
  const rows = Array.from({ length: Math.max(1, Math.round(bytes / perRow)) }, (_x, n) => ({ n, ...row }));

  const app = express();
  app.engine(
    "hbs",
    engine({ extname: ".hbs", layoutsDir: path.join(dir, "layouts"), defaultLayout: "main" }),
  );
  app.set("view engine", "hbs");
  app.set("views", dir);
  app.enable("view cache");
  app.get("/", (_req, res) => res.render("page", { title: "案件", rows }));
  app.listen(Number(process.env.PORT), () => console.log("ready"));
}
