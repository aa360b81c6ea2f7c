/**
 * 视频调解 (issue 19 part 1): scheduling a session (SMS to every party), the rooms' scoping (a
 * stranger, another case's party, another committee's or a non-hosting user get 404 on the room
 * and its signal endpoints), consent before joining, the signals relayed through the table, a
 * removed participant refused, a guest's one-time invitation, ending the session, and the
 * attendance prefilled into the 调解笔录 with the record PDF saying it was held online.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseDetail } from "../../src/cases/service.js";
import { CaseSetup, drainDispute, villager } from "../support/browser.js";
import { pdfText, TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { apiToken, csrfFrom, loginAs, type Agent } from "../support/web.js";

const clock = new TestClock("2026-12-03T09:00:00+08:00");
let ctx: TestContext;
let setup: CaseSetup;
let kase: CaseDetail;
let other: CaseDetail;
let sid: number;
const A = "13985520001";
const B = "13985520002";
const OTHER = "13985520003";

async function lastCode(phone: string): Promise<string> {
  const row = (await ctx
    .knex("message_outbox")
    .where({ to_phone: phone, template: "sign_in_code" })
    .orderBy("id", "desc")
    .first()) as { params_json: string };
  return (JSON.parse(row.params_json) as { code: string }).code;
}

async function partyAgent(phone: string): Promise<Agent> {
  const agent = request.agent(ctx.app);
  const login = await agent.get("/my/login").expect(200);
  const step2 = await agent
    .post("/my/login/code")
    .type("form")
    .send({ _csrf: csrfFrom(login.text), phone });
  await agent
    .post("/my/login")
    .type("form")
    .send({ _csrf: csrfFrom(step2.text), phone, code: await lastCode(phone) })
    .expect(303);
  return agent;
}

/** A participant: an agent, the room's path, and the CSRF token read from the room page. */
interface Member {
  agent: Agent;
  base: string;
  csrf: string;
  peer?: string;
  after?: number;
}

async function member(agent: Agent, base: string): Promise<Member> {
  const page = await agent.get(base);
  expect(page.status, page.text.slice(0, 300)).toBe(200);
  return { agent, base, csrf: /data-csrf="([^"]+)"/.exec(page.text)![1]! };
}

const post = (m: Member, path: string, body: Record<string, string> = {}) =>
  m.agent.post(`${m.base}/${path}`).set("x-csrf-token", m.csrf).type("form").send(body);

async function join(m: Member): Promise<{ peerId: string; peers: { name: string }[] }> {
  const res = await post(m, "join", { consent: "yes" });
  expect(res.status, res.text).toBe(200);
  m.peer = (res.body as { peerId: string }).peerId;
  m.after = (res.body as { after: number }).after;
  return res.body as { peerId: string; peers: { name: string }[] };
}

const signals = async (m: Member) =>
  (await m.agent.get(`${m.base}/signals?peer=${m.peer}&after=${m.after}`).expect(200)).body as {
    kind: string;
    fromPeer: string | null;
  }[];

const staffBase = (caseId: number, sessionId: number) => `/cases/${caseId}/sessions/${sessionId}/room`;
const partyBase = (caseId: number, sessionId: number) => `/my/cases/${caseId}/sessions/${sessionId}/room`;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  setup = new CaseSetup(ctx.services, ctx.knex);
  kase = await setup.inMediation(
    drainDispute({
      parties: [
        { ...villager("applicant", "刘顺", "19650312", 301), phone: A },
        { ...villager("respondent", "王桂香", "19700805", 302), phone: B },
      ],
    }),
  );
  other = await setup.inMediation(
    drainDispute({
      parties: [
        { ...villager("applicant", "李四", "19650312", 303), phone: OTHER },
        villager("respondent", "赵五", "19700805", 304),
      ],
    }),
  );
});

afterAll(async () => {
  await ctx?.close();
});

describe("scheduling a session", () => {
  it("is refused in the past, without a place when not online, and to a clerk", async () => {
    const token = await apiToken(ctx.app, "mediator");
    const act = (body: object, bearer = token) =>
      request(ctx.app)
        .post(`/api/v1/cases/${kase.id}/actions/schedule-session`)
        .set("Authorization", `Bearer ${bearer}`)
        .send({ version: kase.version, ...body });
    const past = await act({ startsAt: "2026-12-03T08:00", placeKind: "online" });
    expect(past.status).toBe(400);
    expect(JSON.stringify(past.body)).toContain("调解时间应晚于现在");
    const noPlace = await act({ startsAt: "2026-12-03T10:00", placeKind: "office" });
    expect(noPlace.status).toBe(400);
    expect(JSON.stringify(noPlace.body)).toContain("place");
    const byClerk = await act(
      { startsAt: "2026-12-03T10:00", placeKind: "online" },
      await apiToken(ctx.app, "clerk"),
    );
    expect(byClerk.status).toBe(403);
    expect(await ctx.knex("scheduled_sessions").where({ case_id: kase.id })).toHaveLength(0);
  });

  it("stores the session, keeps the status and texts every party the time and the link", async () => {
    const before = kase.status;
    kase = await setup.act("mediator", kase.id, "schedule-session", {
      startsAt: "2026-12-03T09:30",
      placeKind: "online",
    });
    const row = (await ctx.knex("scheduled_sessions").where({ case_id: kase.id }).first()) as Record<
      string,
      unknown
    >;
    sid = Number(row.id);
    expect(kase.status).toBe(before);
    expect(row).toMatchObject({
      status: "scheduled",
      place_kind: "online",
      starts_at: "2026-12-03T01:30:00.000Z",
    });
    expect(String(row.room_key).length).toBeGreaterThanOrEqual(32);
    const sms = (await ctx
      .knex("message_outbox")
      .where({ case_id: kase.id, template: "session_scheduled" })
      .orderBy("to_phone")) as { to_phone: string; text: string }[];
    expect(sms.map((m) => m.to_phone)).toEqual([A, B]);
    expect(sms[0]!.text).toContain("12月3日 09:30");
    expect(sms[0]!.text).toContain(`${ctx.services.config.publicUrl}/my/cases/${kase.id}`);
  });

  it("shows the session to the party with the room's joinUrl", async () => {
    await request(ctx.app).post("/api/v1/portal/auth/code").send({ phone: A }).expect(202);
    const { token } = (
      await request(ctx.app)
        .post("/api/v1/portal/auth/token")
        .send({ phone: A, code: await lastCode(A) })
        .expect(201)
    ).body as { token: string };
    const detail = await request(ctx.app)
      .get(`/api/v1/portal/cases/${kase.id}`)
      .set("Authorization", `Bearer ${token}`)
      .expect(200);
    expect(detail.body.sessions).toContainEqual({
      startsAt: "2026-12-03T01:30:00.000Z",
      placeKind: "online",
      joinUrl: partyBase(kase.id, sid),
    });
    // A phone gets one sign-in code a minute: the web sign-ins below come later.
    clock.set("2026-12-03T09:02:00+08:00");
  });
});

describe("cancelling a session", () => {
  it("calls it off, tells the parties why, and closes its room", async () => {
    kase = await setup.act("mediator", kase.id, "schedule-session", {
      startsAt: "2026-12-04T15:00",
      placeKind: "office",
      place: "北洲村调解室",
    });
    const office = (await ctx
      .knex("scheduled_sessions")
      .where({ case_id: kase.id, place_kind: "office" })
      .first()) as {
      id: number;
    };
    const told = (await ctx
      .knex("message_outbox")
      .where({ case_id: kase.id, template: "session_scheduled" })
      .orderBy("id", "desc")
      .first()) as { text: string };
    expect(told.text).toContain("12月4日 15:00在北洲村调解室调解");
    expect(told.text).toContain(`/my/cases/${kase.id}`);
    await expect(
      setup.act("mediator", kase.id, "cancel-session", { sessionId: office.id + 1000, reason: "临时有事" }),
    ).rejects.toThrow();
    kase = await setup.act("mediator", kase.id, "cancel-session", {
      sessionId: office.id,
      reason: "调解员临时有事",
    });
    expect(await ctx.knex("scheduled_sessions").where({ id: office.id }).first()).toMatchObject({
      status: "cancelled",
    });
    const cancelled = (await ctx
      .knex("message_outbox")
      .where({ case_id: kase.id, template: "session_cancelled" })
      .orderBy("to_phone")) as { to_phone: string; text: string }[];
    expect(cancelled.map((m) => m.to_phone)).toEqual([A, B]);
    expect(cancelled[0]!.text).toContain("原定于12月4日 15:00的调解已取消，原因：调解员临时有事");
    // Still scheduled: the online one only.
    expect((await ctx.services.video.schedule.forCase(kase.id)).map((s) => s.id)).toEqual([sid]);
  });
});

describe("the room", () => {
  let host: Member;
  let a: Member;
  let b: Member;

  it("is 404 to a stranger, another committee, a clerk who does not host, and another case's party", async () => {
    const anonymous = await request(ctx.app).get(partyBase(kase.id, sid));
    expect(anonymous.status).toBe(303);
    for (const username of ["clerk", "clerk2", "officer"]) {
      const agent = await loginAs(ctx.app, username);
      expect((await agent.get(staffBase(kase.id, sid))).status, username).toBe(404);
      const csrf = csrfFrom((await agent.get("/").expect(200)).text);
      const joinRes = await agent
        .post(`${staffBase(kase.id, sid)}/join`)
        .set("x-csrf-token", csrf)
        .type("form")
        .send({ consent: "yes" });
      expect(joinRes.status, username).toBe(404);
    }
    const stranger = await partyAgent(OTHER);
    expect((await stranger.get(partyBase(kase.id, sid))).status).toBe(404);
    const csrf = csrfFrom((await stranger.get("/my").expect(200)).text);
    const res = await stranger
      .post(`${partyBase(kase.id, sid)}/join`)
      .set("x-csrf-token", csrf)
      .type("form")
      .send({ consent: "yes" });
    expect(res.status).toBe(404);
    // The session's id under another case is no way in either.
    expect((await stranger.get(partyBase(other.id, sid))).status).toBe(404);
  });

  it("asks for consent, then relays signals between the people in it", async () => {
    host = await member(await loginAs(ctx.app, "mediator"), staffBase(kase.id, sid));
    a = await member(await partyAgent(A), partyBase(kase.id, sid));
    b = await member(await partyAgent(B), partyBase(kase.id, sid));
    expect((await post(host, "join", {})).status).toBe(400);
    await join(host);
    const joinedA = await join(a);
    expect(joinedA.peers.map((p) => p.name)).toEqual(["王德明"]);
    await join(b);
    const offer = await post(a, "signal", {
      from: a.peer!,
      to: host.peer!,
      kind: "offer",
      payload: '{"type":"offer","sdp":"v=0"}',
    });
    expect(offer.status, offer.text).toBe(204);
    const got = await signals(host);
    expect(got.map((s) => s.kind)).toEqual(["joined", "joined", "offer"]);
    expect(got[2]!.fromPeer).toBe(a.peer);
    expect((await signals(a)).map((s) => s.kind)).toEqual(["joined"]);
    // B does not see what A sent to the host.
    expect((await signals(b)).map((s) => s.kind)).toEqual([]);
    // A party cannot pretend to be another peer, nor mute, remove or end.
    expect(
      (await post(a, "signal", { from: b.peer!, to: host.peer!, kind: "offer", payload: "{}" })).status,
    ).toBe(404);
    expect((await post(a, "mute", { from: a.peer!, peer: b.peer! })).status).toBe(400);
    expect((await post(a, "remove", { peer: b.peer! })).status).toBe(403);
    expect((await post(a, "end")).status).toBe(403);
  });

  it("mutes on the host's word and refuses a removed participant", async () => {
    expect((await post(host, "mute", { from: host.peer!, peer: a.peer! })).status).toBe(204);
    expect((await signals(a)).map((s) => s.kind)).toContain("mute");
    expect((await post(host, "remove", { peer: b.peer! })).status).toBe(204);
    const refused = await post(b, "signal", { from: b.peer!, to: host.peer!, kind: "ice", payload: "{}" });
    expect(refused.status).toBe(403);
    expect((await b.agent.get(`${b.base}/events?peer=${b.peer}`)).status).toBe(403);
    expect((await post(b, "join", { consent: "yes" })).status).toBe(403);
    const audit = await ctx.knex("audit_events").where({ action: "video.remove", entity_id: String(sid) });
    expect(audit).toHaveLength(1);
  });

  it("lets in a helper once by the host's invitation, for that session only", async () => {
    const inv = await post(host, "invite", { name: "刘长庚", relation: "村五老成员" });
    expect(inv.status, inv.text).toBe(200);
    const path = new URL((inv.body as { url: string }).url).pathname;
    const guest = request.agent(ctx.app);
    const page = await guest.get(path).expect(200);
    const redeemed = await guest
      .post(path)
      .type("form")
      .send({ _csrf: csrfFrom(page.text) });
    expect(redeemed.status).toBe(303);
    const room = redeemed.headers.location as string;
    expect(room).toBe(`/video/cases/${kase.id}/sessions/${sid}/room`);
    const g = await member(guest, room);
    expect((await join(g)).peers.map((p) => p.name)).toContain("刘顺（申请人）");
    // The link is spent; the guest's key opens no other session.
    // A spent (or unknown) link shows nothing: 404 before any button.
    expect((await request.agent(ctx.app).get(path)).status).toBe(404);
    expect((await request.agent(ctx.app).get("/video/join/not-a-token")).status).toBe(404);
    expect((await guest.get(`/video/cases/${other.id}/sessions/${sid}/room`)).status).toBe(404);
    const tokens = (await ctx.knex("session_guests").select("token_hash")) as { token_hash: string }[];
    expect(tokens.every((t) => !path.endsWith(t.token_hash))).toBe(true);
  });

  it("ends: everyone is out, the session is held, no one joins again", async () => {
    clock.set("2026-12-03T10:05:00+08:00");
    expect((await post(host, "end")).status).toBe(204);
    const after = await a.agent.get(`${a.base}/signals?peer=${a.peer}&after=${a.after}`);
    expect(after.status).toBe(409);
    expect(await ctx.knex("session_signals").where({ session_id: sid, kind: "ended" })).toHaveLength(1);
    const row = (await ctx.knex("scheduled_sessions").where({ id: sid }).first()) as Record<string, unknown>;
    expect(row).toMatchObject({ status: "held", ended_at: "2026-12-03T02:05:00.000Z" });
    expect((await post(a, "join", { consent: "yes" })).status).toBe(409);
    expect((await a.agent.get(a.base)).text).toContain("本次视频调解已结束");
    const open = await ctx.knex("session_participants").where({ session_id: sid }).whereNull("left_at");
    expect(open).toHaveLength(0);
  });
});

describe("the record of an online session", () => {
  it("is prefilled with who attended and when, saved as online, and the PDF says so", async () => {
    const mediator = await loginAs(ctx.app, "mediator");
    const form = await mediator.get(`/cases/${kase.id}/actions/record-session`).expect(200);
    expect(form.text).toContain(`name="scheduledSessionId" value="${sid}"`);
    expect(form.text).toContain("王德明，调解员（视频，09:02–10:05）");
    expect(form.text).toContain("刘顺，申请人（视频，09:02–10:05）");
    expect(form.text).toContain("刘长庚，村五老成员（视频，09:02–10:05）");
    expect(form.text).toContain("2026-12-03T09:02");

    // Another case's online session cannot be written up here.
    clock.set("2026-12-03T10:30:00+08:00");
    const body = {
      heldAt: "2026-12-03T09:02",
      placeKind: "office",
      attendees: "刘顺，申请人\n王桂香，被申请人",
      record: "双方在视频中陈述了意见，约定下次继续调解。",
      outcome: "continue",
    };
    await expect(
      setup.act("mediator", kase.id, "record-session", { ...body, scheduledSessionId: sid + 1000 }),
    ).rejects.toThrow();
    kase = await setup.act("mediator", kase.id, "record-session", { ...body, scheduledSessionId: sid });
    const saved = kase.sessions.at(-1)!;
    expect(saved.placeKind).toBe("online");
    expect(saved.online?.map((o) => o.name)).toEqual(["王德明", "刘顺", "王桂香", "刘长庚"]);
    // Recorded once: the form no longer offers it.
    const again = await mediator.get(`/cases/${kase.id}/actions/record-session`).expect(200);
    expect(again.text).not.toContain("scheduledSessionId");

    const pdf = await mediator
      .get(`/cases/${kase.id}/documents/session-record/${saved.seq}.pdf`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const { flat } = await pdfText(pdf.body as Buffer);
    expect(flat).toContain("本次调解通过视频方式在线进行");
    expect(flat).toContain("刘顺（申请人）09:02进入，10:05离开");
  });
});

describe("a case whose mediation ends", () => {
  it("keeps no session to come: those still scheduled are cancelled with the concluding action", async () => {
    const ended = await setup.inMediation(
      drainDispute({
        parties: [
          { ...villager("applicant", "钱六", "19650312", 305), phone: "13985520004" },
          villager("respondent", "孙七", "19700805", 306),
        ],
      }),
    );
    await setup.act("mediator", ended.id, "schedule-session", {
      startsAt: "2026-12-05T09:30",
      placeKind: "online",
    });
    expect(await ctx.services.video.schedule.forCase(ended.id)).toHaveLength(1);
    await setup.act("director", ended.id, "terminate", { reason: "other", advice: "可向人民法院起诉" });
    expect(await ctx.services.video.schedule.forCase(ended.id)).toEqual([]);
    const rows = (await ctx.knex("scheduled_sessions").where({ case_id: ended.id })) as { status: string }[];
    expect(rows.map((r) => r.status)).toEqual(["cancelled"]);
  });
});

describe("cancel-session with nothing scheduled, and a party outside the join window", () => {
  let later: number;

  it("does not offer cancel-session when no session is scheduled, and refuses it with 409", async () => {
    const token = await apiToken(ctx.app, "mediator");
    const detail = await request(ctx.app)
      .get(`/api/v1/cases/${other.id}`)
      .set("Authorization", `Bearer ${token}`)
      .expect(200);
    expect(detail.body.allowedActions).toContain("schedule-session");
    expect(detail.body.allowedActions).not.toContain("cancel-session");
    const res = await request(ctx.app)
      .post(`/api/v1/cases/${other.id}/actions/cancel-session`)
      .set("Authorization", `Bearer ${token}`)
      .send({ version: detail.body.version, sessionId: 1, reason: "临时有事" });
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe("没有已安排的调解");
    expect(
      await ctx.knex("message_outbox").where({ case_id: other.id, template: "session_cancelled" }),
    ).toEqual([]);
  });

  it("keeps a party out of a room that is not open yet; staff may enter early", async () => {
    clock.set("2026-12-03T10:31:00+08:00");
    other = await setup.act("mediator", other.id, "schedule-session", {
      startsAt: "2026-12-03T12:00",
      placeKind: "online",
    });
    expect(other.allowedActions).toContain("cancel-session");
    later = Number(
      ((await ctx.knex("scheduled_sessions").where({ case_id: other.id }).first()) as { id: number }).id,
    );
    const party = await partyAgent(OTHER);
    const page = await party.get(partyBase(other.id, later));
    expect(page.status).toBe(409);
    expect(page.text).toContain("视频调解将于12月3日 12:00开始，请在开始前30分钟内进入");
    expect(page.text).not.toContain("进入视频调解</button>");
    expect(page.text).toContain(`href="/my/cases/${other.id}"`);
    const csrf = csrfFrom((await party.get("/my").expect(200)).text);
    const joinRes = await party
      .post(`${partyBase(other.id, later)}/join`)
      .set("x-csrf-token", csrf)
      .type("form")
      .send({ consent: "yes" });
    expect(joinRes.status).toBe(409);
    expect(joinRes.body.detail).toContain("请在开始前30分钟内进入");
    expect(await ctx.knex("session_participants").where({ session_id: later })).toHaveLength(0);
    const host = await member(await loginAs(ctx.app, "mediator"), staffBase(other.id, later));
    await join(host);
    // From 30 minutes before the start the party may enter.
    clock.set("2026-12-03T11:30:00+08:00");
    const open = await party.get(partyBase(other.id, later));
    expect(open.status).toBe(200);
    expect(open.text).toContain("进入视频调解");
  });

  it("keeps a party out three hours after the start", async () => {
    clock.set("2026-12-03T15:01:00+08:00");
    const party = await partyAgent(OTHER);
    const page = await party.get(partyBase(other.id, later));
    expect(page.status).toBe(409);
    expect(page.text).toContain("视频调解原定于12月3日 12:00开始，进入时间（开始后3小时内）已过");
  });
});
