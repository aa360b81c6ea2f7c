import { z } from "zod";
import { asArray, isoDate, optionalText, requiredText, versionField } from "../validation.js";
import { WATCH_REASONS } from "./rules.js";

/** The 管控 forms' input (web form and service alike); messages name the field in Chinese. */
export const addSchema = z.object({
  subject: z.string({ error: "请选择管控对象" }).regex(/^(case|report):\d{1,9}$/, "请选择管控对象"),
  reasons: z.preprocess(
    asArray,
    z.array(z.enum(WATCH_REASONS, { error: "管控原因无效" })).min(1, "请至少选择一项管控原因"),
  ),
  nextCheckOn: isoDate("下次回访日期"),
  checkerName: requiredText("回访责任人", 100),
  note: optionalText("管控措施", 1000),
});
export type AddInput = z.output<typeof addSchema>;

export const checkInSchema = z.object({
  version: versionField,
  checkedOn: isoDate("回访日期"),
  note: requiredText("回访情况", 2000),
  nextCheckOn: isoDate("下次回访日期"),
});
export type CheckInInput = z.output<typeof checkInSchema>;

export const closeSchema = z.object({
  version: versionField,
  reason: requiredText("解除管控原因", 500),
});
export type CloseInput = z.output<typeof closeSchema>;
