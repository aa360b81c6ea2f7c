import type { Knex } from "knex";
import type { z } from "zod";
import { chineseDate } from "../documents/chinese-format.js";
import { LegalRuleError, ValidationError, type FieldError } from "../errors.js";
import type { SessionUser } from "../people/scope.js";
import { planAssignment } from "../mediators/eligibility.js";
import { COMMITTEE_KINDS } from "../places/kinds.js";
import type { Action, Status } from "./lifecycle.js";
import { nameInitials } from "./initials.js";
import { nextCaseNumber } from "./numbers.js";
import { reindexCases } from "./search-index.js";
import { currentMediators } from "./session-mediators.js";
import {
  beijingDate,
  CONFIRMATION_WINDOW_DAYS,
  MEDIATION_MONTHS,
  periodEndDays,
  periodEndMonths,
} from "./periods.js";
import {
  ASSIGNMENT_ROLE_LABELS,
  DECLINE_GROUND_LABELS,
  MATERIAL_LABELS,
  PLACE_LABELS,
  SESSION_OUTCOME_LABELS,
  TERMINATION_REASON_LABELS,
  type ActionSchemas,
} from "./schemas.js";
import type { CaseView, PartyView } from "./views.js";

export interface ActionContext {
  trx: Knex.Transaction;
  kase: CaseView;
  user: SessionUser;
  today: string;
  now: string;
}

export interface ActionResult {
  /** The status after the action, or null to keep the current one. */
  to: Status | null;
  summary: string;
  caseUpdate?: Record<string, unknown>;
  data?: unknown;
}

type Input<A extends Action> = z.output<ActionSchemas[A]>;
type Handler<A extends Action> = (ctx: ActionContext, input: Input<A>) => Promise<ActionResult>;

const fail = (field: string, message: string): never => {
  throw new ValidationError([{ field, message }]);
};

function partyById(kase: CaseView, id: number): PartyView | undefined {
  return kase.parties.find((p) => p.id === id);
}

/** What RL29/GD35 require a written agreement to state about each party. */
function missingParticulars(p: PartyView): string[] {
  const missing: string[] = [];
  if (p.kind === "person") {
    if (!p.gender) missing.push("性别");
    if (!p.birthDate) missing.push("出生日期");
    if (!p.ethnicity) missing.push("民族");
    if (!p.occupation) missing.push("职业或工作单位");
    if (!p.address) missing.push("住址");
  } else {
    if (!p.legalRepresentative) missing.push("法定代表人");
    if (!p.legalRepresentativeTitle) missing.push("法定代表人职务");
    if (!p.address) missing.push("住所地");
  }
  return missing;
}

/** The prevented escalations recorded at closure, for the statistics (src/reports). */
function preventedEscalation(input: {
  preventedCriminal: boolean;
  preventedCriminalPeople?: number;
  preventedPetition: boolean;
  preventedPetitionPeople?: number;
}): { summary: string; caseUpdate: Record<string, unknown> } {
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

const handlers: { [A in Action]: Handler<A> } = {
  async accept({ kase, today }, input) {
    if (input.organisationId !== undefined && input.organisationId !== kase.organisationId) {
      fail("organisationId", "只能由本委员会受理；如需其他调委会办理，请使用“移送”");
    }
    const due = periodEndMonths(today, MEDIATION_MONTHS);
    return {
      to: "accepted",
      summary: `受理纠纷，调解期限至 ${chineseDate(due)}`,
      caseUpdate: { accepted_on: today, mediation_due_on: due },
    };
  },

  async refer({ trx, kase, today }, input) {
    const target = await trx("organisations").where({ id: input.organisationId, active: true }).first();
    if (!target || !COMMITTEE_KINDS.includes(target.kind) || Number(target.id) === kase.organisationId) {
      fail("organisationId", "请选择另一个在用的人民调解委员会");
    }
    const issued = await nextCaseNumber(
      trx,
      { id: Number(target.id), numberPrefix: target.number_prefix },
      Number(today.slice(0, 4)),
    );
    await issued.record(kase.id);
    return {
      to: "intake",
      summary: `移送${target.name}（原案号 ${kase.number}，新案号 ${issued.number}）：${input.reason}`,
      caseUpdate: { organisation_id: Number(target.id), number: issued.number },
      data: { from: kase.organisationId, to: Number(target.id), reason: input.reason },
    };
  },

  async decline({ today }, input) {
    const ground = DECLINE_GROUND_LABELS[input.ground];
    return {
      to: "declined",
      summary: `不予受理：${ground}`,
      caseUpdate: {
        outcome: "declined",
        concluded_on: today,
        closed_on: today,
        conclusion_note: input.groundDetail ? `${ground}。${input.groundDetail}` : ground,
        advice: input.advice,
      },
    };
  },

  async "resolve-on-spot"({ today }, input) {
    const escalation = preventedEscalation(input);
    return {
      to: "closed",
      summary: `当场化解：${input.summary}${escalation.summary}`,
      caseUpdate: {
        outcome: "prevented",
        concluded_on: today,
        closed_on: today,
        conclusion_note: input.summary,
        ...escalation.caseUpdate,
      },
    };
  },

  async "update-party"({ trx, kase }, input) {
    const before = partyById(kase, input.partyId);
    if (!before) return fail("partyId", "该当事人不属于本案");
    const p = input.party;
    const after = {
      kind: p.kind,
      name: p.name,
      name_initials: nameInitials(p.name),
      id_number: p.idNumber,
      unified_code: p.unifiedCode,
      gender: p.gender,
      birth_date: p.birthDate,
      ethnicity: p.ethnicity,
      occupation: p.occupation,
      phone: p.phone,
      address: p.address,
      legal_representative: p.legalRepresentative,
      legal_representative_title: p.legalRepresentativeTitle ?? null,
      agent_name: p.agent?.name ?? null,
      agent_phone: p.agent?.phone ?? null,
      agent_id_number: p.agent?.idNumber ?? null,
    };
    await trx("parties").where({ id: before.id, case_id: kase.id }).update(after);
    await reindexCases(trx, [kase.id]);
    const LABELS: Record<string, string> = {
      kind: "类型",
      name: "姓名",
      id_number: "身份证号",
      unified_code: "统一社会信用代码",
      gender: "性别",
      birth_date: "出生日期",
      ethnicity: "民族",
      occupation: "职业",
      phone: "电话",
      address: "住址",
      legal_representative: "法定代表人",
      legal_representative_title: "法定代表人职务",
      agent_name: "代理人",
      agent_phone: "代理人电话",
      agent_id_number: "代理人身份证号",
    };
    const old: Record<string, unknown> = {
      kind: before.kind,
      name: before.name,
      id_number: before.idNumber,
      unified_code: before.unifiedCode,
      gender: before.gender,
      birth_date: before.birthDate,
      ethnicity: before.ethnicity,
      occupation: before.occupation,
      phone: before.phone,
      address: before.address,
      legal_representative: before.legalRepresentative,
      legal_representative_title: before.legalRepresentativeTitle,
      agent_name: before.agent?.name ?? null,
      agent_phone: before.agent?.phone ?? null,
      agent_id_number: before.agent?.idNumber ?? null,
    };
    const changed = Object.keys(LABELS).filter(
      (k) => (old[k] ?? null) !== ((after as Record<string, unknown>)[k] ?? null),
    );
    if (changed.length === 0) fail("partyId", "当事人信息没有变化");
    return {
      to: null,
      summary: `更正当事人${before.name}的信息：${changed.map((k) => LABELS[k]).join("、")}`,
      data: {
        partyId: before.id,
        before: Object.fromEntries(changed.map((k) => [k, old[k]])),
        after: Object.fromEntries(changed.map((k) => [k, (after as Record<string, unknown>)[k]])),
      },
    };
  },

  async "record-consent"({ trx, kase }, input) {
    if (kase.acceptedOn && input.noticeGivenOn < kase.acceptedOn) {
      fail("noticeGivenOn", "告知日期不能早于受理日期");
    }
    const errors: FieldError[] = [];
    const seen = new Set<number>();
    input.consents.forEach((c, i) => {
      if (!partyById(kase, c.partyId))
        errors.push({ field: `consents.${i}.partyId`, message: "该当事人不属于本案" });
      seen.add(c.partyId);
    });
    for (const p of kase.parties) {
      if (!seen.has(p.id)) errors.push({ field: "consents", message: `请记录当事人${p.name}是否同意调解` });
    }
    if (errors.length) throw new ValidationError(errors);
    for (const c of input.consents) {
      await trx("parties")
        .where({ id: c.partyId, case_id: kase.id })
        .update({ consent: c.consented ? "yes" : "no" });
    }
    const yes = input.consents.filter((c) => c.consented).map((c) => partyById(kase, c.partyId)!.name);
    const no = input.consents.filter((c) => !c.consented).map((c) => partyById(kase, c.partyId)!.name);
    return {
      to: null,
      summary:
        `${chineseDate(input.noticeGivenOn)}书面告知当事人权利义务；同意调解：${yes.join("、") || "无"}` +
        (no.length ? `；拒绝调解：${no.join("、")}（调解不得继续，应终止调解）` : ""),
      caseUpdate: { consent_notice_on: input.noticeGivenOn },
      data: input.consents,
    };
  },

  async assign({ trx, kase, user, now, today }, input) {
    const ids = input.mediators.map((m) => m.mediatorId);
    if (new Set(ids).size !== ids.length) fail("mediators", "同一调解员不能重复指派");
    // Who may be assigned follows the matching rules (src/mediators): candidates for this case only,
    // never one related to a party, objected to, or out of an expert pool's term; a team brings its members.
    const plan = await planAssignment(trx, kase, input, today);
    const mediators = plan.mediators;
    if (mediators.filter((m) => m.role === "lead").length !== 1) {
      fail("mediators", "须指派且只能指派一名主持调解员");
    }
    if (mediators.some((m) => m.role === "invited") && !input.partiesConsented) {
      fail("partiesConsented", "邀请其他人员参与调解须经当事人同意（人民调解法第二十条）");
    }
    const active = kase.assignments.filter((a) => !a.endedAt);
    const keep = (a: (typeof active)[number]) =>
      mediators.some((m) => m.mediatorId === a.mediatorId && m.role === a.role);
    const toEnd = active.filter((a) => !keep(a));
    const toAdd = mediators.filter(
      (m) => !active.some((a) => a.mediatorId === m.mediatorId && a.role === m.role),
    );
    if (toEnd.length === 0 && toAdd.length === 0) fail("mediators", "指派没有变化");
    for (const a of toEnd) {
      await trx("case_assignments")
        .where({ id: a.id })
        .update({ ended_at: now, end_reason: input.reason ?? "重新指派" });
    }
    for (const m of toAdd) {
      await trx("case_assignments").insert({
        case_id: kase.id,
        mediator_id: m.mediatorId,
        role: m.role,
        parties_consented: m.role === "invited" ? true : Boolean(input.partiesConsented),
        assigned_by: user.id,
        assigned_at: now,
        team_id: m.fromTeam ? plan.team!.id : null,
        chosen_by: input.chosenBy,
      });
    }
    const byRole = (["lead", "co", "invited"] as const)
      .map((role) => [role, mediators.filter((m) => m.role === role).map((m) => m.name)] as const)
      .filter(([, names]) => names.length)
      .map(([role, names]) => `${ASSIGNMENT_ROLE_LABELS[role]}：${names.join("、")}`);
    return {
      to: null,
      summary:
        (plan.team ? `整体指派${plan.team.name}：` : "") +
        byRole.join("；") +
        (input.chosenBy === "parties" ? "（当事人选定）" : "") +
        (plan.skipped.length ? `（${plan.skipped.join("；")}）` : "") +
        (toEnd.length
          ? `（不再参与：${toEnd.map((a) => a.mediatorName).join("、")}${input.reason ? `，理由：${input.reason}` : ""}）`
          : ""),
      data: {
        mediators: mediators.map(({ mediatorId, role }) => ({ mediatorId, role })),
        teamId: plan.team?.id ?? null,
        chosenBy: input.chosenBy,
        skipped: plan.skipped,
        ended: toEnd.map((a) => a.id),
      },
    };
  },

  async "record-objection"({ trx, kase, user, now }, input) {
    const party = partyById(kase, input.partyId);
    if (!party) return fail("partyId", "该当事人不属于本案");
    const mediator = await trx("mediators").where({ id: input.mediatorId }).first();
    if (!mediator) return fail("mediatorId", "请选择被申请回避的调解员");
    const again = await trx("mediator_objections")
      .where({ case_id: kase.id, party_id: party.id, mediator_id: input.mediatorId })
      .first();
    if (again) fail("mediatorId", `当事人${party.name}已申请${mediator.name}回避`);
    await trx("mediator_objections").insert({
      case_id: kase.id,
      party_id: party.id,
      mediator_id: input.mediatorId,
      reason: input.reason,
      recorded_by: user.id,
      created_at: now,
    });
    // The mediator steps aside at once; the committee assigns someone else.
    const onCase = kase.assignments.filter((a) => !a.endedAt && a.mediatorId === input.mediatorId);
    for (const a of onCase) {
      await trx("case_assignments")
        .where({ id: a.id })
        .update({ ended_at: now, end_reason: `当事人${party.name}申请回避：${input.reason}` });
    }
    return {
      to: null,
      summary:
        `当事人${party.name}申请${mediator.name}回避：${input.reason}` +
        (onCase.length
          ? `；${mediator.name}不再参与本案${onCase.some((a) => a.role === "lead") ? "，请重新指派主持调解员" : ""}`
          : ""),
      data: {
        partyId: party.id,
        mediatorId: input.mediatorId,
        reason: input.reason,
        ended: onCase.map((a) => a.id),
      },
    };
  },

  async "record-session"({ trx, kase, user, now }, input) {
    if (!input.isPublic && !input.closedReason) {
      fail("closedReason", "不公开调解时请说明理由（涉及隐私、商业秘密或当事人反对公开）");
    }
    if (kase.acceptedOn && beijingDate(new Date(input.heldAt)) < kase.acceptedOn) {
      fail("heldAt", "调解时间不能早于受理日期");
    }
    const seq = kase.sessions.length + 1;
    await trx("mediation_sessions").insert({
      case_id: kase.id,
      seq,
      held_at: input.heldAt,
      place_kind: input.placeKind,
      place: input.place,
      is_public: input.isPublic,
      closed_reason: input.isPublic ? null : input.closedReason,
      attendees_json: JSON.stringify(input.attendees),
      // Who mediated, as the case stands now: the record prints them, whatever changes later.
      mediators_json: JSON.stringify(currentMediators(kase.assignments)),
      applicant_statement: input.applicantStatement,
      respondent_statement: input.respondentStatement,
      proposals: input.proposals,
      record: input.record,
      outcome: input.outcome,
      recorded_by: user.id,
      created_at: now,
    });
    return {
      to: "in_mediation",
      summary: `第 ${seq} 次调解（${PLACE_LABELS[input.placeKind]}${input.isPublic ? "，公开" : "，不公开"}）：${SESSION_OUTCOME_LABELS[input.outcome]}`,
    };
  },

  async "extend-mediation"({ kase }, input) {
    if (kase.mediationDueOn && input.newDueOn <= kase.mediationDueOn) {
      fail("newDueOn", `延长后的期限应晚于原期限 ${kase.mediationDueOn}`);
    }
    return {
      to: null,
      summary: `经双方当事人同意，调解期限延长至 ${chineseDate(input.newDueOn)}：${input.reason}`,
      caseUpdate: {
        mediation_due_on: input.newDueOn,
        extension_reason: `${input.reason}（双方当事人于 ${input.consentedOn} 同意）`,
      },
      data: { from: kase.mediationDueOn, to: input.newDueOn },
    };
  },

  async "record-agreement"({ trx, kase, user, now }, input) {
    const errors: FieldError[] = [];
    input.obligations.forEach((o, i) => {
      if (!partyById(kase, o.obligor))
        errors.push({ field: `obligations.${i}.obligor`, message: "义务人须是本案当事人" });
      if (!partyById(kase, o.obligee))
        errors.push({ field: `obligations.${i}.obligee`, message: "权利人须是本案当事人" });
      if (o.obligor === o.obligee)
        errors.push({ field: `obligations.${i}.obligee`, message: "义务人和权利人不能是同一人" });
      if (o.dueOn < input.signedOn)
        errors.push({ field: `obligations.${i}.dueOn`, message: "履行期限不能早于协议日期" });
    });
    if (kase.acceptedOn && input.signedOn < kase.acceptedOn) {
      errors.push({ field: "signedOn", message: "协议日期不能早于受理日期" });
    }
    if (input.form === "written" && input.copies !== undefined && input.copies < kase.parties.length + 1) {
      errors.push({
        field: "copies",
        message: `协议份数至少为 ${kase.parties.length + 1} 份（当事人各执一份，调解委员会留存一份）`,
      });
    }
    if (errors.length) throw new ValidationError(errors);

    let effectiveOn = input.signedOn;
    let signatures = input.signatures ?? [];
    const mediatorSignedOn = input.mediatorSignedOn ?? input.signedOn;
    const sealedOn = input.sealedOn ?? input.signedOn;
    if (input.form === "written") {
      // A written agreement takes effect only when it states everything RL29 requires and every
      // party, the mediator and the committee's seal are on it. Say everything that is missing.
      const missing: FieldError[] = [];
      if (!input.facts) missing.push({ field: "facts", message: "书面协议须写明纠纷的主要事实" });
      if (!input.disputedMatters)
        missing.push({ field: "disputedMatters", message: "书面协议须写明争议事项" });
      if (!input.responsibilities)
        missing.push({ field: "responsibilities", message: "书面协议须写明各方当事人的责任" });
      // RL29(三), GD35: the manner, place and deadline of performance (the deadline is always required).
      input.obligations.forEach((o, i) => {
        if (!o.manner)
          missing.push({ field: `obligations.${i}.manner`, message: `第 ${i + 1} 项义务须写明履行方式` });
        if (!o.place)
          missing.push({ field: `obligations.${i}.place`, message: `第 ${i + 1} 项义务须写明履行地点` });
      });
      for (const p of kase.parties) {
        const gaps = missingParticulars(p);
        if (gaps.length)
          missing.push({ field: "parties", message: `当事人${p.name}缺少：${gaps.join("、")}` });
      }
      if (input.signatures === undefined) {
        signatures = kase.parties.map((p) => ({
          partyId: p.id,
          signedOn: input.signedOn,
          method: "sign" as const,
        }));
      }
      for (const p of kase.parties) {
        if (!signatures.some((s) => s.partyId === p.id)) {
          missing.push({ field: "signatures", message: `当事人${p.name}尚未签名、盖章或按指印` });
        }
      }
      const signers = new Set<number>();
      signatures.forEach((s, i) => {
        if (!partyById(kase, s.partyId))
          missing.push({ field: `signatures.${i}.partyId`, message: "签署人须是本案当事人" });
        if (signers.has(s.partyId)) {
          throw new ValidationError([
            { field: `signatures.${i}.partyId`, message: "同一当事人的签署只能登记一次" },
          ]);
        }
        signers.add(s.partyId);
      });
      if (missing.length) {
        throw new LegalRuleError(`书面调解协议尚不能生效，还缺 ${missing.length} 项`, missing);
      }
      effectiveOn = [input.signedOn, mediatorSignedOn, sealedOn, ...signatures.map((s) => s.signedOn)]
        .sort()
        .at(-1)!;
    }

    await trx("agreements").where({ case_id: kase.id, status: "effective" }).update({ status: "superseded" });
    const [row] = await trx("agreements")
      .insert({
        case_id: kase.id,
        form: input.form,
        facts: input.facts,
        disputed_matters: input.disputedMatters,
        responsibilities: input.responsibilities,
        terms: input.terms,
        effective_on: effectiveOn,
        mediator_signed_on: input.form === "written" ? mediatorSignedOn : null,
        sealed_on: input.form === "written" ? sealedOn : null,
        copies: input.form === "written" ? (input.copies ?? kase.parties.length + 1) : null,
        status: "effective",
        created_by: user.id,
        created_at: now,
      })
      .returning("id");
    const agreementId = Number(typeof row === "object" ? row.id : row);
    if (input.form === "written") {
      await trx("agreement_signatures").insert(
        signatures.map((s) => ({
          agreement_id: agreementId,
          party_id: s.partyId,
          signed_on: s.signedOn,
          method: s.method,
        })),
      );
    }
    await trx("obligations").insert(
      input.obligations.map((o, idx) => ({
        agreement_id: agreementId,
        case_id: kase.id,
        idx,
        obligor_party_id: o.obligor,
        obligee_party_id: o.obligee,
        content: o.content,
        amount_fen: o.amountFen,
        place: o.place,
        manner: o.manner,
        due_on: o.dueOn,
      })),
    );
    return {
      to: "agreement",
      summary: `达成${input.form === "written" ? "书面" : "口头"}调解协议，共 ${input.obligations.length} 项履行义务，自 ${chineseDate(effectiveOn)} 起生效`,
      caseUpdate: { concluded_on: effectiveOn, outcome: null },
      data: { agreementId, supersedes: kase.agreement?.id ?? null },
    };
  },

  async "apply-confirmation"({ trx, kase, now }, input) {
    const agreement = kase.agreement;
    if (!agreement) throw new LegalRuleError("本案没有生效的调解协议");
    if (agreement.form !== "written") {
      throw new LegalRuleError("口头协议不能申请司法确认，请先签订书面调解协议");
    }
    const court = await trx("organisations")
      .where({ id: input.courtId, kind: "court", active: true })
      .first();
    if (!court) fail("courtId", "请选择受理司法确认的人民法院");
    if (input.appliedOn < agreement.effectiveOn) fail("appliedOn", "申请日期不能早于协议生效日期");
    const windowEndsOn = periodEndDays(agreement.effectiveOn, CONFIRMATION_WINDOW_DAYS);
    if (input.appliedOn > windowEndsOn) {
      throw new LegalRuleError(
        `申请司法确认的期限已于 ${chineseDate(windowEndsOn)} 届满（调解协议生效之日起 30 日内，人民调解法第三十三条）`,
        [{ field: "appliedOn", message: `申请期限已于 ${windowEndsOn} 届满` }],
      );
    }
    const errors: FieldError[] = [];
    for (const p of kase.parties) {
      if (!input.applicantPartyIds.includes(p.id)) {
        errors.push({
          field: "applicantPartyIds",
          message: `司法确认须由双方当事人共同申请：${p.name}未列为申请人`,
        });
      }
    }
    if (input.applicantPartyIds.some((id) => !partyById(kase, id))) {
      errors.push({ field: "applicantPartyIds", message: "申请人须是本案当事人" });
    }
    const required: (keyof typeof MATERIAL_LABELS)[] = [
      "application",
      "agreement",
      "identity",
      "service_addresses",
    ];
    if (kase.parties.some((p) => p.agent)) required.push("power_of_attorney");
    const lacking = required.filter((m) => !input.materials.includes(m));
    if (lacking.length) {
      errors.push({
        field: "materials",
        message: `缺少材料：${lacking.map((m) => MATERIAL_LABELS[m]).join("、")}`,
      });
    }
    if (errors.length) throw new ValidationError(errors);
    await trx("confirmations").insert({
      case_id: kase.id,
      agreement_id: agreement.id,
      court_id: input.courtId,
      applied_on: input.appliedOn,
      window_ends_on: windowEndsOn,
      applicant_party_ids_json: JSON.stringify(input.applicantPartyIds),
      materials_json: JSON.stringify(input.materials),
      status: "pending",
      version: 1,
      created_at: now,
    });
    return {
      to: "awaiting_confirmation",
      summary: `双方当事人于 ${chineseDate(input.appliedOn)} 向${court.name}共同申请司法确认`,
      data: { courtId: input.courtId, appliedOn: input.appliedOn, windowEndsOn },
    };
  },

  async "record-performance"({ trx, kase }, input) {
    const agreement = kase.agreement!;
    const ob = agreement.obligations.find((o) => o.index === input.obligationIndex);
    if (!ob) fail("obligationIndex", "没有这一项履行义务");
    if (ob!.performedOn) fail("obligationIndex", "这一项义务已登记履行");
    if (input.performedOn < agreement.effectiveOn) fail("performedOn", "履行日期不能早于协议生效日期");
    await trx("obligations")
      .where({ id: ob!.id })
      .update({ performed_on: input.performedOn, performance_note: input.note });
    const remaining = agreement.obligations.filter((o) => !o.performedOn && o.id !== ob!.id).length;
    const done = remaining === 0 && (kase.status === "agreement" || kase.status === "confirmed");
    return {
      to: done ? "performed" : null,
      summary: `${ob!.obligor}已履行：${ob!.content}（${chineseDate(input.performedOn)}）${remaining ? `；尚有 ${remaining} 项未履行` : "；协议已全部履行"}`,
      data: { obligationId: ob!.id, performedOn: input.performedOn },
    };
  },

  async "follow-up"({ trx, kase, user, now }, input) {
    if (kase.concludedOn && input.visitedOn < kase.concludedOn)
      fail("visitedOn", "回访日期不能早于协议生效日期");
    await trx("follow_ups").insert({
      case_id: kase.id,
      visited_on: input.visitedOn,
      method: input.method,
      performed: input.performed,
      satisfaction: input.satisfaction,
      note: input.note,
      recorded_by: user.id,
      created_at: now,
    });
    return { to: null, summary: `${chineseDate(input.visitedOn)}回访` };
  },

  async terminate({ today }, input) {
    const reason = TERMINATION_REASON_LABELS[input.reason];
    return {
      to: "terminated",
      summary: `终止调解：${reason}`,
      caseUpdate: {
        outcome: "failure",
        concluded_on: today,
        conclusion_note: input.reasonDetail ? `${reason}。${input.reasonDetail}` : reason,
        advice: input.advice,
      },
    };
  },

  async close({ kase, today }, input) {
    const outcome = kase.status === "performed" || kase.status === "confirmed" ? "success" : "failure";
    const escalation = preventedEscalation(input);
    return {
      to: "closed",
      summary: `结案（${outcome === "success" ? "调解成功" : "调解不成"}）${input.note ? `：${input.note}` : ""}${escalation.summary}`,
      caseUpdate: {
        outcome,
        closed_on: today,
        ...(input.note ? { conclusion_note: input.note } : {}),
        ...escalation.caseUpdate,
      },
    };
  },

  async reopen(_ctx, input) {
    return {
      to: "in_mediation",
      summary: `司法确认被驳回后重新调解：${input.reason}`,
      caseUpdate: { outcome: null, concluded_on: null },
    };
  },
};

export function runHandler<A extends Action>(
  action: A,
  ctx: ActionContext,
  input: Input<A>,
): Promise<ActionResult> {
  return (handlers[action] as Handler<A>)(ctx, input);
}
