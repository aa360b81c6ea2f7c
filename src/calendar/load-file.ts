import fs from "node:fs";
import { ValidationError } from "../errors.js";
import { parseNotice, type Notice } from "./notices.js";
import type { CalendarService } from "./service.js";

/**
 * The CLI's input: a JSON file with one notice or an array of notices, each
 * { "year": 2027, "number": "国办发明电〔2026〕…号", "issuedOn": "2026-11-…",
 *   "days": [{ "date": "2027-02-05", "kind": "off", "name": "春节" }, …] }.
 * Every notice is checked before any is loaded; errors name the notice and the field in Chinese.
 */
export function readNoticeFile(file: string): Notice[] {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new ValidationError([
      { field: "file", message: `无法读取 JSON 文件 ${file}：${(err as Error).message}` },
    ]);
  }
  const list = Array.isArray(data) ? data : [data];
  if (list.length === 0) throw new ValidationError([{ field: "file", message: "文件中没有通知" }]);
  return list.map((item, i) => {
    try {
      return parseNotice(item);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const which = list.length > 1 ? `第 ${i + 1} 个通知：` : "";
      throw new ValidationError(err.errors.map((e) => ({ field: e.field, message: `${which}${e.message}` })));
    }
  });
}

export async function loadNoticeFile(calendar: CalendarService, file: string): Promise<Notice[]> {
  const notices = readNoticeFile(file);
  for (const n of notices) await calendar.loadNotice(null, n, "cli");
  return notices;
}
