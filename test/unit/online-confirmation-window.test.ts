/** The 30-day rule of an online joint application (RL33) and what the parties read of it. */
import { describe, expect, it } from "vitest";
import type { AgreementView, CaseView, ConfirmationView } from "../../src/cases/views.js";
import { describeApplication } from "../../src/online-confirmation/application-view.js";
import { confirmationWindow } from "../../src/online-confirmation/window.js";
import { partyCanDo } from "../../src/portal/can-do.js";
import { nextStep } from "../../src/portal/next-step.js";

const agreement = (over: Partial<AgreementView> = {}): AgreementView => ({
  id: 1,
  form: "written",
  facts: null,
  disputedMatters: null,
  responsibilities: null,
  terms: "王桂香修墙",
  effectiveOn: "2026-11-05",
  mediatorSignedOn: null,
  sealedOn: null,
  copies: null,
  status: "effective",
  signatures: [],
  obligations: [],
  ...over,
});

const kase = (over: Partial<CaseView> = {}) =>
  ({
    status: "agreement",
    agreement: agreement(),
    confirmations: [],
    parties: [],
    ...over,
  }) as unknown as CaseView;

describe("confirmationWindow", () => {
  it("is open from the day the agreement takes effect to the 30th day after, moved past a weekend", () => {
    // 2026-11-05 + 30 days = Saturday 2026-12-05: the period ends on Monday 2026-12-07.
    expect(confirmationWindow(kase(), "2026-11-05")).toEqual({
      stage: "open",
      effectiveOn: "2026-11-05",
      endsOn: "2026-12-07",
    });
    expect(confirmationWindow(kase(), "2026-12-07").stage).toBe("open");
    const closed = confirmationWindow(kase(), "2026-12-08");
    expect(closed.stage).toBe("closed");
    expect(closed.reason).toBe(
      "申请司法确认的期限已于 2026年12月7日 届满（调解协议生效之日起 30 日内，人民调解法第三十三条）",
    );
  });

  it("has nothing to apply for without an effective written agreement", () => {
    expect(confirmationWindow(kase({ agreement: null }), "2026-11-06").stage).toBe("none");
    const oral = confirmationWindow(kase({ agreement: agreement({ form: "oral" }) }), "2026-11-06");
    expect(oral).toMatchObject({ stage: "none", reason: "口头协议不能申请司法确认，请先签订书面调解协议" });
    expect(
      confirmationWindow(kase({ agreement: agreement({ status: "signing" }) }), "2026-11-06").stage,
    ).toBe("none");
    expect(confirmationWindow(kase({ status: "in_mediation" }), "2026-11-06").stage).toBe("none");
  });

  it("is applied once the court has the application, whatever the day", () => {
    for (const status of ["awaiting_confirmation", "confirmed", "confirmation_rejected"] as const) {
      expect(confirmationWindow(kase({ status }), "2027-06-01").stage, status).toBe("applied");
    }
  });
});

describe("what the party reads and may do", () => {
  const parties = [{ id: 1 }, { id: 2 }] as CaseView["parties"];
  const me = parties[0]!;

  it("offers apply-confirmation within the window until the party agreed", () => {
    const k = kase({ parties });
    expect(partyCanDo({ kase: k, me, today: "2026-11-10" })).toContain("apply-confirmation");
    expect(partyCanDo({ kase: k, me, today: "2026-11-10", agreedToApply: true })).not.toContain(
      "apply-confirmation",
    );
    expect(partyCanDo({ kase: k, me, today: "2026-12-08" })).not.toContain("apply-confirmation");
  });

  it("says by when to agree, or that the other side is awaited", () => {
    const k = kase({ parties });
    expect(nextStep(k, 1, "2026-11-10")).toBe(
      "如需申请司法确认，请在2026年12月7日前在本页同意共同申请；各方都同意后，申请直接送交法院",
    );
    expect(nextStep(k, 1, "2026-11-10", { agreedToApply: true })).toBe(
      "您已同意共同申请司法确认，等待对方当事人在2026年12月7日前同意",
    );
    expect(nextStep(k, 1, "2026-12-08")).toBe("调委会将回访，了解协议的履行情况");
  });

  it("follows the court: sent, filed with its number, material asked for, ruled", () => {
    const c = {
      id: 9,
      courtId: 5,
      courtName: "株洲市渌口区人民法院",
      appliedOn: "2026-11-10",
      channel: "online",
      status: "pending",
      filedOn: null,
      number: null,
      materialRequest: null,
      materialRequestedOn: null,
      materialAnsweredOn: null,
      outcome: null,
      decidedOn: null,
    } as unknown as ConfirmationView;
    const at = (over: Partial<ConfirmationView>) =>
      kase({ status: "awaiting_confirmation", confirmations: [{ ...c, ...over }] });
    expect(nextStep(at({}), 1, "2026-11-10")).toBe(
      "申请已送交株洲市渌口区人民法院，法院将决定是否立案；请留意短信通知",
    );
    const filed = { status: "filed", filedOn: "2026-11-11", number: "（2026）湘0212民特3号" };
    expect(nextStep(at(filed), 1, "2026-11-11")).toContain("已立案审查（案号（2026）湘0212民特3号）");
    const asked = { ...filed, materialRequest: "身份证复印件", materialRequestedOn: "2026-11-12" };
    expect(nextStep(at(asked), 1, "2026-11-12")).toBe("法院要求补充材料：身份证复印件；调委会将与您联系");
    const ruled = describeApplication(
      at({
        ...asked,
        materialAnsweredOn: "2026-11-13",
        status: "decided",
        outcome: "confirmed",
        decidedOn: "2026-11-20",
      }),
    );
    expect(ruled?.steps.map((s) => s.text)).toEqual([
      "各方当事人在网上向株洲市渌口区人民法院提交了司法确认申请",
      "株洲市渌口区人民法院立案审查，案号（2026）湘0212民特3号",
      "法院要求补充材料：身份证复印件（调委会将与您联系）",
      "调委会已向法院补充材料",
      "株洲市渌口区人民法院作出裁定：确认有效",
    ]);
  });
});
