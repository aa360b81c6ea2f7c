import { RELATION_LABELS } from "./labels.js";
import { awayDates, currentAppointments, md, ymd } from "./factors.js";
import type { CandidateProfile, Exclusion, ExclusionKind, MatchCase, MatchParty } from "./match-types.js";

const digits = (s: string | null | undefined) => (s ?? "").replace(/\D/g, "");
const sameId = (a: string | null, b: string | null) => !!a && !!b && a.toUpperCase() === b.toUpperCase();
const samePhone = (a: string | null, b: string | null) => !!digits(a) && digits(a) === digits(b);

/** A declared tie applies to a party with the same ID number, or the same name and phone. */
export function relationApplies(r: CandidateProfile["relations"][number], party: MatchParty): boolean {
  return (
    sameId(r.idNumber, party.idNumber) || (r.personName === party.name && samePhone(r.phone, party.phone))
  );
}

export const BARS: readonly ExclusionKind[] = ["relation", "objection", "term"];

/** The hard exclusions that apply to this candidate on this case, each as a sentence. */
export function exclusionsOf(c: MatchCase, p: CandidateProfile): Exclusion[] {
  const out: Exclusion[] = [];
  for (const r of p.relations) {
    for (const party of c.parties) {
      if (relationApplies(r, party)) {
        out.push({
          kind: "relation",
          text: `与当事人${party.name}有${RELATION_LABELS[r.kind]}，依法应当回避`,
        });
      }
    }
  }
  for (const o of c.objections) {
    if (o.mediatorId === p.mediatorId)
      out.push({ kind: "objection", text: `当事人${o.partyName}申请其回避：${o.reason}` });
  }
  const away = c.dates.map((d) => p.unavailable.find((u) => u.fromOn <= d && d <= u.toOn));
  if (away.length > 0 && away.every(Boolean)) {
    const periods = [...new Set(away.map((u) => `${u!.label}（${md(u!.fromOn)}至${md(u!.toOn)}）`))];
    out.push({ kind: "unavailable", text: `${periods.join("、")}，拟定日期均不能参加调解` });
  }
  if (p.activeCases >= p.capacity) {
    out.push({ kind: "capacity", text: `在办案件 ${p.activeCases} 件，已达上限 ${p.capacity} 件` });
  }
  if (p.appointments.length > 0 && currentAppointments(p, c.today).length === 0) {
    const latest = [...p.appointments].sort((a, b) => b.termEnd.localeCompare(a.termEnd))[0]!;
    out.push({
      kind: "term",
      text:
        latest.termStart > c.today
          ? `${latest.poolName}${latest.batchName}聘期自${ymd(latest.termStart)}开始，尚未到任`
          : `${latest.poolName}${latest.batchName}聘期已于${ymd(latest.termEnd)}届满`,
    });
  }
  return out;
}

/** Whether any hard exclusion applies (the sentences come from exclusionsOf). */
export function isExcluded(c: MatchCase, p: CandidateProfile, objected: ReadonlySet<number>): boolean {
  if (p.activeCases >= p.capacity || objected.has(p.mediatorId)) return true;
  for (const r of p.relations) for (const party of c.parties) if (relationApplies(r, party)) return true;
  if (p.unavailable.length && c.dates.length && awayDates(c, p).length === c.dates.length) return true;
  return p.appointments.length > 0 && currentAppointments(p, c.today).length === 0;
}
