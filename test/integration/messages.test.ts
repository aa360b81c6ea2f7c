/**
 * The SMS outbox on a real database: claims keep two senders off the same message, failures are
 * retried with backoff then failed, nothing queued is lost to a crash, opt-outs hold, the Alibaba
 * Cloud transport signs as documented (checked by a stub provider), and staff see the outbox.
 */
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { AliyunSmsTransport } from "../../src/messages/aliyun.js";
import { loadSmsConfig } from "../../src/messages/config.js";
import type { OutboxMessage } from "../../src/messages/outbox-repository.js";
import type { SmsTransport } from "../../src/messages/transports.js";
import { OutboxWorker } from "../../src/messages/worker.js";
import { intakeBody, TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { apiToken, loginAs } from "../support/web.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;
const logger = createLogger("silent");

beforeAll(async () => {
  ctx = await createTestContext({ clock });
});
afterAll(() => ctx?.close());
beforeEach(async () => {
  clock.set("2026-12-01T09:00:00+08:00");
  await ctx.knex("message_outbox").delete();
  await ctx.knex("sms_opt_outs").delete();
});

/** A transport that records what it sent, failing while `failing` is set; slow enough for a race. */
class Recorder implements SmsTransport {
  readonly name = "recorder";
  sent: number[] = [];
  failing = false;
  async send(m: OutboxMessage): Promise<void> {
    await new Promise((r) => setTimeout(r, 5));
    if (this.failing) throw new Error("运营商网关超时");
    this.sent.push(m.id);
  }
}

const workerWith = (transport: SmsTransport, maxAttempts = 3) =>
  new OutboxWorker(ctx.services.messages.repo, transport, clock, logger, { maxAttempts, pollMs: 1000 });

const row = (id: number) => ctx.services.messages.repo.get(id);

describe("the outbox", () => {
  it("sends each message once when two workers drain at the same time", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(
        (await ctx.services.messages.queue(`1380000${String(i).padStart(4, "0")}`, "sign_in_code", {
          code: "000000",
        }))!,
      );
    }
    const a = new Recorder();
    const b = new Recorder();
    const [na, nb] = await Promise.all([workerWith(a).drain(), workerWith(b).drain()]);
    const all = [...a.sent, ...b.sent].sort((x, y) => x - y);
    expect(all).toEqual(ids);
    expect(na + nb).toBe(12);
    for (const id of ids) expect((await row(id))!.status).toBe("sent");
  });

  it("retries a failed send with a growing wait, then gives up as failed", async () => {
    const id = (await ctx.services.messages.queue("13800002222", "application_accepted", {
      committee: "北洲村人民调解委员会",
      number: "（2026）北洲调字第9号",
    }))!;
    const t = new Recorder();
    t.failing = true;
    const worker = workerWith(t, 3);
    await worker.drain();
    let m = (await row(id))!;
    expect(m).toMatchObject({ status: "queued", attempts: 1, lastError: "运营商网关超时" });
    expect(Date.parse(m.nextAttemptAt) - clock.now().getTime()).toBe(30_000);
    // Not due yet: nothing is tried.
    await worker.drain();
    expect((await row(id))!.attempts).toBe(1);
    clock.set(m.nextAttemptAt);
    await worker.drain();
    m = (await row(id))!;
    expect(m.attempts).toBe(2);
    expect(Date.parse(m.nextAttemptAt) - clock.now().getTime()).toBe(60_000);
    clock.set(m.nextAttemptAt);
    await worker.drain();
    expect(await row(id)).toMatchObject({ status: "failed", attempts: 3, sentAt: null });
  });

  it("sends after a restart what was queued, or claimed by a sender that died", async () => {
    const queued = (await ctx.services.messages.queue("13800003333", "sign_in_code", { code: "111111" }))!;
    const claimed = (await ctx.services.messages.queue("13800004444", "sign_in_code", { code: "222222" }))!;
    // A sender claimed the second one and was killed before sending it.
    const until = new Date(clock.now().getTime() + 60_000).toISOString();
    expect(await ctx.services.messages.repo.claim(claimed, clock.now().toISOString(), until)).not.toBeNull();
    // A fresh process: a new worker on the same database.
    const t = new Recorder();
    await workerWith(t).drain();
    expect(t.sent).toEqual([queued]);
    clock.set(new Date(clock.now().getTime() + 61_000).toISOString());
    await workerWith(t).drain();
    expect(t.sent).toEqual([queued, claimed]);
    expect((await row(claimed))!.status).toBe("sent");
  });

  it("keeps notices from a phone that opted out, but still sends it sign-in codes", async () => {
    expect(await ctx.services.messages.optOut("13800005555", null)).toBe(true);
    const notice = await ctx.services.messages.queue("13800005555", "obligation_due", {
      dueOn: "2026年12月10日",
      content: "支付修缮费",
    });
    expect(notice).toBeNull();
    expect(
      await ctx.services.messages.queue("13800005555", "sign_in_code", { code: "333333" }),
    ).not.toBeNull();
    await ctx.services.messages.optIn("13800005555", null);
    expect(
      await ctx.services.messages.queue("13800005555", "obligation_due", {
        dueOn: "12月10日",
        content: "付款",
      }),
    ).not.toBeNull();
  });
});

describe("the Alibaba Cloud transport against a stub provider", () => {
  const SECRET = "stub-secret-for-tests";
  let server: http.Server;
  let endpoint: string;
  const received: Record<string, string>[] = [];

  /** The documented v1 algorithm, written here again (not the production signer). */
  function expectedSignature(params: Record<string, string>, secret: string): string {
    const enc = (s: string) =>
      encodeURIComponent(s)
        .replace(/\+/g, "%20")
        .replace(/\*/g, "%2A")
        .replace(/!/g, "%21")
        .replace(/'/g, "%27")
        .replace(/\(/g, "%28")
        .replace(/\)/g, "%29");
    const canonical = Object.entries(params)
      .filter(([k]) => k !== "Signature")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${enc(k)}=${enc(v)}`)
      .join("&");
    return createHmac("sha1", `${secret}&`)
      .update(`GET&${enc("/")}&${enc(canonical)}`)
      .digest("base64");
  }

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const params = Object.fromEntries(new URL(req.url!, "http://stub").searchParams);
      received.push(params);
      const ok =
        req.method === "GET" &&
        params.Action === "SendSms" &&
        params.Version === "2017-05-25" &&
        params.SignatureMethod === "HMAC-SHA1" &&
        params.Signature === expectedSignature(params, SECRET);
      res.setHeader("Content-Type", "application/json");
      res.end(
        JSON.stringify(
          ok
            ? {
                Code: "OK",
                Message: "OK",
                BizId: "900619746936498440^0",
                RequestId: "F655A8D5-B967-440B-8683-DAD6FF8DE990",
              }
            : {
                Code: "SignatureDoesNotMatch",
                Message: "Specified signature is not matched with our calculation.",
                RequestId: "x",
              },
        ),
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const transport = (secret: string) =>
    new AliyunSmsTransport(
      loadSmsConfig({
        SMS_TRANSPORT: "aliyun",
        SMS_ENDPOINT: endpoint,
        ALIYUN_ACCESS_KEY_ID: "LTAI-test",
        ALIYUN_ACCESS_KEY_SECRET: secret,
        SMS_SIGN_NAME: "枫桥调解",
        SMS_TEMPLATE_SIGN_IN_CODE: "SMS_000001",
        SMS_TEMPLATE_SESSION_SCHEDULED: "SMS_000002",
      }),
    );

  it("signs SendSms so that the provider's check passes, and the outbox marks it sent", async () => {
    const id = (await ctx.services.messages.queue("13800006666", "session_scheduled", {
      time: "12月3日上午9:30",
      place: "北洲村调解室（村部二楼）",
    }))!;
    received.length = 0;
    await workerWith(transport(SECRET)).drain();
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(received[0]).toMatchObject({
      PhoneNumbers: "13800006666",
      SignName: "枫桥调解",
      TemplateCode: "SMS_000002",
      AccessKeyId: "LTAI-test",
      Format: "JSON",
      SignatureVersion: "1.0",
    });
    expect(JSON.parse(received[0]!.TemplateParam!)).toEqual({
      time: "12月3日上午9:30",
      place: "北洲村调解室（村部二楼）",
    });
  });

  it("keeps the provider's refusal as the error and fails the message after its attempts", async () => {
    const id = (await ctx.services.messages.queue("13800007777", "sign_in_code", { code: "444444" }))!;
    const worker = workerWith(transport("a-wrong-secret"), 2);
    await worker.drain();
    const m = (await row(id))!;
    expect(m.status).toBe("queued");
    expect(m.lastError).toContain("SignatureDoesNotMatch");
    clock.set(m.nextAttemptAt);
    await worker.drain();
    expect(await row(id)).toMatchObject({ status: "failed", attempts: 2 });
  });

  it("fails a template with no provider code configured, saying which setting is missing", async () => {
    const id = (await ctx.services.messages.queue("13800008888", "obligation_due", {
      dueOn: "12月10日",
      content: "付款",
    }))!;
    await workerWith(transport(SECRET), 1).drain();
    const m = (await row(id))!;
    expect(m.status).toBe("failed");
    expect(m.lastError).toContain("SMS_TEMPLATE_OBLIGATION_DUE");
  });
});

describe("the outbox for staff", () => {
  it("lists every message to the admin, the committee's to its director, and nothing to a clerk", async () => {
    const { organisation_id: orgId } = (await ctx.knex("users").where({ username: "director" }).first()) as {
      organisation_id: number;
    };
    const clerkToken = await apiToken(ctx.app, "clerk");
    const register = async () => {
      const res = await request(ctx.app)
        .post("/api/v1/cases")
        .set("Authorization", `Bearer ${clerkToken}`)
        .send(intakeBody());
      expect(res.status, res.text).toBe(201);
      return { id: Number(res.body.id) };
    };
    const caseRow = await register();
    const other = await register();
    // The second case belongs to another committee.
    const elsewhere = (await ctx
      .knex("organisations")
      .whereNot({ id: orgId })
      .where({ kind: "village_committee" })
      .first("id")) as {
      id: number;
    };
    await ctx.knex("cases").where({ id: other.id }).update({ organisation_id: elsewhere.id });
    await ctx.services.messages.queue("13800001234", "sign_in_code", { code: "654321" });
    await ctx.services.messages.queue(
      "13800001234",
      "application_accepted",
      { committee: "北洲村", number: "北1" },
      { caseId: Number(caseRow.id) },
    );
    await ctx.services.messages.queue(
      "13900001234",
      "application_accepted",
      { committee: "别处", number: "别1" },
      { caseId: Number(other.id) },
    );

    const admin = await apiToken(ctx.app, "admin");
    const all = await request(ctx.app).get("/api/v1/messages").set("Authorization", `Bearer ${admin}`);
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(3);
    expect(Object.keys(all.body[0])).toEqual(
      expect.arrayContaining(["id", "to", "channel", "template", "text", "status", "attempts", "createdAt"]),
    );
    // Outside production the code is readable (the console transport's developer signs in with it).
    expect(all.body.map((m: { text: string }) => m.text).join()).toContain("654321");
    const byPhone = await request(ctx.app)
      .get("/api/v1/messages?to=13800001234")
      .set("Authorization", `Bearer ${admin}`);
    expect(byPhone.body).toHaveLength(2);
    const byCase = await request(ctx.app)
      .get(`/api/v1/messages?caseId=${other.id}`)
      .set("Authorization", `Bearer ${admin}`);
    expect(byCase.body.map((m: { to: string }) => m.to)).toEqual(["13900001234"]);

    const director = await apiToken(ctx.app, "director");
    const mine = await request(ctx.app).get("/api/v1/messages").set("Authorization", `Bearer ${director}`);
    expect(mine.body.map((m: { caseId: number }) => m.caseId)).toEqual([Number(caseRow.id)]);

    const clerk = await apiToken(ctx.app, "clerk");
    expect(
      (await request(ctx.app).get("/api/v1/messages").set("Authorization", `Bearer ${clerk}`)).status,
    ).toBe(403);

    const bad = await request(ctx.app)
      .get("/api/v1/messages?to=abc&caseId=x")
      .set("Authorization", `Bearer ${admin}`);
    expect(bad.status).toBe(400);
    expect(bad.type).toBe("application/problem+json");
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["caseId", "to"]);
    expect(bad.body.errors[0].message).toMatch(/手机号|案件/);

    const page = await (await loginAs(ctx.app, "director")).get("/admin/messages").expect(200);
    expect(page.text).toContain("短信记录");
    expect(page.text).toContain("北1");
    expect(page.text).not.toContain("别1");
    expect((await (await loginAs(ctx.app, "clerk")).get("/admin/messages")).status).toBe(403);
  });

  it("masks sign-in code digits in production", async () => {
    const { MessageService } = await import("../../src/messages/service.js");
    const production = new MessageService(ctx.knex, clock, true);
    await production.queue("13800001235", "sign_in_code", { code: "987654" });
    const admin = (await ctx.services.auth.sessionUser(
      Number(((await ctx.knex("users").where({ username: "admin" }).first("id")) as { id: number }).id),
    ))!;
    const [m] = await production.list(admin, { to: "13800001235" });
    expect(m!.text).toContain("******");
    expect(m!.text).not.toContain("987654");
  });
});
