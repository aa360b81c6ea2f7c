import express, { type Router } from "express";
import { formatDayLines, LAST_NOTICE_YEAR } from "../../calendar/notices.js";
import { FIRST_STATUTE_YEAR } from "../../calendar/statutory.js";
import { beijingDate } from "../../shared/dates.js";
import { NotFoundError } from "../../errors.js";
import type { Services } from "../../services.js";
import { submitForm } from "../form.js";

/**
 * 节假日安排: the State Council's yearly notices as data. The list shows each year with its status
 * ("YYYY年放假安排尚未录入" when missing); a year's page shows the statutory days, the notice (or
 * what is assumed without it) and the form that adds or replaces the notice.
 */
export function calendarAdminRoutes(services: Services): Router {
  const router = express.Router();
  const today = () => beijingDate(services.clock.now());

  const yearPage = async (year: number) => {
    const detail = await services.calendar.year(year, today());
    return { title: `${year}年节假日安排`, year, detail };
  };

  router.get("/", async (req, res) => {
    res.render("pages/admin/calendar", {
      title: "节假日安排",
      years: await services.calendar.years(today()),
      done: typeof req.query.done === "string" ? req.query.done : null,
      firstYear: FIRST_STATUTE_YEAR,
    });
  });

  router.get("/:year", async (req, res) => {
    const year = Number(req.params.year);
    if (!Number.isInteger(year) || year < FIRST_STATUTE_YEAR || year > LAST_NOTICE_YEAR)
      throw new NotFoundError();
    const page = await yearPage(year);
    const notice = page.detail?.notice;
    const values = notice
      ? { year, number: notice.number, issuedOn: notice.issuedOn, days: formatDayLines(notice.days) }
      : { year };
    res.render("pages/admin/calendar-year", { ...page, values });
  });

  router.post("/", async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const year = Number(body.year);
    const shown =
      Number.isInteger(year) && year >= FIRST_STATUTE_YEAR && year <= LAST_NOTICE_YEAR ? year : null;
    await submitForm(
      res,
      "pages/admin/calendar-year",
      async () => (shown ? yearPage(shown) : { title: "录入节假日安排", year: null, detail: null }),
      body,
      async () => {
        const notice = await services.calendar.loadNotice(req.user!.id, body, "admin");
        return `/admin/calendar?done=${notice.year}`;
      },
    );
  });

  return router;
}
