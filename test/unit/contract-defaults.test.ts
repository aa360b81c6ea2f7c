import { describe, expect, it } from "vitest";
import { actionSchemas, placeKindOf } from "../../src/cases/actions/index.js";
import { toFieldErrors } from "../../src/validation.js";

/** The defaults that let api.md's bodies through (issue 13): what the product fills in, and what it still refuses. */

const schemas = actionSchemas("2026-09-01", new Date("2026-09-01T02:00:00Z"));

describe("record-session as api.md documents it", () => {
  const body = {
    version: 4,
    heldAt: "2026-09-01T09:30:00+08:00",
    place: "北洲村人民调解室",
    attendees: ["刘春生", "唐建国", "社区民警"],
    record: "双方各自陈述。",
    outcome: "continue",
  };

  it("takes names as attendees, reads placeKind from place, and is public unless said otherwise", () => {
    const r = schemas["record-session"].safeParse(body);
    expect(r.success && r.data).toMatchObject({
      placeKind: "office",
      isPublic: true,
      attendees: [
        { name: "刘春生", role: "参加人" },
        { name: "唐建国", role: "参加人" },
        { name: "社区民警", role: "参加人" },
      ],
    });
  });

  it("keeps an explicit placeKind, isPublic and {name, role}", () => {
    const r = schemas["record-session"].safeParse({
      ...body,
      placeKind: "courtyard",
      isPublic: false,
      closedReason: "涉及隐私",
      attendees: [{ name: "刘春生", role: "申请人" }, "社区民警"],
    });
    expect(r.success && r.data).toMatchObject({
      placeKind: "courtyard",
      isPublic: false,
      attendees: [
        { name: "刘春生", role: "申请人" },
        { name: "社区民警", role: "参加人" },
      ],
    });
  });

  it("refuses an attendee that is neither a name nor {name, role}, in Chinese", () => {
    const r = schemas["record-session"].safeParse({ ...body, attendees: [42] });
    expect(r.success).toBe(false);
    expect(toFieldErrors(r.error!)).toEqual([
      { field: "attendees.0", message: "第 1 位参加人：应为参加人姓名，或参加人的姓名和身份" },
    ]);
  });

  it("reads the kind of place from its words", () => {
    expect(placeKindOf("online")).toBe("online");
    expect(placeKindOf("调委会调解室")).toBe("office");
    expect(placeKindOf("微信视频")).toBe("online");
    expect(placeKindOf("刘春生家院子里")).toBe("courtyard");
    expect(placeKindOf("村口大樟树下")).toBe("other");
    expect(placeKindOf(null)).toBe("other");
  });
});

describe("decline and terminate in words", () => {
  it("maps a decline's words to its statutory ground and keeps the words", () => {
    const r = schemas.decline.safeParse({
      version: 1,
      ground: "该纠纷已由人民法院受理",
      advice: "等待法院处理。",
    });
    expect(r.success && r.data).toMatchObject({ ground: "in_court", groundDetail: "该纠纷已由人民法院受理" });
    const code = schemas.decline.safeParse({ version: 1, ground: "in_arbitration", advice: "等待仲裁。" });
    expect(code.success && code.data).toMatchObject({ ground: "in_arbitration", groundDetail: null });
  });

  it("refuses a decline that names no statutory ground", () => {
    const r = schemas.decline.safeParse({ version: 1, ground: "调解员太忙", advice: "另找他人。" });
    expect(r.success).toBe(false);
    expect(toFieldErrors(r.error!)[0]).toMatchObject({ field: "ground" });
    expect(toFieldErrors(r.error!)[0]!.message).toMatch(/^不予受理须是法定事由之一/);
  });

  it("maps a termination's words to a reason, else other with the words", () => {
    const withdrew = schemas.terminate.safeParse({
      version: 1,
      reason: "申请人撤回调解申请",
      advice: "可诉讼。",
    });
    expect(withdrew.success && withdrew.data).toMatchObject({
      reason: "party_withdrew",
      reasonDetail: "申请人撤回调解申请",
    });
    const other = schemas.terminate.safeParse({ version: 1, reason: "当事人外出务工", advice: "可诉讼。" });
    expect(other.success && other.data).toMatchObject({ reason: "other", reasonDetail: "当事人外出务工" });
    const code = schemas.terminate.safeParse({ version: 1, reason: "no_agreement", advice: "可诉讼。" });
    expect(code.success && code.data).toMatchObject({ reason: "no_agreement", reasonDetail: null });
  });

  it("takes the portal's basically_satisfied in a follow-up", () => {
    const r = schemas["follow-up"].safeParse({
      version: 1,
      visitedOn: "2026-09-01",
      method: "phone",
      performed: true,
      satisfaction: "basically_satisfied",
    });
    expect(r.success && r.data.satisfaction).toBe("basically");
  });
});
