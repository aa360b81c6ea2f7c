import { GRID_SATISFACTION_LABELS } from "../../grid/types.js";
import type { Services } from "../../services.js";
import { listRow } from "./view.js";

/** How many of a party's reports /my lists (their latest). */
const SHOWN = 20;

/**
 * The reports a party raised (我反映的问题 on /my), newest first, each with its status and, once
 * done, the rating given or a call to give one.
 */
export async function partyReports(services: Services, phone: string) {
  const actor = { kind: "party" as const, phone };
  const page = await services.grid.list(actor, { page: 1, pageSize: SHOWN });
  const now = services.clock.now();
  const items = [...page.items].sort((a, b) => b.reportedAt.localeCompare(a.reportedAt));
  return Promise.all(
    items.map(async (item) => {
      const row = listRow(item, now);
      if (item.status !== "done") return row;
      const detail = await services.grid.get(actor, item.id);
      return {
        ...row,
        ratingLabel: detail.rating ? GRID_SATISFACTION_LABELS[detail.rating.satisfaction] : null,
        toRate: detail.can.rate,
      };
    }),
  );
}
