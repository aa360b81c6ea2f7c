import type { Knex } from "knex";
import { cubeDelta, GRAINS } from "./cube.js";
import { caseFacts, MEASURES } from "./figures.js";
import { loadSnapshots } from "./refresh.js";

type Row = Record<string, unknown>;

/**
 * Recounts every case from scratch and compares with the maintained facts and aggregates.
 * Returns the differences (none when the aggregates are exactly right). Reads everything into
 * memory: for tests and for checking a benchmark database, not for a request.
 */
export async function checkAggregates(knex: Knex): Promise<string[]> {
  const ids = ((await knex("cases").select("id")) as Row[]).map((r) => Number(r.id));
  const facts = (await loadSnapshots(knex, ids)).flatMap(caseFacts);
  const diffs: string[] = [];
  const key = (parts: unknown[]) => JSON.stringify(parts.map(String));

  const expectedFacts = new Map(facts.map((f) => [key([f.caseId, f.day]), f]));
  const storedFacts = (await knex("stats_facts")) as Row[];
  for (const r of storedFacts) {
    const k = key([r.case_id, r.day]);
    const f = expectedFacts.get(k);
    if (!f) {
      diffs.push(`fact ${k} should not exist`);
      continue;
    }
    expectedFacts.delete(k);
    const dims: [string, unknown, unknown][] = [
      ["organisation_id", f.organisationId, r.organisation_id],
      ["region_code", f.regionCode, r.region_code],
      ["type_code", f.typeCode, r.type_code],
      ["source", f.source, r.source],
      ["mediator_kind", f.mediatorKind, r.mediator_kind],
      ...MEASURES.map((m): [string, unknown, unknown] => [m, f.m[m], r[m]]),
    ];
    for (const [col, want, got] of dims) {
      if (String(want) !== String(got))
        diffs.push(`fact ${k} ${col}: want ${String(want)}, got ${String(got)}`);
    }
  }
  for (const k of expectedFacts.keys()) diffs.push(`fact ${k} missing`);

  for (const grain of GRAINS) {
    const cube = cubeDelta([], facts, grain);
    const name = grain.column === "month" ? "monthly" : "yearly";
    const expected = new Map(
      cube.monthly.map((r) => [
        key([r.key.dim, r.key.month, r.key.dimValue, r.key.organisationId, r.key.regionCode]),
        r,
      ]),
    );
    for (const r of (await knex(grain.table)) as Row[]) {
      const k = key([r.dim, r[grain.column], r.dim_value, r.organisation_id, r.region_code]);
      const want = expected.get(k);
      expected.delete(k);
      for (const m of MEASURES) {
        const w = want ? want.m[m] : 0;
        if (w !== Number(r[m])) diffs.push(`${name} ${k} ${m}: want ${w}, got ${String(r[m])}`);
      }
    }
    for (const k of expected.keys()) diffs.push(`${name} ${k} missing`);

    const expectedDays = new Map(
      cube.days.map((d) => [
        key([d.key.dim, d.key.month, d.key.dimValue, d.key.organisationId, d.key.regionCode, d.days]),
        d.n,
      ]),
    );
    for (const r of (await knex(grain.daysTable)) as Row[]) {
      const k = key([r.dim, r[grain.column], r.dim_value, r.organisation_id, r.region_code, r.days]);
      const want = expectedDays.get(k) ?? 0;
      expectedDays.delete(k);
      if (want !== Number(r.n)) diffs.push(`${name} days ${k}: want ${want}, got ${String(r.n)}`);
    }
    for (const k of expectedDays.keys()) diffs.push(`${name} days ${k} missing`);
  }
  return diffs;
}
