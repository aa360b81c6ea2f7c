import path from "node:path";
import type { Express } from "express";
import { engine } from "express-handlebars";
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from "../audit/labels.js";
import { beijingDateTime, chineseDate } from "../documents/chinese-format.js";
import { ROLE_LABELS, type Role } from "../people/roles.js";
import {
  ORGANISATION_KIND_LABELS,
  REGION_LEVEL_LABELS,
  type OrganisationKind,
  type RegionLevel,
} from "../places/kinds.js";

const helpers = {
  eq: (a: unknown, b: unknown) => String(a) === String(b),
  startsWith: (text: unknown, prefix: string) => typeof text === "string" && text.startsWith(prefix),
  auditAction: (action: string) => AUDIT_ACTION_LABELS[action] ?? action,
  auditEntity: (type: string) => AUDIT_ENTITY_LABELS[type] ?? type,
  includes: (list: unknown, value: unknown) =>
    (Array.isArray(list) ? list : list === null || list === undefined ? [] : [list])
      .map(String)
      .includes(String(value)),
  roleLabel: (role: Role) => ROLE_LABELS[role] ?? role,
  roleLabels: (roles: Role[]) => (roles ?? []).map((r) => ROLE_LABELS[r] ?? r).join("、"),
  kindLabel: (kind: OrganisationKind) => ORGANISATION_KIND_LABELS[kind] ?? kind,
  levelLabel: (level: RegionLevel) => REGION_LEVEL_LABELS[level] ?? level,
  dateTime: (iso: string) => (iso ? beijingDateTime(iso) : ""),
  chineseDate: (iso: string) => (iso ? chineseDate(iso) : ""),
  fieldError: (errors: { field: string; message: string }[] | undefined, field: string) =>
    errors?.find((e) => e.field === field)?.message,
};

export function setUpViewEngine(app: Express, root: string): void {
  const views = path.join(root, "views");
  app.engine(
    "hbs",
    engine({
      extname: ".hbs",
      defaultLayout: "main",
      layoutsDir: path.join(views, "layouts"),
      partialsDir: path.join(views, "partials"),
      helpers,
    }),
  );
  app.set("view engine", "hbs");
  app.set("views", views);
}
