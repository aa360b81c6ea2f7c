import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import { beijingDate } from "../shared/dates.js";
import { isoNow, type Clock } from "../clock.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { hasRole, type SessionUser } from "../people/scope.js";
import { parseDelimited } from "../shared/delimited.js";
import { readSpreadsheet } from "../shared/spreadsheet.js";
import { parseOrThrow, toFieldErrors } from "../validation.js";
import { canManage } from "./access.js";
import { FIVE_ELDERS_LABELS, type FiveEldersKind } from "./labels.js";
import { MEDIATOR_KIND_LABELS, type MediatorKind } from "./roster.js";
import * as repo from "./import-repository.js";
import type { ImportPreview } from "../shared/import-previews.js";
import { confirmSchema, importSchema, mediatorSchema, type MediatorInput } from "./schemas.js";

/**
 * Importing a roster the bureau already keeps, as an Excel workbook (.xlsx), a CSV file (UTF-8
 * or GBK, as Excel saves it) or cells pasted from a spreadsheet. The first row names the columns;
 * every data row is checked as if typed into the mediator form. Nothing is imported until the
 * preview is confirmed, and then only the rows without errors.
 */

const MAX_ROWS = 2000;
/** Far more than the 14 known headings: a roster with notes columns still reads. */
const MAX_COLUMNS = 100;

/** Column headings understood (after dropping spaces, “*” and bracketed notes), by field. */
const HEADINGS: Record<string, string[]> = {
  name: ["姓名", "调解员姓名"],
  gender: ["性别"],
  birthYear: ["出生年份", "出生年", "出生年月", "出生日期"],
  ethnicity: ["民族"],
  languages: ["语言/方言", "语言方言", "语言", "方言", "使用语言"],
  phone: ["联系电话", "电话", "手机", "手机号码", "联系方式"],
  homeRegion: ["居住地", "居住地区划代码", "住址区划", "所在村（社区）", "所在村"],
  kind: ["类别", "调解员类别", "人员类别", "类型"],
  fiveEldersKind: ["五老类别", "“五老”类别"],
  title: ["职务/身份", "职务", "身份", "原职务", "职务或身份"],
  specialties: ["专长", "擅长纠纷类型", "专业特长", "擅长领域"],
  certifications: ["资格证书/培训", "资格证书", "培训", "资格证书和培训"],
  capacity: ["办案上限", "同时办理案件上限"],
  sinceYear: ["从事调解起始年份", "从事调解工作年份", "调解工作起始年份", "从事调解年份"],
};

const KIND_WORDS: [RegExp, MediatorKind][] = [
  [/五老/, "five_elders"],
  [/乡贤/, "sage"],
  [/专家/, "expert"],
  [/联络员/, "liaison"],
  [/律师/, "lawyer"],
  [/民警|警察|公安/, "police"],
  [/专职|兼职|调解员|^staff$/, "staff"],
];

const normaliseHeading = (h: string) =>
  h
    .replace(/\s+/g, "")
    .replace(/[*＊]/g, "")
    .replace(/[（(][^）)]*[）)]$/, "");

/** Rows of cells (header first) from a workbook (its first sheet), a CSV file or pasted text. */
export async function readTable(content: string | Buffer, filename = ""): Promise<string[][]> {
  const limits = { maxRows: MAX_ROWS, maxColumns: MAX_COLUMNS };
  if (typeof content === "string") return parseDelimited(content, limits);
  const { header, rows } = await readSpreadsheet(content, filename, limits);
  return header.length ? [header, ...rows] : [];
}

export interface ImportRow {
  line: number;
  name: string;
  summary: string;
  input: Record<string, unknown>;
  errors: string[];
}

/** A kept roster preview as its uploader sees it. */
export type ImportView = Omit<ImportPreview<ImportRow>, "userId">;

type Insert = (trx: Knex.Transaction, actorId: number, data: MediatorInput, now: string) => Promise<number>;

export class MediatorImports {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly insert: Insert,
  ) {}

  /** Reads and checks a roster, and keeps it as a preview; imports nothing. */
  async preview(user: SessionUser, input: unknown): Promise<ImportView> {
    const data = parseOrThrow(importSchema, input);
    const org = await repo.findOrganisation(this.knex, data.organisationId, true);
    if (!org) throw new ValidationError([{ field: "organisationId", message: "请选择导入到的调解组织" }]);
    if (
      !canManage(user, { organisationId: Number(org.id), organisationRegionCode: String(org.region_code) })
    ) {
      throw new ValidationError([
        { field: "organisationId", message: `您不能管理${String(org.name)}的调解员` },
      ]);
    }
    const table = await readTable(data.content, data.filename ?? "");
    const [header, ...body] = table;
    const columns = new Map<string, number>();
    (header ?? []).forEach((h, i) => {
      const key = normaliseHeading(h);
      for (const [field, names] of Object.entries(HEADINGS)) {
        if (names.includes(key) && !columns.has(field)) columns.set(field, i);
      }
    });
    if (!columns.has("name")) {
      throw new ValidationError([
        {
          field: "content",
          message: "没有找到“姓名”列：第一行应为表头，如 姓名、性别、出生年份、联系电话、类别、专长",
        },
      ]);
    }
    if (body.length === 0)
      throw new ValidationError([{ field: "content", message: "名册中没有调解员（表头下没有数据行）" }]);
    if (body.length > MAX_ROWS) {
      throw new ValidationError([{ field: "content", message: `一次最多导入 ${MAX_ROWS} 行，请分批导入` }]);
    }
    const rows = await this.check(data.organisationId, body, columns);
    const id = await repo.insertImport(this.knex, {
      userId: user.id,
      organisationId: data.organisationId,
      filename: data.filename ?? "粘贴的名册",
      rows,
      now: isoNow(this.clock),
    });
    return this.get(user, id);
  }

  private async check(
    organisationId: number,
    body: string[][],
    columns: Map<string, number>,
  ): Promise<ImportRow[]> {
    const today = beijingDate(this.clock.now());
    const schema = mediatorSchema(today);
    const { types, regions, existing } = await repo.checkFacts(this.knex, organisationId);
    const typeByName = new Map<string, string>();
    for (const t of types) {
      typeByName.set(String(t.name), String(t.code));
      typeByName.set(`${String(t.name)}纠纷`, String(t.code));
      typeByName.set(String(t.code), String(t.code));
    }
    const regionsByName = new Map<string, string[]>();
    for (const r of regions)
      regionsByName.set(String(r.name), [...(regionsByName.get(String(r.name)) ?? []), String(r.code)]);
    const known = new Set(existing.map((m) => `${String(m.name)}|${String(m.phone ?? "")}`));
    const seen = new Map<string, number>();
    return body.map((cells, i) => {
      const line = i + 2;
      const cell = (field: string) => {
        const c = columns.get(field);
        return c === undefined ? "" : (cells[c] ?? "").trim();
      };
      const errors: string[] = [];
      const gender = cell("gender");
      const kindText = cell("kind");
      const kind = kindText ? KIND_WORDS.find(([re]) => re.test(kindText))?.[1] : "staff";
      if (!kind)
        errors.push(`类别“${kindText}”无法识别，应为专职/兼职、五老、乡贤、专家、联络员、律师或民警`);
      const fiveText = cell("fiveEldersKind");
      const five = fiveText
        ? (Object.entries(FIVE_ELDERS_LABELS).find(([, l]) => fiveText.includes(l))?.[0] as
            FiveEldersKind | undefined)
        : undefined;
      if (fiveText && !five) errors.push(`“五老”类别“${fiveText}”无法识别`);
      const specialtyNames = cell("specialties")
        .split(/[、,，;；/\s]+/)
        .filter(Boolean);
      const specialties = specialtyNames.map((n) => typeByName.get(n));
      specialtyNames.forEach((n, k) => {
        if (!specialties[k]) errors.push(`专长“${n}”不是纠纷类型`);
      });
      const place = cell("homeRegion");
      let homeRegionCode: string | undefined;
      if (/^\d{12}(\d{3})?$/.test(place)) homeRegionCode = place;
      else if (place) {
        const codes = regionsByName.get(place) ?? [];
        if (codes.length === 1) homeRegionCode = codes[0];
        else
          errors.push(codes.length ? `居住地“${place}”有重名，请填写区划代码` : `居住地“${place}”不在区划中`);
      }
      const raw = {
        name: cell("name"),
        kind: kind ?? "staff",
        fiveEldersKind: five ?? "",
        title: cell("title"),
        gender: gender === "男" ? "male" : gender === "女" ? "female" : gender,
        birthYear: cell("birthYear").slice(0, 4),
        ethnicity: cell("ethnicity"),
        languages: cell("languages"),
        phone: cell("phone"),
        homeRegionCode: homeRegionCode ?? "",
        organisationId,
        otherOrganisationIds: [],
        specialties: specialties.filter((s): s is string => !!s),
        certifications: cell("certifications")
          .split(/[、;；]/)
          .join("\n"),
        sinceYear: cell("sinceYear").slice(0, 4),
        capacity: cell("capacity"),
        active: true,
      };
      if (gender && gender !== "男" && gender !== "女") errors.push("性别应为“男”或“女”");
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        for (const e of toFieldErrors(parsed.error)) if (e.field !== "gender") errors.push(e.message);
      }
      const key = `${raw.name}|${raw.phone}`;
      if (raw.name && seen.has(key)) errors.push(`与第 ${seen.get(key)} 行重复（同名同电话）`);
      else if (raw.name) seen.set(key, line);
      if (raw.name && known.has(key)) errors.push("本组织已有同名同电话的调解员");
      const label = kind ? MEDIATOR_KIND_LABELS[kind] : kindText;
      return {
        line,
        name: raw.name,
        summary: [label, raw.phone, specialtyNames.join("、")].filter(Boolean).join("，"),
        input: raw,
        errors,
      };
    });
  }

  async get(user: SessionUser, id: number): Promise<ImportView> {
    const rec = Number.isInteger(id) ? await repo.findImport(this.knex, id) : undefined;
    // A preview is the uploader's own (and an admin's): others get 404.
    if (!rec || (rec.userId !== user.id && !hasRole(user, "admin"))) {
      throw new NotFoundError("找不到该导入记录");
    }
    const { userId: _, ...view } = rec;
    return view;
  }

  /** Imports the preview's rows without errors, in one transaction; returns how many. */
  async confirm(user: SessionUser, id: number, input: unknown): Promise<number> {
    const view = await this.get(user, id);
    const { version } = parseOrThrow(confirmSchema, input);
    if (view.status !== "preview") throw new ConflictError("该名册已经导入，不能重复导入");
    const org = (await repo.findOrganisation(this.knex, view.organisationId, false))!;
    if (
      !canManage(user, { organisationId: Number(org.id), organisationRegionCode: String(org.region_code) })
    ) {
      throw new ForbiddenError("您不能管理该组织的调解员");
    }
    const schema = mediatorSchema(beijingDate(this.clock.now()));
    const good = view.rows.filter((r) => r.errors.length === 0);
    return this.knex.transaction(async (trx) => {
      const now = isoNow(this.clock);
      if (!(await repo.markConfirmed(trx, id, version, now)))
        throw new ConflictError("该名册已被导入或已更改，请刷新后查看");
      for (const r of good) await this.insert(trx, user.id, schema.parse(r.input), now);
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "mediator.import",
        entityType: "organisation",
        entityId: view.organisationId,
        after: {
          importId: id,
          filename: view.filename,
          imported: good.length,
          skipped: view.rows.length - good.length,
        },
        at: now,
      });
      return good.length;
    });
  }
}
