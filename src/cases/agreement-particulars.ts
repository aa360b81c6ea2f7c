import type { FieldError } from "../errors.js";
import { toFieldErrors } from "../validation.js";
import { partyCorrection } from "./actions/update-party.js";
import { partySchema } from "./party-fields.js";
import type { PartyView } from "./views.js";
import { REQUIRED_PARTICULARS } from "./written-agreement.js";

/**
 * The particulars a written agreement states (RL29), completed on the agreement's own form for a
 * party intake left them blank for: each row names the party and the particulars typed; the rest
 * is the party as registered. Validated with the party's own schema (update-party's), so a date or
 * a sex is checked the same way; blank fields leave the party as it is.
 */

export interface ParticularsRow {
  partyId: number;
  [field: string]: unknown;
}

export type Correction = NonNullable<ReturnType<typeof partyCorrection>> & { partyId: number };

const FIELDS = new Set<string>(
  [...REQUIRED_PARTICULARS.person, ...REQUIRED_PARTICULARS.organisation].map((x) => x.field),
);

/** The party as update-party's schema takes it (no nulls: blank is absent). */
function asInput(p: PartyView): Record<string, unknown> {
  const { id: _id, position: _p, consent: _c, consentOnlineAt: _o, agent, ...rest } = p;
  const out: Record<string, unknown> = Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== null && v !== undefined),
  );
  if (agent) {
    out.agent = Object.fromEntries(Object.entries(agent).filter(([, v]) => v !== null && v !== undefined));
  }
  return out;
}

/** The parties with the typed particulars applied, the corrections to write, and what was wrong. */
export function completeParticulars(
  parties: PartyView[],
  rows: readonly ParticularsRow[],
  today: string,
): { parties: PartyView[]; corrections: Correction[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const corrections: Correction[] = [];
  const completed = parties.map((p) => ({ ...p }));
  rows.forEach((row, i) => {
    const index = completed.findIndex((p) => p.id === row.partyId);
    if (index < 0) {
      errors.push({ field: `particulars.${i}.partyId`, message: "该当事人不属于本案" });
      return;
    }
    const before = parties[index]!;
    const typed = Object.fromEntries(
      Object.entries(row).filter(([k, v]) => FIELDS.has(k) && typeof v === "string" && v.trim() !== ""),
    );
    const parsed = partySchema(today).safeParse({ ...asInput(before), ...typed });
    if (!parsed.success) {
      for (const e of toFieldErrors(parsed.error)) {
        errors.push({ field: `particulars.${i}.${e.field}`, message: `${before.name}：${e.message}` });
      }
      return;
    }
    const correction = partyCorrection(before, parsed.data);
    if (!correction) return;
    corrections.push({ ...correction, partyId: before.id });
    completed[index] = { ...before, ...parsed.data, id: before.id, position: before.position };
  });
  return { parties: completed, corrections, errors };
}
