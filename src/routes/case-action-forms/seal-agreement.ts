import type { FormPrep } from "./types.js";

/** Ticked when the form comes back with the box ticked: the hidden "no" and the box's "on" arrive as a list. */
const ticked = (v: unknown) => (Array.isArray(v) ? v.at(-1) : v) === "on";

/**
 * 调解员签名并加盖印章: today as the day it takes effect, the lead mediator's name for the
 * confirmation, and whether the committee has a seal image (the PDF prints it).
 */
const sealAgreement: FormPrep = async ({ services, kase, base, posted }) => {
  const lead = kase.assignments.find((a) => !a.endedAt && a.role === "lead");
  return {
    ...base,
    leadMediator: lead?.mediatorName ?? "",
    sealImage: !!(await services.signing.seal(kase.organisationId)),
    mediatorChecked: posted ? ticked(posted.mediatorSigned) : false,
    values: { sealedOn: base.today },
  };
};
export default sealAgreement;
