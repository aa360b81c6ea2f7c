/**
 * The SQL of loadCase (case-load.ts): each child table of a case as a JSON array in a correlated
 * subquery of the case row, per dialect. The JSON keys are the column names the row mappers
 * (case-rows.ts, party-rows.ts) read; a new column a mapper reads is added here too. The
 * `ORDER BY` inside the aggregate needs SQLite 3.44 or later (the sqlite3 package bundles 3.52).
 */

interface Part {
  /** `FROM …` (joins included), the child table as `x`. */
  from: string;
  where: string;
  order: string;
  /** [JSON key, SQL expression] — the key is the column name the mapper reads. */
  cols: [string, string][];
}

const own = (...names: string[]): [string, string][] => names.map((n) => [n, `x.${n}`]);

const EFFECTIVE =
  "(SELECT ea.id FROM agreements ea WHERE ea.case_id = c.id AND ea.status = 'effective' ORDER BY ea.id DESC LIMIT 1)";

const PARTS: Record<string, Part> = {
  parties: {
    from: "parties x",
    where: "x.case_id = c.id",
    order: "x.position",
    cols: own(
      "id",
      "position",
      "side",
      "kind",
      "name",
      "id_number",
      "unified_code",
      "gender",
      "birth_date",
      "ethnicity",
      "occupation",
      "phone",
      "address",
      "legal_representative",
      "legal_representative_title",
      "agent_name",
      "agent_phone",
      "agent_id_number",
      "consent",
      "consent_channel",
      "consent_at",
    ),
  },
  assignments: {
    from: "case_assignments x JOIN mediators m ON m.id = x.mediator_id",
    where: "x.case_id = c.id",
    order: "x.id",
    cols: [
      ...own("id", "mediator_id", "role", "parties_consented", "assigned_at", "ended_at", "end_reason"),
      ["mediator_name", "m.name"],
      ["mediator_kind", "m.kind"],
      ["user_id", "m.user_id"],
    ],
  },
  sessions: {
    from: "mediation_sessions x JOIN users u ON u.id = x.recorded_by",
    where: "x.case_id = c.id",
    order: "x.seq",
    cols: [
      ...own(
        "id",
        "seq",
        "held_at",
        "place_kind",
        "place",
        "is_public",
        "closed_reason",
        "attendees_json",
        "mediators_json",
        "created_at",
        "applicant_statement",
        "respondent_statement",
        "proposals",
        "record",
        "outcome",
        "online_attendance_json",
      ),
      ["recorder", "u.display_name"],
    ],
  },
  confirmations: {
    from: "confirmations x JOIN organisations o2 ON o2.id = x.court_id LEFT JOIN users j ON j.id = x.decided_by",
    where: "x.case_id = c.id",
    order: "x.id",
    cols: [
      ...own(
        "id",
        "court_id",
        "applied_on",
        "window_ends_on",
        "applicant_party_ids_json",
        "materials_json",
        "status",
        "filed_on",
        "number",
        "due_on",
        "decided_on",
        "outcome",
        "extended_on",
        "extension_reason",
        "extension_approved_by",
        "grounds_json",
        "reasons",
        "material_request",
        "material_requested_on",
        "material_answer",
        "material_answered_on",
        "withdrawal_kind",
        "withdrawal_requested_on",
        "withdrawal_party_ids_json",
        "channel",
        "version",
      ),
      ["court_name", "o2.name"],
      ["judge_name", "j.display_name"],
    ],
  },
  followUps: {
    from: "follow_ups x JOIN users u ON u.id = x.recorded_by",
    where: "x.case_id = c.id",
    order: "x.id",
    cols: [
      ...own("id", "visited_on", "method", "performed", "satisfaction", "note"),
      ["recorder", "u.display_name"],
    ],
  },
  interventions: {
    from: "case_interventions x JOIN users u ON u.id = x.recorded_by",
    where: "x.case_id = c.id",
    order: "x.id",
    cols: [
      ...own(
        "id",
        "taken_at",
        "measures",
        "risks_json",
        "risk_detail",
        "people",
        "referral_body",
        "referral_unit",
        "referral_on",
        "referral_receipt",
      ),
      ["recorder", "u.display_name"],
    ],
  },
  events: {
    from: "case_events x LEFT JOIN users u ON u.id = x.actor_user_id",
    where: "x.case_id = c.id",
    order: "x.id",
    cols: [
      ...own("id", "action", "from_status", "to_status", "summary", "data_json", "at"),
      ["actor", "u.display_name"],
    ],
  },
  signatures: {
    from: "agreement_signatures x",
    where: `x.agreement_id = ${EFFECTIVE}`,
    order: "x.party_id",
    cols: own("party_id", "signed_on", "method"),
  },
  obligations: {
    from: "obligations x",
    where: `x.agreement_id = ${EFFECTIVE}`,
    order: "x.idx",
    cols: own(
      "id",
      "idx",
      "obligor_party_id",
      "obligee_party_id",
      "content",
      "amount_fen",
      "place",
      "manner",
      "due_on",
      "performed_on",
      "performance_note",
    ),
  },
};

const AGREEMENT_COLS = own(
  "id",
  "form",
  "facts",
  "disputed_matters",
  "responsibilities",
  "terms",
  "effective_on",
  "mediator_signed_on",
  "sealed_on",
  "copies",
  "status",
  "signing_hash",
  "signing_text",
);

const objectSql = (pg: boolean, cols: [string, string][]) =>
  `${pg ? "json_build_object" : "json_object"}(${cols.map(([k, e]) => `'${k}', ${e}`).join(", ")})`;

const arraySql = (pg: boolean, p: Part) =>
  `(SELECT ${pg ? "json_agg" : "json_group_array"}(${objectSql(pg, p.cols)} ORDER BY ${p.order}) FROM ${p.from} WHERE ${p.where})`;

/** The extra columns of the one statement, per dialect (built once). */
const extraColumns = new Map<boolean, string[]>();
export function columnsFor(pg: boolean): string[] {
  let cols = extraColumns.get(pg);
  if (!cols) {
    cols = Object.entries(PARTS).map(([name, p]) => `${arraySql(pg, p)} AS "${name}_json"`);
    cols.push(
      `(SELECT ${objectSql(pg, AGREEMENT_COLS)} FROM agreements x WHERE x.id = ${EFFECTIVE}) AS "agreement_json"`,
      `(SELECT count(*) FROM scheduled_sessions x WHERE x.case_id = c.id AND x.status = 'scheduled') AS "scheduled_n"`,
      `(SELECT x.id FROM agreements x WHERE x.case_id = c.id AND x.status = 'signing' LIMIT 1) AS "signing_id"`,
    );
    extraColumns.set(pg, cols);
  }
  return cols;
}
