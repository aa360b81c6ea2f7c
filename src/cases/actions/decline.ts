import { z } from "zod";
import { optionalText, requiredText } from "../../validation.js";
import { toOnlineApplicants } from "../application-messages.js";
import { chosenText, codeFrom, versionFields, wordsBesides } from "../fields.js";
import { DECLINE_GROUND_LABELS, DECLINE_GROUNDS } from "../labels.js";
import { concluded, defineAction } from "./types.js";

/** Words that name a statutory ground, for API clients that send the ground in words. */
const DECLINE_WORDS: [RegExp, (typeof DECLINE_GROUNDS)[number]][] = [
  [/法院/, "in_court"],
  [/仲裁/, "in_arbitration"],
  [/公安|行政机关/, "administrative"],
  [/不得调解|禁止调解/, "law_forbids"],
  [/专门机关/, "specialised"],
];

/** 不予受理: only on a statutory ground, with the other ways the parties may go (RL18). */
export default defineAction({
  schema: () =>
    z
      .object({
        ...versionFields,
        // A code, its name, or words naming a statutory ground (api.md leaves the values open); the words are kept.
        ground: chosenText("不予受理的法定事由"),
        groundDetail: optionalText("事由说明", 2000),
        advice: requiredText("告知当事人的其他解决途径", 2000),
      })
      .transform((d, ctx) => {
        const ground = codeFrom(DECLINE_GROUNDS, DECLINE_GROUND_LABELS, DECLINE_WORDS, d.ground);
        if (!ground) {
          ctx.addIssue({
            code: "custom",
            path: ["ground"],
            message: `不予受理须是法定事由之一：${Object.values(DECLINE_GROUND_LABELS).join("；")}`,
          });
          return z.NEVER;
        }
        return {
          ...d,
          ground,
          groundDetail: d.groundDetail ?? wordsBesides(ground, DECLINE_GROUND_LABELS, d.ground),
        };
      }),

  async effect({ kase, today }, input) {
    const ground = DECLINE_GROUND_LABELS[input.ground];
    return {
      to: "declined",
      summary: `不予受理：${ground}`,
      caseUpdate: {
        outcome: "declined",
        closed_on: today,
        ...concluded(today, ground, input.groundDetail, input.advice),
      },
      messages: toOnlineApplicants(kase, {
        template: "application_declined",
        params: { committee: kase.organisationName, reason: ground },
      }),
    };
  },
});
