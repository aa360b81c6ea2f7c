import { missingParticulars } from "../../cases/written-agreement.js";
import type { FormPrep } from "./types.js";

/** How update-party's form asks for each particular (views/partials/party-row.hbs): a choice or a date. */
const CONTROLS: Record<string, { type?: string; options?: string }> = {
  gender: { options: "gender" },
  birthDate: { type: "date" },
};

/**
 * A written agreement signed today, one copy per party and one for the committee, one empty
 * obligation — or the draft saved unsigned (待签署), as it was typed. A party intake left without
 * the particulars the agreement must state (RL29) gets their fields here, under 当事人信息.
 */
const recordAgreement: FormPrep = async ({ services, user, kase, base }) => {
  const draft = await services.agreementDrafts.get(user, kase.id);
  const particularParties = kase.parties
    .map((p) => ({ p, missing: missingParticulars(p) }))
    .filter((x) => x.missing.length > 0)
    .map(({ p, missing }, index) => ({
      index,
      partyId: p.id,
      legend: `${p.name}（${p.side === "applicant" ? "申请人" : "被申请人"}）`,
      fields: missing.map((m) => ({
        ...m,
        ...CONTROLS[m.field],
        max: m.field === "birthDate" ? base.today : undefined,
      })),
    }));
  // The text out for signing on the phone (src/signing/), to change and send again.
  const out = kase.signing?.agreement;
  const sent = out && {
    facts: out.facts ?? "",
    disputedMatters: out.disputedMatters ?? "",
    responsibilities: out.responsibilities ?? "",
    terms: out.terms,
    copies: out.copies ?? kase.parties.length + 1,
    obligations: out.obligations.map((o) => ({
      obligor: o.obligorPartyId,
      obligee: o.obligeePartyId,
      content: o.content,
      amountYuan: o.amountFen === null ? "" : String(o.amountFen / 100),
      dueOn: o.dueOn,
      manner: o.manner ?? "",
      place: o.place ?? "",
    })),
  };
  const fresh = {
    ...sent,
    form: "written",
    signedOn: base.today,
    mediatorSignedOn: base.today,
    sealedOn: base.today,
    copies: sent?.copies ?? kase.parties.length + 1,
    obligations: sent?.obligations ?? [{}],
    signatures: kase.parties.map((p) => ({ partyId: p.id, signedOn: "", method: "sign" })),
    particulars: particularParties.map((x) => {
      const p = kase.parties.find((q) => q.id === x.partyId)!;
      return Object.fromEntries([["partyId", p.id], ...x.fields.map((f) => [f.field, p[f.field] ?? ""])]);
    }),
  };
  return {
    ...base,
    particularParties,
    draft: draft && { updatedAt: draft.updatedAt, updatedBy: draft.updatedBy },
    values: {
      ...fresh,
      ...draft?.payload,
      obligations: (draft?.payload.obligations as unknown[] | undefined)?.length
        ? draft!.payload.obligations
        : fresh.obligations,
      // Aligned with the parties still lacking particulars (one may have been corrected meanwhile).
      particulars: fresh.particulars.map((row) => ({
        ...row,
        ...((draft?.payload.particulars as { partyId?: unknown }[] | undefined) ?? []).find(
          (d) => Number(d.partyId) === row.partyId,
        ),
      })),
      draftVersion: draft?.version ?? 0,
    },
  };
};
export default recordAgreement;
