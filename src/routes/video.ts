import express, { type Router } from "express";
import { requireParty } from "../middleware/party-session.js";
import type { Services } from "../services.js";
import { videoRoomRoutes } from "./video-room.js";

const GUEST_COOKIE = "fengqiao.video";

/** The staff's room: /cases/{id}/sessions/{sid}/room, for the case's director or an assigned mediator. */
export function staffVideoRoutes(services: Services): Router {
  return videoRoomRoutes(services, "", {
    base: (id, sid) => `/cases/${id}/sessions/${sid}/room`,
    principal: (req) => (req.user ? { kind: "staff", user: req.user } : null),
    page: (room) => ({ title: `视频调解 · ${room.caseNumber}`, back: `/cases/${room.caseId}` }),
  });
}

/** A party's room: /my/cases/{id}/sessions/{sid}/room (the party's own sign-in, path /my). */
export function partyVideoRoutes(services: Services): Router {
  const router = express.Router();
  router.use("/my/cases/:id/sessions/:sid/room", requireParty);
  router.use(
    videoRoomRoutes(services, "/my", {
      base: (id, sid) => `/my/cases/${id}/sessions/${sid}/room`,
      principal: (_req, res) =>
        res.locals.partyPhone ? { kind: "party", phone: res.locals.partyPhone } : null,
      page: (room) => ({ title: "视频调解", back: `/my/cases/${room.caseId}`, party: true }),
    }),
  );
  return router;
}

/**
 * An invited helper (RL20): the mediator's one-time link /video/join/{token} shows a button (a
 * link previewer fetching the page uses nothing); pressing it spends the invitation and leaves a
 * key for this session in a cookie of its own (path /video), which is the guest's only pass.
 */
export function guestVideoRoutes(services: Services): Router {
  const router = express.Router();
  const rooms = services.video.rooms;

  router.get("/video/join/:token", async (req, res) => {
    await rooms.checkInvitation(String(req.params.token));
    res.render("pages/video/invitation", { title: "参加视频调解", token: req.params.token });
  });

  router.post("/video/join/:token", async (req, res) => {
    const { accessKey, caseId, sessionId } = await rooms.redeem(String(req.params.token));
    res.cookie(GUEST_COOKIE, accessKey, {
      httpOnly: true,
      sameSite: "lax",
      secure: services.config.cookieSecure,
      path: "/video",
      maxAge: 24 * 3600_000,
    });
    res.redirect(303, `/video/cases/${caseId}/sessions/${sessionId}/room`);
  });

  router.use(
    videoRoomRoutes(services, "/video", {
      base: (id, sid) => `/video/cases/${id}/sessions/${sid}/room`,
      principal: (req) => {
        const key = /(?:^|;\s*)fengqiao\.video=([A-Za-z0-9_-]{20,100})(?:;|$)/.exec(
          req.headers.cookie ?? "",
        )?.[1];
        return key ? { kind: "guest", accessKey: key } : null;
      },
      page: () => ({ title: "视频调解", party: true }),
    }),
  );
  return router;
}
