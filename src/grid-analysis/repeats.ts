import type { Range } from "./rules.js";

/**
 * Repeat disputes (重复纠纷): the same person (the same ID number, or the same name with the same
 * phone) or the same place (the same village and address) in two or more disputes within twelve
 * months. Pure; the repository gives the disputes of the window, cases and grid reports alike (a
 * report that became a case is given once, as the case).
 */

export interface DisputeRecord {
  kind: "case" | "report";
  id: number;
  /** Case number, or 网格上报 #id. */
  label: string;
  href: string;
  /** The day it was registered or reported (Beijing). */
  on: string;
  people: { name: string; phone?: string | null; idNumber?: string | null }[];
  /** 12-digit village code (a villager group is cut to its village), and the address as typed. */
  village: string | null;
  address: string | null;
}

export interface RepeatGroup {
  by: "person" | "place";
  /** Who or where, personal data masked. */
  label: string;
  items: Pick<DisputeRecord, "kind" | "id" | "label" | "href" | "on">[];
}

/** The twelve months ending on `to`: from the day after the same date a year before. */
export function twelveMonthsTo(to: string): Range {
  const [y, m, d] = to.split("-").map(Number) as [number, number, number];
  const from = new Date(Date.UTC(y - 1, m - 1, d + 1)).toISOString().slice(0, 10);
  return { from, to };
}

const digits = (v: string) => v.replace(/\D/g, "").replace(/^86(?=1\d{10}$)/, "");
const squash = (v: string) => v.replace(/\s+/g, "").replace(/[，,。.]/g, "");

export const maskName = (name: string) =>
  name.length <= 1 ? name : `${name.slice(0, 1)}${"*".repeat(Math.min(3, name.length - 1))}`;
export const maskPhone = (p: string) =>
  p.length >= 11 ? `${p.slice(0, 3)}****${p.slice(-4)}` : `****${p.slice(-2)}`;
export const maskId = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;

/** The keys a dispute is known by: each person's, and its place's. */
export function keysOf(r: DisputeRecord): { key: string; by: RepeatGroup["by"]; label: string }[] {
  const out: { key: string; by: RepeatGroup["by"]; label: string }[] = [];
  for (const p of r.people) {
    const name = p.name.trim();
    if (p.idNumber && p.idNumber.trim()) {
      const id = p.idNumber.trim().toUpperCase();
      out.push({ key: `id:${id}`, by: "person", label: `${maskName(name)}（身份证 ${maskId(id)}）` });
    }
    const phone = p.phone ? digits(p.phone) : "";
    if (name && phone) {
      out.push({
        key: `np:${name}|${phone}`,
        by: "person",
        label: `${maskName(name)}（${maskPhone(phone)}）`,
      });
    }
  }
  if (r.village && r.address && squash(r.address)) {
    out.push({ key: `pl:${r.village}|${squash(r.address)}`, by: "place", label: r.address.trim() });
  }
  return out;
}

/**
 * Groups of two or more disputes in the window sharing a key, oldest dispute first, groups with
 * the most disputes first. A group with exactly the disputes of another (one person known by
 * both ID number and phone) is given once.
 */
export function findRepeats(records: readonly DisputeRecord[], window: Range): RepeatGroup[] {
  const groups = new Map<
    string,
    { by: RepeatGroup["by"]; label: string; items: Map<string, DisputeRecord> }
  >();
  for (const r of records) {
    if (r.on < window.from || r.on > window.to) continue;
    for (const k of keysOf(r)) {
      const g = groups.get(k.key) ?? { by: k.by, label: k.label, items: new Map() };
      g.items.set(`${r.kind}:${r.id}`, r);
      groups.set(k.key, g);
    }
  }
  const seen = new Set<string>();
  const out: RepeatGroup[] = [];
  for (const g of groups.values()) {
    if (g.items.size < 2) continue;
    const ids = [...g.items.keys()].sort().join(",");
    if (seen.has(`${g.by}|${ids}`)) continue;
    seen.add(`${g.by}|${ids}`);
    const items = [...g.items.values()]
      .sort((a, b) => a.on.localeCompare(b.on) || a.id - b.id)
      .map(({ kind, id, label, href, on }) => ({ kind, id, label, href, on }));
    out.push({ by: g.by, label: g.label, items });
  }
  return out.sort((a, b) => b.items.length - a.items.length || a.label.localeCompare(b.label));
}

/** The disputes (kind:id) that are part of a repeat, for the watch list's suggestions. */
export function repeatedIds(groups: readonly RepeatGroup[]): Set<string> {
  return new Set(groups.flatMap((g) => g.items.map((i) => `${i.kind}:${i.id}`)));
}
