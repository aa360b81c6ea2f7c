import type { Knex } from "knex";
import type { Status } from "../cases/lifecycle.js";
import { ConflictError, NotFoundError, STALE_MESSAGE } from "../errors.js";
import type { SessionUser } from "../people/scope.js";

export type Row = Record<string, unknown>;

/** The application as filed with the judge's court, at the version the judge saw. */
export async function loadForCourt(
  trx: Knex.Transaction,
  user: SessionUser,
  id: number,
  version: number,
): Promise<Row> {
  const row = await trx("confirmations").where({ id, court_id: user.organisation.id }).first();
  if (!row) throw new NotFoundError("找不到该司法确认申请，或它不是向本院提出的");
  if (Number(row.version) !== version) throw new ConflictError(STALE_MESSAGE);
  return row as Row;
}

/** Updates the application only if it is still in the status and version it was read in. */
export async function saveGuarded(
  trx: Knex.Transaction,
  id: number,
  version: number,
  from: string,
  update: Row,
): Promise<void> {
  const n = await trx("confirmations")
    .where({ id, version, status: from })
    .update({ ...update, version: version + 1 });
  if (n !== 1) throw new ConflictError(STALE_MESSAGE);
}

/** Moves the case out of 司法确认中, guarded on its status. */
export async function moveCase(
  trx: Knex.Transaction,
  caseId: unknown,
  to: Status,
  at: string,
): Promise<void> {
  const kase = await trx("cases").where({ id: caseId }).first();
  const n = await trx("cases")
    .where({ id: caseId, status: "awaiting_confirmation", version: kase.version })
    .update({ status: to, version: Number(kase.version) + 1, updated_at: at });
  if (n !== 1) throw new ConflictError("案件已不在“司法确认中”状态");
}
