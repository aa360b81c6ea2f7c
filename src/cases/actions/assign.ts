import { z } from "zod";
import { optionalText } from "../../validation.js";
import { blankToUndefined, bool, idField, rows, versionFields } from "../fields.js";
import { ASSIGNMENT_ROLE_LABELS, ASSIGNMENT_ROLES } from "../labels.js";
import { defineAction, fail } from "./types.js";

/** 指派调解员: mediators one by one, or a team as a whole (teamId, with teamLeadId if not its usual lead), or both. */
export default defineAction({
  schema: () =>
    z
      .object({
        ...versionFields,
        mediators: z.preprocess(
          (v) =>
            rows(v).filter(
              (m) =>
                m &&
                typeof m === "object" &&
                (m as { mediatorId?: unknown }).mediatorId &&
                (m as { role?: unknown }).role,
            ),
          z
            .array(
              z.object({
                mediatorId: idField("调解员"),
                role: z.enum(ASSIGNMENT_ROLES, { error: "请选择调解员的角色" }),
              }),
            )
            .max(20, "调解员不能超过 20 人"),
        ),
        teamId: z.preprocess(blankToUndefined, idField("调解团队").optional()),
        teamLeadId: z.preprocess(blankToUndefined, idField("团队主持调解员").optional()),
        chosenBy: z.preprocess(
          blankToUndefined,
          z.enum(["committee", "parties"], { error: "请选择调解员由谁选定" }).default("committee"),
        ),
        partiesConsented: z.preprocess(blankToUndefined, bool.optional()),
        reason: optionalText("变更理由", 1000),
      })
      .superRefine((a, ctx) => {
        if (a.mediators.length === 0 && a.teamId === undefined) {
          ctx.addIssue({ code: "custom", path: ["mediators"], message: "请至少指派一名主持调解员" });
        }
        if (a.teamLeadId !== undefined && a.teamId === undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["teamId"],
            message: "选择团队主持调解员时请同时选择调解团队",
          });
        }
      }),

  async effect({ kase, user, now, today, store }, input) {
    const ids = input.mediators.map((m) => m.mediatorId);
    if (new Set(ids).size !== ids.length) fail("mediators", "同一调解员不能重复指派");
    // Who may be assigned follows the matching rules (src/mediators): candidates for this case only,
    // never one related to a party, objected to, or out of an expert pool's term; a team brings its members.
    const plan = await store.planAssignment(kase, input, today);
    const mediators = plan.mediators;
    if (mediators.filter((m) => m.role === "lead").length !== 1) {
      fail("mediators", "须指派且只能指派一名主持调解员");
    }
    if (mediators.some((m) => m.role === "invited") && !input.partiesConsented) {
      fail("partiesConsented", "邀请其他人员参与调解须经当事人同意（人民调解法第二十条）");
    }
    const active = kase.assignments.filter((a) => !a.endedAt);
    const same = (a: (typeof active)[number], m: (typeof mediators)[number]) =>
      m.mediatorId === a.mediatorId && m.role === a.role;
    const toEnd = active.filter((a) => !mediators.some((m) => same(a, m)));
    const toAdd = mediators.filter((m) => !active.some((a) => same(a, m)));
    if (toEnd.length === 0 && toAdd.length === 0) fail("mediators", "指派没有变化");
    for (const a of toEnd) await store.endAssignment(a.id, now, input.reason ?? "重新指派");
    for (const m of toAdd) {
      await store.addAssignment({
        caseId: kase.id,
        mediatorId: m.mediatorId,
        role: m.role,
        partiesConsented: m.role === "invited" ? true : Boolean(input.partiesConsented),
        assignedBy: user.id,
        at: now,
        teamId: m.fromTeam ? plan.team!.id : null,
        chosenBy: input.chosenBy,
      });
    }
    const byRole = ASSIGNMENT_ROLES.map(
      (role) => [role, mediators.filter((m) => m.role === role).map((m) => m.name)] as const,
    )
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
});
