import type { Knex } from "knex";
import type { OrganisationKind, RegionLevel } from "../places/kinds.js";
import type { GridEventKind } from "./types.js";

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

export interface Org {
  id: number;
  name: string;
  kind: OrganisationKind;
  regionCode: string;
  regionLevel: RegionLevel;
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The SQL around a report: its timeline, ratings and photos; the places and people it refers to. */
export class GridRecordsRepository {
  constructor(protected readonly knex: Knex) {}

  async reopenComments(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = (await this.knex("grid_report_events")
      .whereIn("report_id", ids)
      .andWhere("kind", "reopened")
      .orderBy("id")
      .select("report_id", "data_json")) as Row[];
    const out = new Map<number, string>();
    for (const r of rows) {
      const data = JSON.parse(String(r.data_json ?? "{}")) as { comment?: string | null };
      out.set(Number(r.report_id), data.comment ?? "");
    }
    return out;
  }

  async events(reportId: number) {
    const rows = (await this.knex("grid_report_events as e")
      .leftJoin("users as u", "u.id", "e.actor_user_id")
      .where("e.report_id", reportId)
      .orderBy("e.id")
      .select("e.at", "e.kind", "e.text", "u.display_name as actor_name")) as Row[];
    return rows.map((r) => ({
      at: String(r.at),
      kind: r.kind as GridEventKind,
      text: String(r.text),
      actorName: str(r.actor_name),
    }));
  }

  /** When the report last became done (the reply or the case's conclusion). */
  async lastDoneAt(db: Db, reportId: number): Promise<string | null> {
    const r = (await db("grid_report_events")
      .where("report_id", reportId)
      .whereIn("kind", ["replied", "case_concluded"])
      .orderBy("id", "desc")
      .first("at")) as Row | undefined;
    return str(r?.at);
  }

  async latestRating(reportId: number, db: Db = this.knex) {
    const r = (await db("grid_report_ratings").where("report_id", reportId).orderBy("id", "desc").first()) as
      Row | undefined;
    if (!r) return null;
    return {
      satisfaction: String(r.satisfaction) as "satisfied" | "basically_satisfied" | "dissatisfied",
      comment: str(r.comment),
      ratedAt: String(r.rated_at),
    };
  }

  async photos(reportId: number) {
    const rows = (await this.knex("grid_report_photos")
      .where("report_id", reportId)
      .orderBy("id")
      .select("id", "name", "mime", "size", this.knex.raw("thumbnail is not null as has_thumb"))) as Row[];
    return rows.map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      mime: String(r.mime),
      size: Number(r.size),
      hasThumbnail: r.has_thumb === true || Number(r.has_thumb) === 1,
    }));
  }

  async photoReportId(photoId: number): Promise<number | null> {
    const r = (await this.knex("grid_report_photos").where("id", photoId).first("report_id")) as
      Row | undefined;
    return num(r?.report_id);
  }

  async photoBytes(photoId: number, which: "bytes" | "thumbnail") {
    const r = (await this.knex("grid_report_photos").where("id", photoId).first("name", "mime", which)) as
      Row | undefined;
    const v = r?.[which];
    const bytes = Buffer.isBuffer(v) ? v : v instanceof Uint8Array ? Buffer.from(v) : null;
    return r && bytes ? { name: String(r.name), mime: String(r.mime), bytes } : null;
  }

  async photosWithBytes(trx: Db, reportId: number) {
    const rows = (await trx("grid_report_photos").where("report_id", reportId).orderBy("id")) as Row[];
    const buf = (v: unknown) => (Buffer.isBuffer(v) ? v : v ? Buffer.from(v as Uint8Array) : null);
    return rows.map((r) => ({
      name: String(r.name),
      mime: String(r.mime),
      sha256: String(r.sha256),
      bytes: buf(r.bytes)!,
      thumbnail: buf(r.thumbnail),
    }));
  }

  async organisation(db: Db, id: number): Promise<Org | null> {
    const r = (await db("organisations as o")
      .join("regions as rg", "rg.code", "o.region_code")
      .where({ "o.id": id, "o.active": true })
      .first("o.id", "o.name", "o.kind", "o.region_code", "rg.level")) as Row | undefined;
    return r
      ? {
          id: Number(r.id),
          name: String(r.name),
          kind: r.kind as OrganisationKind,
          regionCode: String(r.region_code),
          regionLevel: r.level as RegionLevel,
        }
      : null;
  }

  /** Active organisations of these kinds whose place lies under one of the prefixes, by name. */
  async organisationsUnder(db: Db, kinds: OrganisationKind[], prefixes: string[]): Promise<Org[]> {
    if (!prefixes.length) return [];
    const rows = (await db("organisations as o")
      .join("regions as rg", "rg.code", "o.region_code")
      .whereIn("o.kind", kinds)
      .andWhere("o.active", true)
      .andWhere((w) => {
        for (const p of prefixes) w.orWhere("o.region_code", "like", `${p}%`);
      })
      .orderBy("o.name")
      .select("o.id", "o.name", "o.kind", "o.region_code", "rg.level")) as Row[];
    return rows.map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      kind: r.kind as OrganisationKind,
      regionCode: String(r.region_code),
      regionLevel: r.level as RegionLevel,
    }));
  }

  async regionExists(db: Db, code: string): Promise<boolean> {
    return !!(await db("regions").where({ code }).first("code"));
  }

  async userPhone(db: Db, userId: number): Promise<string | null> {
    const r = (await db("users").where({ id: userId }).first("phone")) as Row | undefined;
    return str(r?.phone);
  }

  async userGrid(userId: number): Promise<string | null> {
    const r = (await this.knex("users").where({ id: userId }).first("grid_region_code")) as Row | undefined;
    return str(r?.grid_region_code);
  }

  async insertEvent(
    trx: Knex.Transaction,
    e: {
      reportId: number;
      at: string;
      actorUserId: number | null;
      actorPhone: string | null;
      kind: GridEventKind;
      text: string;
      data?: unknown;
    },
  ): Promise<void> {
    await trx("grid_report_events").insert({
      report_id: e.reportId,
      at: e.at,
      actor_user_id: e.actorUserId,
      actor_phone: e.actorPhone,
      kind: e.kind,
      text: e.text,
      data_json: e.data === undefined ? null : JSON.stringify(e.data),
    });
  }

  async insertPhoto(
    trx: Knex.Transaction,
    p: {
      reportId: number;
      name: string;
      mime: string;
      sha256: string;
      bytes: Buffer;
      thumbnail: Buffer | null;
      at: string;
    },
  ): Promise<void> {
    await trx("grid_report_photos").insert({
      report_id: p.reportId,
      name: p.name,
      mime: p.mime,
      size: p.bytes.length,
      sha256: p.sha256,
      bytes: p.bytes,
      thumbnail: p.thumbnail,
      uploaded_at: p.at,
    });
  }

  async insertRating(
    trx: Knex.Transaction,
    r: {
      reportId: number;
      satisfaction: string;
      comment: string | null;
      at: string;
      userId: number | null;
      phone: string | null;
    },
  ): Promise<void> {
    await trx("grid_report_ratings").insert({
      report_id: r.reportId,
      satisfaction: r.satisfaction,
      comment: r.comment,
      rated_at: r.at,
      rater_user_id: r.userId,
      rater_phone: r.phone,
    });
  }

  /** The report a case was created from, while it waits for the case (status dispatched). */
}
