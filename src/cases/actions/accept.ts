import { z } from "zod";
import { chineseDate } from "../../documents/chinese-format.js";
import { blankToUndefined, versionFields } from "../fields.js";
import { toOnlineApplicants } from "../application-messages.js";
import { consentInvitations } from "../consent-invitations.js";
import { MEDIATION_MONTHS, periodEndMonths } from "../periods.js";
import { defineAction, fail } from "./types.js";

/** 受理: the mediation period (one month, RL28 practice) starts on the day of acceptance. */
export default defineAction({
  schema: () =>
    z.object({
      ...versionFields,
      organisationId: z.preprocess(blankToUndefined, z.coerce.number().optional()),
    }),

  async effect({ kase, today, publicUrl }, input) {
    if (input.organisationId !== undefined && input.organisationId !== kase.organisationId) {
      fail("organisationId", "只能由本委员会受理；如需其他调委会办理，请使用“移送”");
    }
    const due = periodEndMonths(today, MEDIATION_MONTHS);
    return {
      to: "accepted",
      summary: `受理纠纷，调解期限至 ${chineseDate(due)}`,
      caseUpdate: { accepted_on: today, mediation_due_on: due },
      messages: toOnlineApplicants(kase, {
        template: "application_accepted",
        params: { committee: kase.organisationName, number: kase.number },
      }).concat(consentInvitations(kase, publicUrl)),
    };
  },
});
