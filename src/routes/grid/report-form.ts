import type { Response } from "express";
import type { FieldError } from "../../errors.js";
import { isPartyActor, type GridActor, type PhotoUpload } from "../../grid/types.js";
import { nestFields } from "../../http/form-fields.js";
import { placeGroups, type PlaceGroup } from "../../portal/place-options.js";
import { beijingDate } from "../../shared/dates.js";
import type { Services } from "../../services.js";
import { FORM_OPTIONS } from "./view.js";

/** The report form's photo inputs: one each, so a phone's camera can take them one after another. */
export const REPORT_PHOTO_FIELDS = ["photo1", "photo2", "photo3"] as const;

export const PHOTOS_TOO_LARGE = "照片太大（每张不超过 10 MB，合计不超过 30 MB），上报没有提交，请重新填写";

type Values = Record<string, unknown>;

interface FormPage {
  title: string;
  formAction: string;
  backHref: string;
  backLabel: string;
  lead?: string;
}

const INDENT = "\u3000";

/**
 * The place picker: a grid worker's own grid first (preselected), then every township's places
 * (a grid worker sometimes reports next door); a party sees every township's places.
 */
async function places(
  services: Services,
  actor: GridActor,
): Promise<{ groups: PlaceGroup[]; grid: string | null }> {
  const all = placeGroups(await services.regions.list({ withGroups: true }));
  if (isPartyActor(actor)) return { groups: all, grid: null };
  const grid = await services.grid.gridOf(actor);
  if (!grid) return { groups: all, grid: null };
  const mine = await services.regions.list({ prefix: grid, withGroups: true });
  const top = mine[0]?.level;
  const options = mine.map((r) => ({
    value: r.code,
    label: r.level === top ? r.name : `${INDENT}${r.name}`,
  }));
  const rest = all
    .map((g) => ({ ...g, options: g.options.filter((o) => !o.value.startsWith(grid)) }))
    .filter((g) => g.options.length);
  return { groups: [{ label: "我的网格", options }, ...rest], grid };
}

/** Renders the report form (the grid worker's and the party's), with what was typed. */
export async function renderReportForm(
  services: Services,
  res: Response,
  actor: GridActor,
  page: FormPage,
  status: number,
  values: Values,
  extra: Values = {},
): Promise<void> {
  const { groups, grid } = await places(services, actor);
  const parties = Array.isArray(values.parties) ? (values.parties as Values[]) : [];
  const partyRows = [0, 1].map((index) => ({
    index,
    side: index === 0 ? "applicant" : "respondent",
    legend: index === 0 ? "一方" : "另一方",
    name: parties[index]?.name,
    phone: parties[index]?.phone,
  }));
  res.status(status).render("pages/grid/report-form", {
    ...page,
    ...FORM_OPTIONS,
    values: { regionCode: grid ?? undefined, ...values },
    placeGroups: groups,
    partyRows,
    showRisk: !isPartyActor(actor),
    today: beijingDate(services.clock.now()),
    photoFields: REPORT_PHOTO_FIELDS.map((name, i) => ({ name, number: i + 1 })),
    ...extra,
  });
}

/**
 * The form's fields as the service's input: nested parties (rows left empty dropped), the
 * threats box as a boolean, blanks as absent; the photos beside.
 */
export function readReportForm(body: unknown): {
  values: Values;
  input: Values;
  photos: PhotoUpload[];
  photoFields: string[];
} {
  const values = nestFields((body ?? {}) as Values);
  const photos: PhotoUpload[] = [];
  const photoFields: string[] = [];
  for (const field of REPORT_PHOTO_FIELDS) {
    const file = values[field] as { filename?: unknown; data?: unknown } | undefined;
    delete values[field];
    if (file && Buffer.isBuffer(file.data) && file.data.length > 0) {
      photos.push({ filename: typeof file.filename === "string" ? file.filename : "", data: file.data });
      photoFields.push(field);
    }
  }
  delete values._csrf;
  const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");
  const rows = Array.isArray(values.parties) ? (values.parties as Values[]) : [];
  const parties = rows
    .filter((p) => p && !(blank(p.name) && blank(p.phone)))
    .map((p) => ({ side: p.side, name: p.name, ...(blank(p.phone) ? {} : { phone: p.phone }) }));
  const input: Values = {
    category: values.category,
    regionCode: values.regionCode,
    summary: values.summary,
    ...(blank(values.occurredOn) ? {} : { occurredOn: values.occurredOn }),
    ...(blank(values.people) ? {} : { people: values.people }),
    ...(parties.length ? { parties } : {}),
    ...(blank(values.riskLevel) ? {} : { riskLevel: values.riskLevel }),
    threats: values.threats === "on" || values.threats === "true",
  };
  return { values, input, photos, photoFields };
}

/**
 * Field errors as the form names them: a party row's error at that row's box (the service counts
 * only the rows sent, the form has two), a photo's at its input.
 */
export function formErrors(errors: FieldError[], body: Values, photoNames: string[]): FieldError[] {
  const rows = Array.isArray(body.parties) ? (body.parties as Values[]) : [];
  const sent = rows.map((p, i) => ({ p, i })).filter(({ p }) => p && (p.name || p.phone));
  return errors.map((e) => {
    const party = /^parties\.(\d+)\.(\w+)$/.exec(e.field);
    if (party) {
      const row = sent[Number(party[1])];
      return row ? { ...e, field: `parties.${row.i}.${party[2]}` } : e;
    }
    const photo = /^photos?\.?(\d+)?$/.exec(e.field);
    if (photo) return { ...e, field: photoNames[Number(photo[1] ?? 0)] ?? "photo1" };
    return e;
  });
}
