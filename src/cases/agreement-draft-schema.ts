import { z } from "zod";
import { isoDate, optionalText } from "../validation.js";
import { blankToUndefined, money, rows, toFen } from "./fields.js";
import { SIGN_METHODS } from "./labels.js";
import type { AgreementView, CaseView, PartyView } from "./views.js";

/**
 * A written agreement saved before it is signed (待签署): the record-agreement form's values, checked
 * only for what is malformed (a date that is no date, an amount that is no amount) — completeness
 * and signatures are the recording's business. Pure: the form keeps the values as typed, the
 * printed draft reads them through here.
 */

const optionalDate = (label: string) => z.preprocess(blankToUndefined, isoDate(label).optional());
const optionalId = z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional());
const notBlank = (o: unknown) =>
  !!o && typeof o === "object" && Object.values(o).some((x) => x !== "" && x !== undefined && x !== null);

export function draftSchema() {
  return z.object({
    form: z.preprocess(blankToUndefined, z.enum(["written", "oral"]).optional()),
    facts: optionalText("纠纷主要事实", 20000),
    disputedMatters: optionalText("争议事项", 20000),
    responsibilities: optionalText("各方责任", 20000),
    terms: optionalText("协议内容", 20000),
    obligations: z.preprocess(
      (v) => rows(v).filter(notBlank),
      z.array(
        z
          .object({
            obligor: optionalId,
            obligee: optionalId,
            content: optionalText("履行内容", 2000),
            ...money("履行金额"),
            place: optionalText("履行地点", 300),
            manner: optionalText("履行方式", 300),
            dueOn: optionalDate("履行期限"),
          })
          .transform(({ amountYuan, ...o }) => ({
            ...o,
            amountFen: toFen({ amountFen: o.amountFen, amountYuan }),
          })),
      ),
    ),
    signedOn: optionalDate("协议达成日期"),
    signatures: z.preprocess(
      rows,
      z.array(
        z.object({
          partyId: optionalId,
          signedOn: optionalDate("签名日期"),
          method: z.preprocess(blankToUndefined, z.enum(SIGN_METHODS).optional()),
        }),
      ),
    ),
    mediatorSignedOn: optionalDate("调解员签名日期"),
    sealedOn: optionalDate("调委会盖章日期"),
    copies: z.preprocess(
      blankToUndefined,
      z.coerce.number().int().min(1, "份数至少为 1").max(100).optional(),
    ),
    particulars: z.preprocess(
      rows,
      z.array(
        z.object({
          partyId: optionalId,
          gender: z.preprocess(
            blankToUndefined,
            z.enum(["male", "female"], { error: "性别无效" }).optional(),
          ),
          birthDate: optionalDate("出生日期"),
          ethnicity: optionalText("民族", 32),
          occupation: optionalText("职业或工作单位", 100),
          address: optionalText("住址", 300),
          legalRepresentative: optionalText("法定代表人", 100),
          legalRepresentativeTitle: optionalText("法定代表人职务", 100),
        }),
      ),
    ),
  });
}
export type DraftInput = z.output<ReturnType<typeof draftSchema>>;

/** The form's fields a draft keeps, as typed (the form shows them again exactly). */
const KEPT = [
  "form",
  "facts",
  "disputedMatters",
  "responsibilities",
  "terms",
  "obligations",
  "signedOn",
  "signatures",
  "mediatorSignedOn",
  "sealedOn",
  "copies",
  "particulars",
] as const;

export function draftPayload(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    KEPT.filter((k) => body[k] !== undefined).map((k) => [
      k,
      k === "obligations" || k === "signatures" || k === "particulars" ? rows(body[k]) : body[k],
    ]),
  );
}

/**
 * The case as the unsigned paper prints it: the parties with the particulars typed on the form,
 * the agreement with no signature and no date yet (blank lines to sign and date by hand).
 */
export function draftCase(kase: CaseView, d: DraftInput): CaseView {
  const parties: PartyView[] = kase.parties.map((p) => {
    const typed = d.particulars.find((x) => x.partyId === p.id);
    if (!typed) return p;
    const { partyId: _id, ...fields } = typed;
    const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined));
    return { ...p, ...given };
  });
  const name = (id: number | undefined) => parties.find((p) => p.id === id)?.name ?? "　　　";
  const agreement: AgreementView = {
    id: 0,
    form: "written",
    facts: d.facts,
    disputedMatters: d.disputedMatters,
    responsibilities: d.responsibilities,
    terms: d.terms ?? "",
    effectiveOn: "",
    mediatorSignedOn: null,
    sealedOn: null,
    copies: d.copies ?? null,
    status: "effective",
    signatures: [],
    obligations: d.obligations.map((o, i) => ({
      id: 0,
      index: i,
      obligorPartyId: o.obligor ?? 0,
      obligor: name(o.obligor),
      obligeePartyId: o.obligee ?? 0,
      obligee: name(o.obligee),
      content: o.content ?? "",
      amountFen: o.amountFen,
      place: o.place,
      manner: o.manner,
      dueOn: o.dueOn ?? "",
      performedOn: null,
      performanceNote: null,
      overdue: false,
    })),
  };
  return { ...kase, parties, agreement };
}
