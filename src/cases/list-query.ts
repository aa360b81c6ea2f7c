import { z } from "zod";
import { isoDate, queryInt } from "../validation.js";
import { SOURCES } from "./labels.js";
import { STATUSES } from "./lifecycle.js";

/** A query-string flag: "true" or "1" (a checked box sends "1"); anything else is false. */
const flag = z.preprocess((v) => v === "true" || v === "1" || v === true, z.boolean());

/**
 * The case list's filters as the query string gives them, for the web list and the API alike
 * (`GET /cases`, `GET /api/v1/cases`): one schema, so both refuse the same input the same way.
 */
export const listQuery = z.object({
  status: z.enum(STATUSES, { error: "status 无效" }).optional(),
  typeCode: z.string().max(32).optional(),
  source: z.enum(SOURCES, { error: "source 无效" }).optional(),
  region: z
    .string()
    .regex(/^\d{12}(\d{3})?$/, "region 应为区划代码")
    .optional(),
  from: isoDate("起始日期 from").optional(),
  to: isoDate("截止日期 to").optional(),
  overdue: flag.optional(),
  mine: flag.optional(),
  q: z.string().trim().max(100, "搜索词不能超过 100 个字").optional(),
  page: queryInt("page", 1).optional(),
  pageSize: queryInt("pageSize", 1, 100).optional(),
});
