import type { NextFunction, Request, Response } from "express";
import { sendProblem } from "../http/problem.js";

const WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The API's request bodies are JSON objects in UTF-8 (issue 14, L5). A body of another type gets
 * 415 (not a 400 naming every field it lacks), a JSON array or bare value gets 400. Routes that
 * take a file as the body (a mediator roster) or a multipart form (evidence) are named in `rawBodyPaths`.
 */
export function requireJsonObjectBody(rawBodyPaths: (string | RegExp)[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const raw = rawBodyPaths.some((p) => (typeof p === "string" ? p === req.path : p.test(req.path)));
    if (!WITH_BODY.has(req.method) || raw) return next();
    const length = Number(req.get("content-length") ?? 0);
    if (!req.get("transfer-encoding") && !(length > 0)) return next();
    if (!req.is(["application/json", "application/*+json"])) {
      return sendProblem(res, 415, "请求体应为 JSON，请设置 Content-Type: application/json; charset=utf-8");
    }
    const body: unknown = req.body;
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      return sendProblem(res, 400, "请求体应为 JSON 对象（{…}），不能是数组或单个值");
    }
    next();
  };
}
