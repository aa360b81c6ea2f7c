import express, { type Request, type Response, type Router } from "express";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { idParam } from "../http/ids.js";
import { sendProblem } from "../http/problem.js";
import type { Services } from "../services.js";
import { sessionTimeText } from "../cases/actions/schedule-session.js";
import type { Principal, Room } from "../video/access.js";

/** How often the events stream reads the signals table (each instance reads the shared database). */
const POLL_MS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The room's JSON endpoints answer errors as problem details (the page's script shows `detail`). */
function problem(res: Response, err: unknown): void {
  if (err instanceof ValidationError)
    return sendProblem(res, 400, err.errors[0]?.message ?? err.message, err.errors);
  if (err instanceof NotFoundError) return sendProblem(res, 404, err.message);
  if (err instanceof ForbiddenError) return sendProblem(res, 403, err.message);
  if (err instanceof ConflictError) return sendProblem(res, 409, err.message);
  throw err;
}

const text = (v: unknown) => (typeof v === "string" ? v : "");

export interface RoomMount {
  /** The room's path for a case and session id, e.g. /my/cases/1/sessions/2/room. */
  base: (caseId: number, sessionId: number) => string;
  /** Who asks (after the mount's own sign-in check), or null: 404. */
  principal: (req: Request, res: Response) => Principal | null;
  /** The page's extra locals (title, back link). */
  page: (room: Room) => Record<string, unknown>;
}

/**
 * One room's endpoints under `<prefix>/cases/:id/sessions/:sid/room`, for staff, parties and
 * guests alike (each mount says who the caller is): the page, join, signal, the events stream
 * (Server-Sent Events reading the signals table every 300 ms), a poll of the same, leave, and
 * the host's mute, remove, end and invite. Anyone not of the room gets 404.
 */
export function videoRoomRoutes(services: Services, prefix: string, mount: RoomMount): Router {
  const router = express.Router();
  const rooms = services.video.rooms;
  const path = `${prefix}/cases/:id/sessions/:sid/room`;

  async function roomOf(req: Request, res: Response): Promise<Room> {
    const who = mount.principal(req, res);
    if (!who) throw new NotFoundError("找不到该视频调解，或您无权参加");
    return rooms.room(who, idParam(req.params.id), idParam(req.params.sid));
  }

  const json =
    (fn: (room: Room, req: Request, res: Response) => Promise<unknown>) =>
    async (req: Request, res: Response) => {
      try {
        const room = await roomOf(req, res);
        const out = await fn(room, req, res);
        if (out === undefined) res.status(204).end();
        else res.json(out);
      } catch (err) {
        problem(res, err);
      }
    };

  router.get(path, async (req, res) => {
    const room = await roomOf(req, res);
    const notOpen = rooms.notOpenFor(room);
    if (notOpen) {
      return res.status(409).render("pages/video/not-open", {
        title: "现在不能进入视频调解",
        message: notOpen,
        ...mount.page(room),
      });
    }
    res.render("pages/video/room", {
      room,
      base: mount.base(room.caseId, room.session.id),
      ended: room.session.status !== "scheduled",
      timeText: sessionTimeText(room.session.startsAt),
      ...mount.page(room),
    });
  });

  router.post(
    `${path}/join`,
    json((room, req) => rooms.join(room, text(req.body?.consent) === "yes")),
  );

  router.post(
    `${path}/signal`,
    json(async (room, req) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      let payload: unknown = null;
      try {
        payload = body.payload ? JSON.parse(text(body.payload)) : null;
      } catch {
        throw new ValidationError([{ field: "payload", message: "信令内容不是有效的 JSON" }]);
      }
      await rooms.signal(room, { from: body.from, to: body.to, kind: body.kind, payload });
    }),
  );

  router.get(
    `${path}/signals`,
    json(async (room, req) => {
      const peer = text(req.query.peer);
      await rooms.me(room, peer);
      return rooms.receive(room, peer, Number(req.query.after) || 0);
    }),
  );

  router.get(`${path}/events`, async (req, res) => {
    let room: Room;
    const peer = text(req.query.peer);
    try {
      room = await roomOf(req, res);
      await rooms.me(room, peer);
    } catch (err) {
      return problem(res, err);
    }
    res.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-store",
      "X-Accel-Buffering": "no",
    });
    res.write("retry: 1000\n\n");
    let after = Number(req.get("last-event-id") ?? req.query.after) || 0;
    let open = true;
    req.on("close", () => (open = false));
    for (let tick = 0; open; tick++) {
      const signals = await rooms.receive(room, peer, after).catch(() => null);
      if (!signals) break;
      for (const s of signals) {
        res.write(`id: ${s.id}\ndata: ${JSON.stringify(s)}\n\n`);
        after = s.id;
        if ((s.kind === "removed" && s.toPeer === peer) || s.kind === "ended") open = false;
      }
      if (tick % 50 === 49) res.write(": keep-alive\n\n");
      if (open) await sleep(POLL_MS);
    }
    res.end();
  });

  router.post(
    `${path}/leave`,
    json((room, req) => rooms.leave(room, text(req.body?.peer))),
  );
  router.post(
    `${path}/mute`,
    json((room, req) =>
      rooms.signal(room, { from: req.body?.from, to: req.body?.peer, kind: "mute", payload: null }),
    ),
  );
  router.post(
    `${path}/remove`,
    json((room, req) => rooms.remove(room, text(req.body?.peer))),
  );
  router.post(
    `${path}/end`,
    json((room) => rooms.end(room)),
  );
  router.post(
    `${path}/invite`,
    json(async (room, req) => {
      const { token, name } = await rooms.invite(room, req.body ?? {});
      return { name, url: `${services.config.publicUrl}/video/join/${token}` };
    }),
  );

  return router;
}
