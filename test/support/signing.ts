import type { Express } from "express";
import type { Knex } from "knex";
import sharp from "sharp";
import request from "supertest";
import { expect } from "vitest";
import {
  type CaseApi,
  type CaseJson,
  intakeBody,
  person,
  prepareForMediation,
  sessionBody,
  type Refs,
  type TestClock,
} from "./cases.js";

/** A handwritten-looking signature: dark strokes on a transparent background, as the canvas sends. */
export async function signaturePng(width = 600, height = 240): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <path d="M40 160 C 90 40, 140 220, 200 90 S 300 200, 360 80 S 470 180, 560 70" stroke="#111" stroke-width="6" fill="none"/>
    <path d="M120 190 L 480 170" stroke="#111" stroke-width="5" fill="none"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString("base64")}`;

/** The last SMS of a template sent to a phone (its parameters). */
export async function lastSms(knex: Knex, phone: string, template: string): Promise<Record<string, string>> {
  const row = (await knex("message_outbox")
    .where({ to_phone: phone, template })
    .orderBy("id", "desc")
    .first()) as { params_json: string } | undefined;
  expect(row, `no ${template} SMS to ${phone}`).toBeTruthy();
  return JSON.parse(row!.params_json) as Record<string, string>;
}

/** A party token for the phone (sign-in by SMS code). */
export async function partyToken(app: Express, knex: Knex, phone: string): Promise<string> {
  await request(app).post("/api/v1/portal/auth/code").send({ phone }).expect(202);
  const { code } = await lastSms(knex, phone, "sign_in_code");
  const res = await request(app).post("/api/v1/portal/auth/token").send({ phone, code }).expect(201);
  return (res.body as { token: string }).token;
}

/** The party's API: the case, a signing code and the signature. */
export function portalApi(app: Express, knex: Knex, token: string, clock?: TestClock) {
  const auth = (r: request.Test) => r.set("Authorization", `Bearer ${token}`);
  return {
    detail: (id: number) => auth(request(app).get(`/api/v1/portal/cases/${id}`)),
    requestCode: (id: number) =>
      auth(request(app).post(`/api/v1/portal/cases/${id}/codes`)).send({ purpose: "sign" }),
    sign: (id: number, body: unknown) =>
      auth(request(app).post(`/api/v1/portal/cases/${id}/agreement/sign`)).send(body as object),
    /** Asks for a code and signs the hash with it and a drawn signature. */
    async signWith(id: number, phone: string, hash: string, png?: Buffer) {
      expect((await this.requestCode(id)).status).toBe(202);
      const { code } = await lastSms(knex, phone, "step_code_sign");
      const res = await this.sign(id, { code, hash, signature: dataUrl(png ?? (await signaturePng())) });
      // One code a minute per phone: the next request of this phone comes a minute later.
      if (clock) clock.set(new Date(clock.now().getTime() + 61_000).toISOString());
      return res;
    },
  };
}

/** A case in mediation (consents, a lead mediator, one session) between two parties with fresh mobiles. */
export async function caseInMediation(
  clerk: CaseApi,
  mediator: CaseApi,
  refs: Refs,
  phones: { applicant: string; respondent: string },
  on: string,
): Promise<CaseJson> {
  const { id } = await clerk.create(
    intakeBody({
      parties: [
        person("applicant", "张建国", { phone: phones.applicant }),
        person("respondent", "王桂香", { phone: phones.respondent }),
      ],
    }),
  );
  await prepareForMediation(clerk, id, refs.mediator("王德明"), on);
  await mediator.do(id, "record-session", sessionBody(`${on}T08:00:00+08:00`, "agreement", "达成协议。"));
  return mediator.detail(id);
}

/** The written agreement's body for signing online: no signedOn, no signatures (api.md). */
export function agreementForSigning(
  kase: CaseJson,
  dueOn: string,
  terms = "被申请人赔偿申请人损失 800 元。",
) {
  const applicant = kase.parties.find((p) => p.side === "applicant")!;
  const respondent = kase.parties.find((p) => p.side === "respondent")!;
  return {
    form: "written",
    facts: "被申请人堵塞排水沟，雨水倒灌申请人厨房。",
    disputedMatters: "损失赔偿数额。",
    responsibilities: "被申请人负主要责任。",
    terms,
    obligations: [
      {
        obligor: respondent.id,
        obligee: applicant.id,
        content: "赔偿损失",
        amountFen: 80000,
        manner: "现金支付",
        place: "北洲村人民调解室",
        dueOn,
      },
    ],
  };
}

/** A committee's seal as an admin would upload it: a red ring and a star on a transparent background. */
export async function sealPng(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400">
    <circle cx="200" cy="200" r="185" stroke="#d00" stroke-width="12" fill="none"/>
    <circle cx="200" cy="200" r="160" stroke="#d00" stroke-width="3" fill="none"/>
    <polygon points="200,110 221,175 290,175 234,215 255,280 200,240 145,280 166,215 110,175 179,175" fill="#d00"/>
    <path d="M110 320 L 290 320" stroke="#d00" stroke-width="8"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
