import { z } from "zod";
import { ValidationError } from "../errors.js";
import { isoDate, parseOrThrow, requiredText } from "../validation.js";
import { FIRST_STATUTE_YEAR, isWeekend, statutoryDays } from "./statutory.js";

/**
 * A State Council holiday notice (国务院办公厅关于 YYYY 年部分节假日安排的通知) as data: its
 * number, the day it was issued, and its days — "off" (放假) and "work" (a weekend day made a
 * working day, 上班). Statutory days the notice does not list are off all the same.
 */
export type NoticeDayKind = "off" | "work";

export interface NoticeDay {
  date: string;
  kind: NoticeDayKind;
  name: string;
}

export interface Notice {
  year: number;
  number: string;
  issuedOn: string;
  days: NoticeDay[];
}

export const LAST_NOTICE_YEAR = 2100;

const daySchema = z.object({
  date: isoDate("日期"),
  kind: z.enum(["off", "work"], { error: "类别应为“休”或“班”" }),
  name: requiredText("节日名称", 30),
});

export const noticeSchema = z
  .object({
    year: z.coerce
      .number({ error: "请填写年份" })
      .int("年份应为整数")
      .min(FIRST_STATUTE_YEAR, `年份不能早于 ${FIRST_STATUTE_YEAR} 年（此前的日历随程序提供）`)
      .max(LAST_NOTICE_YEAR, `年份不能晚于 ${LAST_NOTICE_YEAR} 年`),
    number: requiredText("通知文号", 60),
    issuedOn: isoDate("发布日期"),
    days: z.array(daySchema, { error: "请填写放假和调休上班的日期" }).min(1, "请填写放假和调休上班的日期"),
  })
  .superRefine((n, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: "custom", path: ["days"], message });
    if (n.issuedOn > `${n.year}-12-31`) {
      ctx.addIssue({ code: "custom", path: ["issuedOn"], message: "发布日期不能晚于该年年底" });
    }
    const statutory = new Set(statutoryDays(n.year).map((d) => d.date));
    const seen = new Set<string>();
    for (const d of n.days) {
      if (!(
        d.date.startsWith(`${n.year}-`) ||
        (d.date >= `${n.year - 1}-12-20` && d.date <= `${n.year - 1}-12-31`)
      )) {
        return problem(`${d.date} 不在 ${n.year} 年内（仅元旦前的 12 月 20 日至 31 日可以列入）`);
      }
      if (seen.has(d.date)) return problem(`${d.date} 重复列出`);
      seen.add(d.date);
      if (d.kind === "work" && statutory.has(d.date)) return problem(`${d.date} 是法定节假日，不能调为上班`);
      if (d.kind === "work" && !isWeekend(d.date)) return problem(`${d.date} 不是周末，无需列为调休上班`);
    }
  });

const KIND_WORDS: Record<string, NoticeDayKind> = {
  休: "off",
  放假: "off",
  休息: "off",
  off: "off",
  班: "work",
  上班: "work",
  work: "work",
};

/** One day a line: "2027-02-05 休 春节" or "2027-02-14 班 春节" (also 放假/上班, off/work; commas or tabs). */
export function parseDayLines(text: string): NoticeDay[] {
  return parseLines(text).days;
}

function parseLines(text: string): { days: NoticeDay[]; lineNumbers: number[] } {
  const days: NoticeDay[] = [];
  const lineNumbers: number[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const [date, kind, ...rest] = line.split(/[\s,，、\t]+/);
    const k = KIND_WORDS[(kind ?? "").toLowerCase()];
    const name = rest.join(" ");
    if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !k || !name) {
      throw new ValidationError([
        {
          field: "days",
          message: `第 ${i + 1} 行“${line.slice(0, 40)}”格式不正确，应为“2027-02-05 休 春节”`,
        },
      ]);
    }
    days.push({ date, kind: k, name });
    lineNumbers.push(i + 1);
  });
  return { days, lineNumbers };
}

export function formatDayLines(days: NoticeDay[]): string {
  return days.map((d) => `${d.date} ${d.kind === "off" ? "休" : "班"} ${d.name}`).join("\n");
}

/** A notice from JSON (the CLI's file) or from the admin form (days as lines of text). */
export function parseNotice(input: unknown): Notice {
  const body = (input ?? {}) as Record<string, unknown>;
  const lines = typeof body.days === "string" ? parseLines(body.days) : null;
  try {
    const n = parseOrThrow(noticeSchema, { ...body, days: lines ? lines.days : body.days });
    return { ...n, days: [...n.days].sort((a, b) => a.date.localeCompare(b.date)) };
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    // "days.3.date" → the field "days", "第 5 行：…" (the form) or "第 4 天：…" (a JSON file).
    throw new ValidationError(
      err.errors.map((e) => {
        const m = /^days\.(\d+)/.exec(e.field);
        if (!m) return e;
        const i = Number(m[1]);
        return {
          field: "days",
          message: `${lines ? `第 ${lines.lineNumbers[i]} 行` : `第 ${i + 1} 天`}：${e.message}`,
        };
      }),
    );
  }
}
