import { ACTION_LABELS, ACTIONS, type Action } from "../cases/lifecycle.js";
import { beijingDate } from "../cases/periods.js";
import type { CaseDetail } from "../cases/service.js";
import { NotFoundError } from "../errors.js";
import { COMMITTEE_KINDS } from "../places/kinds.js";
import type { SessionUser } from "../people/scope.js";
import type { Services } from "../services.js";
import { assignFormData, objectionFormData } from "./mediators.js";

/** What each action's form needs: its title, the choices it offers, and sensible first values. */
export async function actionFormData(
  services: Services,
  user: SessionUser,
  kase: CaseDetail,
  action: string,
  query: Record<string, unknown> = {},
) {
  if (!(ACTIONS as readonly string[]).includes(action)) throw new NotFoundError("没有这项操作");
  const act = action as Action;
  const today = beijingDate(services.clock.now());
  const partyOptions = kase.parties.map((p) => ({
    value: p.id,
    label: `${p.name}（${p.side === "applicant" ? "申请人" : "被申请人"}）`,
  }));
  const base = { title: ACTION_LABELS[act], today, partyOptions };
  switch (act) {
    case "refer": {
      const committees = (await services.organisations.list())
        .filter((o) => COMMITTEE_KINDS.includes(o.kind) && o.active && o.id !== kase.organisationId)
        .map((o) => ({ value: o.id, label: o.name }));
      return { ...base, committees, values: {} };
    }
    case "update-party": {
      const party = kase.parties.find((p) => p.id === Number(query.party)) ?? kase.parties[0]!;
      return { ...base, title: `更正当事人信息：${party.name}`, values: { partyId: party.id, party } };
    }
    case "record-consent":
      return {
        ...base,
        values: {
          noticeGivenOn: kase.consentNoticeOn ?? today,
          consents: kase.parties.map((p) => ({ partyId: p.id, consented: p.consent ?? "" })),
        },
      };
    case "assign":
      // The committee's mediators, the best candidates from elsewhere, and teams (src/routes/mediators.ts).
      return { ...base, ...(await assignFormData(services, kase, query)) };
    case "record-objection":
      return { ...base, ...(await objectionFormData(services, kase, query)) };
    case "record-session": {
      const lead = kase.assignments.find((a) => !a.endedAt && a.role === "lead");
      const attendees = [
        ...kase.parties.map((p) => `${p.name}，${p.side === "applicant" ? "申请人" : "被申请人"}`),
        ...(lead ? [`${lead.mediatorName}，主持调解员`] : []),
      ].join("\n");
      return { ...base, values: { placeKind: "office", isPublic: "yes", outcome: "continue", attendees } };
    }
    case "record-agreement":
      return {
        ...base,
        values: {
          form: "written",
          signedOn: today,
          mediatorSignedOn: today,
          sealedOn: today,
          copies: kase.parties.length + 1,
          obligations: [{}],
          signatures: kase.parties.map((p) => ({ partyId: p.id, signedOn: "", method: "sign" })),
        },
      };
    case "apply-confirmation": {
      const courts = (await services.organisations.list({ kind: "court" })).filter((c) => c.active);
      // Default: the delegating court for a court referral, otherwise the basic court whose area holds the committee.
      const home =
        courts.find((c) => c.id === kase.referringCourtId) ??
        courts.find((c) => kase.organisationRegionCode.startsWith(c.regionCode.replace(/0+$/, "")));
      return {
        ...base,
        courts: courts.map((c) => ({ value: c.id, label: c.name })),
        values: {
          courtId: home?.id ?? "",
          appliedOn: today,
          applicantPartyIds: kase.parties.map((p) => String(p.id)),
          materials: ["application", "agreement", "identity", "service_addresses"],
        },
      };
    }
    case "record-performance": {
      const open = (kase.agreement?.obligations ?? []).filter((o) => !o.performedOn);
      return {
        ...base,
        obligationOptions: open.map((o) => ({
          value: o.index,
          label: `${o.obligor}：${o.content}（期限 ${o.dueOn}）`,
        })),
        values: { obligationIndex: open[0]?.index ?? "", performedOn: today },
      };
    }
    case "follow-up":
      return { ...base, values: { visitedOn: today, method: "visit" } };
    case "extend-mediation":
      return { ...base, values: { consentedOn: today } };
    case "terminate":
      return {
        ...base,
        values: {
          advice: "当事人可以依法通过仲裁、行政、司法等途径维护自己的权利（人民调解法第二十六条）。",
        },
      };
    default:
      return { ...base, values: {} };
  }
}

export type ActionFormData = Awaited<ReturnType<typeof actionFormData>>;
export type { SessionUser };
