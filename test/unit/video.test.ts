import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { attendeeLine, attendanceText } from "../../src/video/attendance.js";
import { loadVideoConfig } from "../../src/video/config.js";
import { joinWindow, partyJoinRefusal } from "../../src/video/join-window.js";
import { iceServers, turnCredential } from "../../src/video/turn.js";
import { sessionTimeText } from "../../src/cases/actions/schedule-session.js";

describe("TURN credentials (coturn use-auth-secret)", () => {
  const now = new Date("2026-12-03T01:30:00Z");

  it("are <expiry>:<peerId> and base64(HMAC-SHA1(secret, username))", () => {
    const c = turnCredential("s3cret", "peer1", now, 3600);
    const expiry = Date.parse("2026-12-03T02:30:00Z") / 1000;
    expect(c.username).toBe(`${expiry}:peer1`);
    expect(c.expiresAt).toBe(expiry);
    expect(c.credential).toBe(createHmac("sha1", "s3cret").update(`${expiry}:peer1`).digest("base64"));
    // A known value, so a change of algorithm or encoding is caught.
    expect(turnCredential("secret", "a", new Date(0), 60).credential).toBe(
      createHmac("sha1", "secret").update("60:a").digest("base64"),
    );
    expect(turnCredential("other", "peer1", now, 3600).credential).not.toBe(c.credential);
  });

  it("are given with the STUN and TURN addresses configured, and none by default", () => {
    expect(iceServers(loadVideoConfig({}), "p", now)).toEqual([]);
    const config = loadVideoConfig({
      STUN_URLS: "stun:stun.example.cn:3478, stun:10.0.0.2",
      TURN_URL: "turn:turn.example.cn:3478?transport=udp,turns:turn.example.cn:5349",
      TURN_SECRET: "k",
      TURN_TTL_SECONDS: "600",
    });
    const servers = iceServers(config, "p", now);
    expect(servers[0]).toEqual({ urls: ["stun:stun.example.cn:3478", "stun:10.0.0.2"] });
    expect(servers[1]!.urls).toEqual([
      "turn:turn.example.cn:3478?transport=udp",
      "turns:turn.example.cn:5349",
    ]);
    expect(servers[1]!.username).toBe(`${now.getTime() / 1000 + 600}:p`);
  });

  it("refuse a TURN address without its secret, a secret alone, and wrong schemes", () => {
    expect(() => loadVideoConfig({ TURN_URL: "turn:x" })).toThrow("TURN_SECRET");
    expect(() => loadVideoConfig({ TURN_SECRET: "k" })).toThrow("TURN_URL");
    expect(() => loadVideoConfig({ STUN_URLS: "http://x" })).toThrow("stun:");
    expect(() => loadVideoConfig({ TURN_URL: "turn:x", TURN_SECRET: "k", TURN_TTL_SECONDS: "5" })).toThrow(
      "TURN_TTL_SECONDS",
    );
  });
});

describe("the 进入视频调解 button's time", () => {
  const start = "2026-12-03T01:30:00.000Z"; // 09:30 Beijing
  const at = (iso: string) => joinWindow(start, new Date(iso));

  it("opens 30 minutes before the start and closes 3 hours after", () => {
    expect(at("2026-12-03T00:59:59Z")).toBe("early");
    expect(at("2026-12-03T01:00:00Z")).toBe("open");
    expect(at("2026-12-03T01:30:00Z")).toBe("open");
    expect(at("2026-12-03T04:30:00Z")).toBe("open");
    expect(at("2026-12-03T04:30:01Z")).toBe("over");
  });

  it("tells a party outside that time why the room is closed to them", () => {
    const why = (iso: string) => partyJoinRefusal(start, "12月3日 09:30", new Date(iso));
    expect(why("2026-12-03T00:59:59Z")).toBe("视频调解将于12月3日 09:30开始，请在开始前30分钟内进入");
    expect(why("2026-12-03T01:00:00Z")).toBeNull();
    expect(why("2026-12-03T04:30:00Z")).toBeNull();
    expect(why("2026-12-03T04:30:01Z")).toContain("进入时间（开始后3小时内）已过");
  });
});

describe("times in words", () => {
  it("say the session's start in Beijing time, as the SMS does", () => {
    expect(sessionTimeText("2026-12-03T01:30:00.000Z")).toBe("12月3日 09:30");
    expect(sessionTimeText("2026-12-31T16:05:00.000Z")).toBe("1月1日 00:05");
  });

  it("write an attendee's time in the room for the form and the record", () => {
    const a = {
      name: "王芳",
      role: "申请人",
      joinedAt: "2026-12-03T01:31:00Z",
      leftAt: "2026-12-03T02:05:00Z",
    };
    expect(attendeeLine(a)).toBe("王芳，申请人（视频，09:31–10:05）");
    expect(attendanceText(a)).toBe("王芳（申请人）09:31进入，10:05离开");
  });
});
