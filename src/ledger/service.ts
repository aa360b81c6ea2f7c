import type { Knex } from "knex";
import { z } from "zod";
import { recordAudit } from "../audit/audit.js";
import { backfillNumber } from "../cases/backdating.js";
import { beijingDate } from "../shared/dates.js";
import { isoNow, type Clock } from "../clock.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { hasRole, type SessionUser } from "../people/scope.js";
import { COMMITTEE_KINDS } from "../places/kinds.js";
import { readSpreadsheet } from "../shared/spreadsheet.js";
import { optionalText, parseOrThrow, versionField } from "../validation.js";
import { insertLedgerCase } from "./insert.js";
import { mapColumns, missingHeadings, parseLedgerRow, type LedgerRow } from "./parse.js";
import {
  backfillNote,
  disputeTypesByName,
  findImport,
  insertImport,
  markConfirmed,
  organisation,
  takenNumbers,
  type LedgerImportRecord,
} from "./repository.js";

/** Rows one ledger may hold (a committee's busiest years stay well under this). */
export const MAX_ROWS = 5000;
const MAX_COLUMNS = 40;

const uploadSchema = z.object({
  content: z.instanceof(Buffer, { error: "请选择要导入的台账文件（.xlsx 或 .csv）" }),
  filename: optionalText("文件名", 200),
});
const confirmSchema = z.object({ version: versionField });

export type LedgerImportView = Omit<LedgerImportRecord, "userId">;

/**
 * 补录 from a paper ledger: a director uploads the committee's 台账, sees every row checked, and
 * confirms; then the rows without errors become closed (or terminated) cases on their real dates,
 * in one transaction. Nothing is written before the confirmation but the preview itself.
 */
export class LedgerImports {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {}

  /** Only a committee's director brings in its paper years, and only into their own committee. */
  private check(user: SessionUser): void {
    if (!hasRole(user, "director") || !COMMITTEE_KINDS.includes(user.organisation.kind)) {
      throw new ForbiddenError("只有调解委员会主任可以导入本委员会的纸质台账");
    }
  }

  canImport(user: SessionUser): boolean {
    return hasRole(user, "director") && COMMITTEE_KINDS.includes(user.organisation.kind);
  }

  /** Reads and checks a ledger, and keeps it as a preview; imports nothing. */
  async preview(user: SessionUser, input: unknown): Promise<LedgerImportView> {
    this.check(user);
    const data = parseOrThrow(uploadSchema, input);
    const filename = data.filename ?? "台账";
    if (data.content.length === 0)
      throw new ValidationError([{ field: "content", message: "请选择要导入的台账文件（.xlsx 或 .csv）" }]);
    const { header, rows: body } = await readSpreadsheet(data.content, filename, {
      maxRows: MAX_ROWS,
      maxColumns: MAX_COLUMNS,
    });
    const columns = mapColumns(header);
    const missing = missingHeadings(columns);
    if (missing.length) {
      throw new ValidationError([
        {
          field: "content",
          message: `台账缺少“${missing.join("”“")}”列：第一行应为表头，如 编号、申请人、被申请人、纠纷类型、登记日期、受理日期、调解日期、协议日期、结案日期、调解结果、协议金额`,
        },
      ]);
    }
    if (body.length === 0)
      throw new ValidationError([{ field: "content", message: "台账中没有案件（表头下没有数据行）" }]);
    const rows = await this.checkRows(user.organisation.id, body, columns);
    const id = await insertImport(this.knex, {
      userId: user.id,
      organisationId: user.organisation.id,
      filename,
      rows,
      now: isoNow(this.clock),
    });
    return this.get(user, id);
  }

  private async checkRows(
    organisationId: number,
    body: string[][],
    columns: Map<string, number>,
  ): Promise<LedgerRow[]> {
    const ctx = { today: beijingDate(this.clock.now()), typeByName: await disputeTypesByName(this.knex) };
    const rows = body.map((cells, i) => parseLedgerRow(cells, columns, i + 2, ctx));
    const org = await organisation(this.knex, organisationId);
    const numberOf = (paper: string) => backfillNumber(paper, String(org!.number_prefix));
    const taken = await takenNumbers(
      this.knex,
      organisationId,
      rows.flatMap((r) => (r.paperNumber ? [r.paperNumber, numberOf(r.paperNumber)] : [])),
    );
    const seen = new Map<string, number>();
    for (const r of rows) {
      if (!r.paperNumber) continue;
      const first = seen.get(r.paperNumber);
      if (first) r.errors.push(`编号“${r.paperNumber}”与第 ${first} 行重复`);
      else seen.set(r.paperNumber, r.line);
      if (taken.has(r.paperNumber) || taken.has(numberOf(r.paperNumber)))
        r.errors.push(`编号“${r.paperNumber}”已有案件使用，不能重复导入`);
      if (r.errors.length) r.input = null;
    }
    return rows;
  }

  /** “补录：某某 于 2026-12-01 录入” for a case brought in from paper; null for any other case. */
  async note(caseId: number): Promise<{ by: string; on: string; paperNumber: string | null } | null> {
    const n = await backfillNote(this.knex, caseId);
    return n && { by: n.by, on: beijingDate(new Date(n.at)), paperNumber: n.paperNumber };
  }

  /** A preview is its uploader's own: anyone else gets 404. */
  async get(user: SessionUser, id: number): Promise<LedgerImportView> {
    const rec = Number.isInteger(id) ? await findImport(this.knex, id) : undefined;
    if (!rec || rec.userId !== user.id) throw new NotFoundError("找不到该台账导入记录");
    const { userId: _, ...view } = rec;
    return view;
  }

  /** Imports the preview's rows without errors, all or nothing; returns the new cases' ids. */
  async confirm(user: SessionUser, id: number, input: unknown): Promise<number[]> {
    this.check(user);
    const view = await this.get(user, id);
    const { version } = parseOrThrow(confirmSchema, input);
    if (view.status !== "preview") throw new ConflictError("该台账已经导入，不能重复导入");
    if (view.organisationId !== user.organisation.id) throw new ForbiddenError("只能导入到本委员会");
    const good = view.rows.filter((r) => r.errors.length === 0 && r.input);
    const org = await organisation(this.knex, view.organisationId);
    return this.knex.transaction(async (trx) => {
      const now = isoNow(this.clock);
      if (!(await markConfirmed(trx, id, version, now)))
        throw new ConflictError("该台账已被导入或已更改，请刷新后查看");
      // A number taken since the preview (another import, a case entered meanwhile): nothing is imported.
      const numbers = good.map((r) => r.input!.paperNumber);
      const prefix = String(org!.number_prefix);
      const taken = await takenNumbers(trx, view.organisationId, [
        ...numbers,
        ...numbers.map((n) => backfillNumber(n, prefix)),
      ]);
      const clash = numbers.find((n) => taken.has(n) || taken.has(backfillNumber(n, prefix)));
      if (clash) throw new ConflictError(`编号“${clash}”已有案件使用，请重新上传台账核对`);
      const ids: number[] = [];
      for (const r of good) {
        ids.push(
          await insertLedgerCase(trx, r.input!, {
            importId: id,
            organisationId: view.organisationId,
            numberPrefix: prefix,
            regionCode: String(org!.region_code),
            userId: user.id,
            now,
          }),
        );
      }
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "ledger.import",
        entityType: "organisation",
        entityId: view.organisationId,
        after: {
          importId: id,
          filename: view.filename,
          imported: ids.length,
          skipped: view.rows.length - ids.length,
        },
        at: now,
      });
      return ids;
    });
  }
}
