import { ValidationError } from "../errors.js";

export interface DelimitedLimits {
  maxRows: number;
  maxColumns: number;
}

const refuse = (message: string): never => {
  throw new ValidationError([{ field: "content", message }]);
};

/**
 * Splits delimited text (comma, Chinese comma or tab, with "quoted" cells) into rows of cells,
 * dropping blank rows. With limits, stops at the first row past maxRows data rows (plus the header)
 * or the first cell holding text past maxColumns.
 */
export function parseDelimited(text: string, limits?: DelimitedLimits): string[][] {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
  const sep = firstLine.includes("\t")
    ? "\t"
    : firstLine.includes(",") || !firstLine.includes("，")
      ? ","
      : "，";
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const pushCell = () => {
    if (limits && row.length >= limits.maxColumns) {
      if (cell.trim() !== "") refuse(`列数超过 ${limits.maxColumns} 列，请删去多余的列后再试`);
    } else row.push(cell);
    cell = "";
  };
  const pushRow = () => {
    if (row.some((c) => c.trim() !== "")) {
      rows.push(row);
      if (limits && rows.length > limits.maxRows + 1)
        refuse(`表格超过 ${limits.maxRows} 行（不含表头），请分批导入`);
    }
    row = [];
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === "") quoted = true;
    else if (ch === sep) pushCell();
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && body[i + 1] === "\n") i++;
      pushCell();
      pushRow();
    } else cell += ch;
  }
  if (cell !== "" || row.length) {
    pushCell();
    pushRow();
  }
  return rows;
}
