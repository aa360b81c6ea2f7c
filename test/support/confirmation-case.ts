import type { Express } from "express";
import type { Knex } from "knex";
import request from "supertest";
import {
  CaseApi,
  intakeBody,
  person,
  prepareForMediation,
  sessionBody,
  writtenAgreement,
  type Refs,
} from "./cases.js";

/**
 * A case whose written agreement was recorded on paper (record-agreement with signedOn), between
 * an applicant and a respondent with the given mobiles: where the parties' online joint
 * application for judicial confirmation starts (src/online-confirmation/). The clock must be
 * past 08:30 (Beijing) on `signedOn`, the day the case is accepted and the session held.
 */
export async function caseWithPaperAgreement(
  staff: { clerk: CaseApi; mediator: CaseApi },
  refs: Refs,
  phones: { applicant: string; respondent: string },
  signedOn: string,
  dueOn = "2027-03-01",
): Promise<{ id: number; number: string }> {
  const { id, number } = await staff.clerk.create(
    intakeBody({
      parties: [
        person("applicant", "张建国", { phone: phones.applicant }),
        person("respondent", "王桂香", { phone: phones.respondent }),
      ],
    }),
  );
  await prepareForMediation(staff.clerk, id, refs.mediator("王德明"), signedOn);
  await staff.mediator.do(
    id,
    "record-session",
    sessionBody(`${signedOn}T08:30:00+08:00`, "agreement", "达成协议。"),
  );
  await staff.mediator.do(
    id,
    "record-agreement",
    writtenAgreement(await staff.mediator.detail(id), signedOn, [dueOn]),
  );
  return { id, number };
}

/** The latest code of a template sent to the phone, as the SMS carries it (read from the outbox). */
export async function lastCode(knex: Knex, phone: string, template = "sign_in_code"): Promise<string> {
  const row = (await knex("message_outbox")
    .where({ to_phone: phone, template })
    .orderBy("id", "desc")
    .first()) as { params_json: string } | undefined;
  if (!row) throw new Error(`no ${template} for ${phone}`);
  return (JSON.parse(row.params_json) as { code: string }).code;
}

/** A party token for the phone, signed in as api.md says (code by SMS, then the token). */
export async function partyToken(app: Express, knex: Knex, phone: string): Promise<string> {
  await request(app).post("/api/v1/portal/auth/code").send({ phone }).expect(202);
  const res = await request(app)
    .post("/api/v1/portal/auth/token")
    .send({ phone, code: await lastCode(knex, phone) })
    .expect(201);
  return (res.body as { token: string }).token;
}
