import { ValidationError } from "../errors.js";
import { parseDelimited } from "./delimited.js";
import { XlsxLimitError, XlsxReader } from "./xlsx.js";

/**
 * Reading an uploaded table (.xlsx or .csv) without trusting it: rows and columns are capped while
 * the file is read (reading stops at the first row or cell past a cap), an .xlsx's unzipped size is
 * checked against its zip directory and counted while inflating, and the sheet is read in chunks,
 * yielding to the event loop, so one upload never stalls the server. Every refusal is a
 * ValidationError in Chinese naming the limit.
 */

export interface SpreadsheetLimits {
  /** Data rows after the header row. */
  maxRows: number;
  /** Columns holding any text (empty or formatted-only cells beyond it are ignored). */
  maxColumns: number;
  /** Total unzipped size of an .xlsx; 30 MB unless given (a 2,000-row roster is well under 5 MB). */
  maxUnzippedBytes?: number;
}

export interface Spreadsheet {
  header: string[];
  rows: string[][];
}

const DEFAULT_MAX_UNZIPPED = 30 * 1024 * 1024;

const refuse = (message: string): never => {
  throw new ValidationError([{ field: "content", message }]);
};

function refusal(limit: XlsxLimitError["limit"], limits: SpreadsheetLimits): never {
  const max = limits.maxUnzippedBytes ?? DEFAULT_MAX_UNZIPPED;
  switch (limit) {
    case "rows":
      return refuse(`表格超过 ${limits.maxRows} 行（不含表头），请分批导入`);
    case "columns":
      return refuse(`列数超过 ${limits.maxColumns} 列，请删去多余的列后再试`);
    case "size":
      return refuse(
        `文件解压后过大（超过 ${Math.round(max / 1024 / 1024)} MB），请删去多余的工作表或格式后再试`,
      );
    default:
      return refuse("无法读取该文件，请另存为 .xlsx 或 CSV（UTF-8 或 GBK）后再试");
  }
}

/**
 * Rows of a workbook's first sheet (.xlsx, recognised by its zip signature) or of a CSV file; the
 * first row with any text is the header, blank rows are dropped and rows are padded to one width.
 */
export async function readSpreadsheet(
  data: Buffer,
  filename: string,
  limits: SpreadsheetLimits,
): Promise<Spreadsheet> {
  let table: string[][];
  if (data[0] === 0x50 && data[1] === 0x4b) {
    try {
      const reader = new XlsxReader(data, {
        maxRows: limits.maxRows,
        maxColumns: limits.maxColumns,
        maxUnzippedBytes: limits.maxUnzippedBytes ?? DEFAULT_MAX_UNZIPPED,
      });
      table = await reader.rows();
    } catch (err) {
      if (err instanceof XlsxLimitError) refusal(err.limit, limits);
      refusal("unreadable", limits);
    }
  } else if (/\.xls[xm]?$/i.test(filename) || data.includes(0)) {
    refusal("unreadable", limits); // an old .xls or another binary file
  } else table = parseDelimited(decodeText(data), limits);
  const width = table.reduce((w, r) => Math.max(w, r.length), 0);
  const padded = table.map((r) =>
    r.length < width ? [...r, ...Array<string>(width - r.length).fill("")] : r,
  );
  const [header = [], ...rows] = padded;
  return { header, rows };
}

/** Text of a CSV file: UTF-8 (with or without BOM) if it decodes as such, otherwise GBK (GB 18030). */
export function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  } catch {
    return new TextDecoder("gb18030").decode(buffer);
  }
}
