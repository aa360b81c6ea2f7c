import { DateTime } from "luxon";
import { z } from "zod";
import { ZONE } from "../shared/dates.js";
import { isoDate, optionalText, requiredText, versionField } from "../validation.js";

/**
 * The Zod pieces intake and the actions share (a party's fields are in party-fields.ts), in the
 * API's shape (api.md). Web forms send the same fields; where a person types something else (yuan
 * rather than fen, a local date-time), the piece accepts that variant too, so both paths reach the
 * service through one validation.
 */

export const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

/** Every action names the version of the case it was taken on (optimistic locking). */
export const versionFields = { version: versionField };

/** A checkbox or an API boolean. */
export const bool = z.preprocess(
  (v) => v === true || v === "on" || v === "true" || v === "1" || v === "yes",
  z.boolean(),
);

/** Form rows arrive as an object keyed by index once there are more than 20; order them. */
export function rows(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, v]) => v);
  }
  return [];
}

/** A record chosen from a list (a party, a mediator, a court): "请选择" when missing. */
export function idField(label: string) {
  return z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `请选择${label}` })
      .int()
      .positive(`请选择${label}`),
  );
}

/** A choice from a list on the form, or words from an API client: "请选择" when missing. */
export function chosenText(label: string) {
  return z
    .string({ error: `请选择${label}` })
    .trim()
    .min(1, `请选择${label}`)
    .pipe(requiredText(label, 2000));
}

/** The code a text names: the code itself, its label, or the first pattern of words it matches. */
export function codeFrom<C extends string>(
  codes: readonly C[],
  labels: Record<C, string>,
  words: [RegExp, C][],
  text: string,
): C | undefined {
  const t = text.trim();
  return codes.find((c) => c === t || labels[c] === t) ?? words.find(([re]) => re.test(t))?.[1];
}

/** The text as typed, kept as the detail unless it was just the code or its label (or named no code). */
export function wordsBesides<C extends string>(
  code: C | undefined,
  labels: Record<C, string>,
  text: string,
): string | null {
  return code && (code === text || labels[code] === text) ? null : text;
}

export function pastDate(label: string, today: string) {
  return isoDate(label).refine((v) => v <= today, `${label}不能晚于今天`);
}

export function optionalPastDate(label: string, today: string) {
  return z.preprocess(blankToUndefined, pastDate(label, today).optional());
}

/** A local date-time typed into a form (2026-09-04T09:30) is Beijing time; an API instant carries its offset. */
export function pastInstant(label: string, now: Date) {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .transform((v, ctx) => {
      const dt = /[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? DateTime.fromISO(v) : DateTime.fromISO(v, { zone: ZONE });
      if (!dt.isValid) {
        ctx.addIssue({ code: "custom", message: `${label}应为日期和时间，如 2026-09-04 09:30` });
        return z.NEVER;
      }
      if (dt.toMillis() > now.getTime() + 5 * 60_000) {
        ctx.addIssue({ code: "custom", message: `${label}不能晚于现在` });
        return z.NEVER;
      }
      return dt.toUTC().toISO()!;
    });
}

const fenMessage = (label: string) => `${label}应为不小于 0 的整数（单位：分）`;
const yuanPattern = /^\d{1,11}(\.\d{1,2})?$/;

/**
 * Yuan as people type them: full-width digits (２０００), thousands separators (2,000.50),
 * a trailing 元 or a leading ¥, spaces anywhere ("2000 元"). Returns plain "2000.50"; anything
 * else (a misplaced comma, words) is returned as typed, for the pattern to refuse.
 */
export function normaliseYuan(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const t = value
    .replace(/[\uFF10-\uFF19\uFF0E\uFF0C]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, "")
    .replace(/^[¥￥]/, "")
    .replace(/(人民币)?元$/, "")
    .replace(/^人民币/, "");
  if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(t)) return t.replace(/,/g, "");
  if (t === "") return value.trim() === "" ? "" : value;
  return t;
}

/** Money as integer fen (API) or as a yuan string typed into a form ("1300.50"); see toFen. */
export function money(label: string) {
  return {
    amountFen: z.preprocess(
      blankToUndefined,
      z
        .number({ error: fenMessage(label) })
        .int(fenMessage(label))
        .min(0, fenMessage(label))
        .max(1e13, `${label}过大`)
        .optional(),
    ),
    amountYuan: z.preprocess(
      (v) => blankToUndefined(normaliseYuan(v)),
      z.string().trim().regex(yuanPattern, `${label}应为不小于 0 的数字（元），最多两位小数`).optional(),
    ),
  };
}

export function toFen(v: { amountFen?: number; amountYuan?: string }): number | null {
  if (v.amountFen !== undefined) return v.amountFen;
  if (v.amountYuan === undefined) return null;
  const [yuan, cents = ""] = v.amountYuan.split(".");
  return Number(yuan) * 100 + Number(cents.padEnd(2, "0"));
}

/** An agreement's obligations: who owes whom what, where, how and by when; blank form rows are dropped. */
export function obligationsField() {
  return z.preprocess(
    (v) =>
      rows(v).filter(
        (o) => o && typeof o === "object" && Object.values(o).some((x) => x !== "" && x !== undefined),
      ),
    z
      .array(
        z
          .object({
            obligor: idField("义务人"),
            obligee: idField("权利人"),
            content: requiredText("履行内容", 2000),
            ...money("履行金额"),
            place: optionalText("履行地点", 300),
            manner: optionalText("履行方式", 300),
            dueOn: isoDate("履行期限"),
          })
          .transform(({ amountYuan, ...o }) => ({
            ...o,
            amountFen: toFen({ amountFen: o.amountFen, amountYuan }),
          })),
      )
      .min(1, "请至少填写一项履行义务（谁向谁、履行什么、何时履行）"),
  );
}

/**
 * Prevented escalations the Ministry of Justice's statistics count: a dispute that would have
 * become a criminal case (民转刑) or a group petition (群体性上访), each with the people involved.
 * Recorded when a dispute is resolved on the spot or a case is closed.
 */
export function escalationFields() {
  const people = (label: string) =>
    z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: `${label}应为正整数` })
        .int(`${label}应为正整数`)
        .min(1, `${label}应为正整数`)
        .max(100000, `${label}过大`)
        .optional(),
    );
  return {
    preventedCriminal: bool,
    preventedCriminalPeople: people("防止民转刑涉及人数"),
    preventedPetition: bool,
    preventedPetitionPeople: people("防止群体性上访涉及人数"),
  };
}

interface Escalation {
  preventedCriminal: boolean;
  preventedCriminalPeople?: number;
  preventedPetition: boolean;
  preventedPetitionPeople?: number;
}

export function escalationCheck(v: Escalation, ctx: z.RefinementCtx) {
  if (v.preventedCriminal && v.preventedCriminalPeople === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["preventedCriminalPeople"],
      message: "请填写防止民转刑涉及的人数",
    });
  }
  if (v.preventedPetition && v.preventedPetitionPeople === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["preventedPetitionPeople"],
      message: "请填写防止群体性上访涉及的人数",
    });
  }
}

/** The prevented escalations as the event says them and the case columns hold them (src/reports counts them). */
export function preventedEscalation(input: Escalation): {
  summary: string;
  caseUpdate: Record<string, unknown>;
} {
  const parts = [
    ...(input.preventedCriminal ? [`防止民转刑 ${input.preventedCriminalPeople} 人`] : []),
    ...(input.preventedPetition ? [`防止群体性上访 ${input.preventedPetitionPeople} 人`] : []),
  ];
  return {
    summary: parts.length ? `（${parts.join("；")}）` : "",
    caseUpdate: {
      prevented_criminal: input.preventedCriminal,
      prevented_criminal_people: input.preventedCriminal ? (input.preventedCriminalPeople ?? null) : null,
      prevented_petition: input.preventedPetition,
      prevented_petition_people: input.preventedPetition ? (input.preventedPetitionPeople ?? null) : null,
    },
  };
}
