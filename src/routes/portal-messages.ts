import express, { type Router } from "express";
import { ValidationError } from "../errors.js";
import { requireParty } from "../middleware/party-session.js";
import type { Services } from "../services.js";

/**
 * The party's SMS switch on /my (短信通知：接收 / 不再接收): `receive=no` opts the signed-in phone
 * out of notices, `receive=yes` back in (src/messages, audited `sms.opt_out` / `sms.opt_in`).
 * Sign-in codes are sent either way.
 */
export function portalMessagesRoutes({ messages }: Services): Router {
  const router = express.Router();

  router.post("/my/messages/opt-out", requireParty, async (req, res) => {
    const phone = res.locals.partyPhone!;
    const receive = (req.body as { receive?: unknown }).receive;
    if (receive !== "yes" && receive !== "no") {
      throw new ValidationError([{ field: "receive", message: "短信通知：请选择“接收”或“不再接收”" }]);
    }
    if (receive === "no") await messages.optOut(phone);
    else await messages.optIn(phone);
    res.redirect(303, "/my#sms");
  });

  return router;
}
