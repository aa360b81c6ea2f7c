import path from "node:path";
import type { Express } from "express";
import { engine } from "express-handlebars";
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from "../audit/labels.js";
import { ACTION_LABELS, STATUS_LABELS, type Action, type Status } from "../cases/lifecycle.js";
import {
  amountInCapitals,
  amountInFigures,
  beijingDateTime,
  chineseDate,
} from "../documents/chinese-format.js";
import { ROLE_LABELS, type Role } from "../people/roles.js";
import {
  ORGANISATION_KIND_LABELS,
  REGION_LEVEL_LABELS,
  type OrganisationKind,
  type RegionLevel,
} from "../places/kinds.js";

import { nextSteps, outcomeLabel, rulingPhrase, type Ending } from "../confirmations/next-steps.js";

const helpers = {
  eq: (a: unknown, b: unknown) => String(a) === String(b),
  startsWith: (text: unknown, prefix: string) => typeof text === "string" && text.startsWith(prefix),
  auditAction: (action: string) => AUDIT_ACTION_LABELS[action] ?? action,
  auditEntity: (type: string) => AUDIT_ENTITY_LABELS[type] ?? type,
  includes: (list: unknown, value: unknown) =>
    (Array.isArray(list) ? list : list === null || list === undefined ? [] : [list])
      .map(String)
      .includes(String(value)),
  /** An ended judicial-confirmation application: its outcome and the parties' next steps. */
  courtEnding: (c: Ending) => ({ label: outcomeLabel(c), phrase: rulingPhrase(c), steps: nextSteps(c) }),
  rulingPhrase: (c: Ending) => rulingPhrase(c),
  roleLabel: (role: Role) => ROLE_LABELS[role] ?? role,
  roleLabels: (roles: Role[]) => (roles ?? []).map((r) => ROLE_LABELS[r] ?? r).join("、"),
  kindLabel: (kind: OrganisationKind) => ORGANISATION_KIND_LABELS[kind] ?? kind,
  levelLabel: (level: RegionLevel) => REGION_LEVEL_LABELS[level] ?? level,
  dateTime: (iso: string) => (iso ? beijingDateTime(iso) : ""),
  chineseDate: (iso: string) => (iso ? chineseDate(iso) : ""),
  fieldError: (errors: { field: string; message: string }[] | undefined, field: string) =>
    errors
      ?.filter((e) => e.field === field)
      .map((e) => e.message)
      .join("；") || undefined,
  /** The error key and element id of a field: given explicitly for nested names like parties[0][name]. */
  fieldKey: (key: unknown, name: unknown) => (typeof key === "string" && key ? key : String(name)),
  concat: (...args: unknown[]) => args.slice(0, -1).map(String).join(""),
  lookupIn: (obj: unknown, ...path: unknown[]) =>
    path
      .slice(0, -1)
      .reduce<unknown>(
        (o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[String(k)] : undefined),
        obj,
      ),
  statusLabel: (s: Status) => STATUS_LABELS[s] ?? s,
  actionLabel: (a: Action) => ACTION_LABELS[a] ?? a,
  yuan: (fen: number | null | undefined) => (fen === null || fen === undefined ? "" : amountInFigures(fen)),
  capitals: (fen: number | null | undefined) =>
    fen === null || fen === undefined ? "" : amountInCapitals(fen),
  lbl: (table: Record<string, string> | undefined, key: string) => table?.[key] ?? key,
  add: (a: number, b: number) => Number(a) + Number(b),
  gt: (a: number, b: number) => Number(a) > Number(b),
  lt: (a: number, b: number) => Number(a) < Number(b),
  abs: (a: number) => Math.abs(Number(a)),
  or: (...args: unknown[]) => args.slice(0, -1).find(Boolean),
  not: (a: unknown) => !a,
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
      // Without this, an indented partial call indents every line of a textarea's value too.
      compilerOptions: { preventIndent: true },
    }),
  );
  app.set("view engine", "hbs");
  app.set("views", views);
}
