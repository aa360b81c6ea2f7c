import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";
import { ConflictError, ForbiddenError, LegalRuleError, NotFoundError, ValidationError } from "../errors.js";
import { sendProblem } from "../http/problem.js";

function isApi(req: Request): boolean {
  return req.originalUrl.startsWith("/api/");
}

export function notFound(req: Request, res: Response): void {
  if (isApi(req)) return sendProblem(res, 404, "找不到该资源，或您无权查看");
  res.status(404).render("pages/errors/not-found", { title: "页面不存在" });
}

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string;
}

/** Maps every error to a status; a stack trace is shown only outside production. */
export function errorHandler(logger: Logger, production: boolean) {
  // Express recognises an error handler by its four parameters.
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    void _next;
    const e = err as HttpishError & Error;
    let status = 500;
    let detail = "服务器出现错误，请稍后重试。如问题持续，请联系系统管理员。";
    if (err instanceof ValidationError) [status, detail] = [400, err.message];
    else if (err instanceof NotFoundError) [status, detail] = [404, err.message];
    else if (err instanceof ForbiddenError) [status, detail] = [403, err.message];
    else if (err instanceof ConflictError) [status, detail] = [409, err.message];
    else if (err instanceof LegalRuleError) [status, detail] = [422, err.message];
    else if (e?.code === "EBADCSRFTOKEN") [status, detail] = [403, e.message];
    else if (e?.type === "entity.too.large") [status, detail] = [413, "提交的内容过大"];
    else if (e?.type === "entity.parse.failed") [status, detail] = [400, "请求体不是有效的 JSON"];
    else if (e?.type === "charset.unsupported" || e?.type === "encoding.unsupported")
      [status, detail] = [415, "请求体的字符集或压缩方式不受支持，请使用 UTF-8"];
    else if ((e?.status ?? e?.statusCode ?? 500) < 500) {
      status = e.status ?? e.statusCode ?? 400;
      detail = e.message;
    }
    if (status >= 500) logger.error({ err, url: req.originalUrl }, "request failed");
    if (res.headersSent) return;
    if (isApi(req)) {
      const errors = err instanceof ValidationError || err instanceof LegalRuleError ? err.errors : undefined;
      return sendProblem(res, status, detail, errors);
    }
    const view = status === 404 ? "pages/errors/not-found" : "pages/errors/error";
    res.status(status).render(view, {
      title: status === 404 ? "页面不存在" : status === 403 ? "无权访问" : "出错了",
      status,
      detail,
      stack: !production && status >= 500 ? e?.stack : undefined,
    });
  };
}
