import type { Response } from "express";

/** Choices for a select from a label table, in its order. */
export const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** A page the user may not open: 403 with the reason, rather than a form that cannot succeed. */
export const forbidden = (res: Response, detail: string) =>
  res.status(403).render("pages/errors/error", { title: "无权访问", detail });

export const ASSIGNMENT_LABELS = { lead: "主持调解员", co: "协助调解员", invited: "邀请参与人员" } as const;
