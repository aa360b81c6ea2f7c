import type { Response } from "express";
import type { FieldError } from "../errors.js";

const TITLES: Record<number, string> = {
  400: "请求参数无效",
  401: "未登录或令牌无效",
  403: "无权执行此操作",
  404: "找不到资源",
  405: "不支持该请求方法",
  409: "冲突",
  413: "请求内容过大",
  415: "不支持的请求体类型",
  422: "违反法定规则",
  429: "请求过于频繁",
  500: "服务器内部错误",
};

/** RFC 9457 problem details, as api.md promises for every API error. */
export function sendProblem(res: Response, status: number, detail: string, errors?: FieldError[]): void {
  res
    .status(status)
    .type("application/problem+json")
    .send(
      JSON.stringify({
        type: `https://fengqiao.example/problems/${status}`,
        title: TITLES[status] ?? "错误",
        status,
        detail,
        ...(errors ? { errors } : {}),
      }),
    );
}
