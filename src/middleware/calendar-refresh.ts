import type { RequestHandler } from "express";
import type { CalendarService } from "../calendar/service.js";

/**
 * Before a request, picks up a holiday notice another app instance has loaded (a version check at
 * most every 30 seconds; src/calendar/service.ts), so every instance counts periods alike.
 */
export function calendarRefresh(calendar: CalendarService): RequestHandler {
  return async (_req, _res, next) => {
    await calendar.refreshIfStale();
    next();
  };
}
