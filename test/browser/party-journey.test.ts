/**
 * Issue 17's "Done means", end to end on phones (390×844, touch): a villager signs in at /my/login
 * (the code from the outbox), applies at /my/apply with a photo; the clerk sees the application in
 * the intake queue marked 网上申请 and accepts it; the other side signs in on their own phone and
 * agrees to mediation on the notice page, and so does the applicant; staff assign the mediator,
 * record a session and an oral agreement (through the case service); both parties rate it on /my;
 * the officer's /stats counts both ratings. Each party's page is checked along the way: the status
 * in plain words and the next step.
 */
import sharp from "sharp";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseSetup, launchBrowser, logIn, startServer, type RunningServer } from "../support/browser.js";
import { createTestContext, type TestContext } from "../support/context.js";

const APPLICANT = "13973310501";
const RESPONDENT = "13973310502";
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;
/** Beijing 09:00 on Tuesday 1 December 2026; moved on by hand as the days of the case go by. */
let now = new Date("2026-12-01T01:00:00Z");

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ clock: { now: () => new Date(now) } });
  server = await startServer(ctx.app);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

async function phone(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseURL, ...PHONE });
  contexts.push(context);
  return context.newPage();
}

/** Signs in at /my/login with the code the outbox holds for the phone; lands on /my. */
async function signIn(page: Page, number: string): Promise<void> {
  await page.goto("/my/login");
  await page.getByLabel("手机号").fill(number);
  await page.getByRole("button", { name: "获取验证码" }).tap();
  await page.getByLabel("短信验证码").waitFor();
  const row = (await ctx
    .knex("message_outbox")
    .where({ to_phone: number, template: "sign_in_code" })
    .orderBy("id", "desc")
    .first()) as { params_json: string };
  await page.getByLabel("短信验证码").fill((JSON.parse(row.params_json) as { code: string }).code);
  await Promise.all([
    page.waitForURL("**/my"),
    page.getByRole("button", { name: "登录", exact: true }).tap(),
  ]);
}

const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? "").trim();

/** Opens the case from /my and answers what the page says: the status and the next step. */
async function openCase(page: Page, id: number) {
  await page.goto("/my");
  await Promise.all([
    page.waitForURL(`**/my/cases/${id}`),
    page.locator(`a[href="/my/cases/${id}"]`).first().tap(),
  ]);
  return { status: await text(page, ".portal-status"), next: await text(page, ".portal-next") };
}

async function consent(page: Page, id: number) {
  await Promise.all([
    page.waitForURL(`**/my/cases/${id}/notice`),
    page.getByRole("link", { name: "阅读告知书" }).tap(),
  ]);
  await page.getByLabel("我已阅读以上告知书").check();
  await Promise.all([
    page.waitForURL(`**/my/cases/${id}#consent`),
    page.getByRole("button", { name: "同意调解", exact: true }).tap(),
  ]);
  expect(await text(page, "#consent")).toContain("您已同意调解");
}

async function rate(page: Page, id: number, choice: string, comment: string) {
  await page.getByLabel(choice, { exact: true }).check();
  await page.getByLabel("想说的话（可以不填）").fill(comment);
  await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "提交评价" }).tap()]);
  expect(await text(page, "#rating")).toContain("感谢您的评价");
}

describe("a dispute from the villager's phone to the officer's statistics", () => {
  it("applies with a photo, is accepted, consented to, mediated, agreed and rated by both", async () => {
    // 1. The villager applies on their phone, with a photo of the flooded yard.
    const villager = await phone();
    await signIn(villager, APPLICANT);
    await Promise.all([
      villager.waitForURL("**/my/apply"),
      villager.getByRole("link", { name: "我要调解" }).tap(),
    ]);
    await villager.getByLabel("纠纷类型").selectOption({ label: "邻里" });
    await villager.getByLabel("在哪里发生").selectOption("430212101201001");
    await villager
      .getByLabel("事情经过")
      .fill("邻居修房子把排水沟堵了，下雨时水流进我家院子，想请调委会帮忙协商修沟和赔偿。");
    await villager.getByLabel("涉及金额（元）").fill("1,300元");
    await villager.getByLabel("对方姓名或单位名称").fill("王桂香");
    await villager.getByLabel("对方手机号").fill(RESPONDENT);
    await villager.getByLabel("您的姓名").fill("刘顺");
    const photo = await sharp({
      create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 120, b: 160 } },
    })
      .jpeg()
      .withExif({
        IFD0: { Make: "FengqiaoCam" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "27/1 50/1 0/1" },
      })
      .toBuffer();
    await villager
      .getByLabel("第 1 个文件")
      .setInputFiles({ name: "院子进水.jpg", mimeType: "image/jpeg", buffer: photo });
    await Promise.all([
      villager.waitForURL("**/my/apply/*/done"),
      villager.getByRole("button", { name: "提交申请" }).tap(),
    ]);
    const id = Number(/\/my\/apply\/(\d+)\/done/.exec(villager.url())?.[1]);
    expect(id).toBeGreaterThan(0);
    let seen = await openCase(villager, id);
    expect(seen.status).toBe("已收到，等待调解委员会决定是否受理");
    expect(seen.next).toContain("调委会将决定是否受理您的纠纷");
    expect(await text(villager, "main")).toContain("院子进水.jpg");

    // 2. The clerk, on their phone too, finds it in the intake queue marked 网上申请 and accepts it.
    now = new Date("2026-12-01T03:00:00Z");
    const clerk = await phone();
    await logIn(clerk, "clerk");
    await clerk.goto("/");
    const queued = clerk.locator(`a[href="/cases/${id}"]`).first();
    expect(await queued.locator("xpath=..").textContent()).toContain("网上申请");
    await Promise.all([clerk.waitForURL(`**/cases/${id}`), queued.tap()]);
    expect(await text(clerk, "main")).toContain("院子进水.jpg");
    await Promise.all([
      clerk.waitForURL(`**/cases/${id}/actions/accept`),
      clerk.locator(`a[href="/cases/${id}/actions/accept"]`).first().tap(),
    ]);
    await Promise.all([
      clerk.waitForURL(`**/cases/${id}?done=accept`),
      clerk.getByRole("button", { name: /^确认/ }).tap(),
    ]);

    // 3. The other side signs in on their own phone (the invitation went by SMS) and consents.
    expect(
      await ctx.knex("message_outbox").where({ to_phone: RESPONDENT, template: "invitation" }).first(),
    ).toBeTruthy();
    const other = await phone();
    await signIn(other, RESPONDENT);
    seen = await openCase(other, id);
    expect(seen.status).toBe("已受理，正在安排调解员");
    expect(seen.next).toBe("下一步：请阅读《人民调解告知书》，并告诉调委会您是否同意调解");
    await consent(other, id);

    // 4. The applicant consents too; then the committee arranges the mediator.
    seen = await openCase(villager, id);
    expect(seen.next).toBe("下一步：请阅读《人民调解告知书》，并告诉调委会您是否同意调解");
    await consent(villager, id);
    seen = await openCase(villager, id);
    expect(seen.next).toBe("下一步：调委会将安排调解员，并告知您调解的时间地点");

    // 5. Staff steps through the case service: the mediator, a session, an oral agreement.
    const setup = new CaseSetup(ctx.services, ctx.knex);
    await setup.act("clerk", id, "assign", {
      mediators: [{ mediatorId: await setup.mediatorId("王德明"), role: "lead" }],
    });
    seen = await openCase(other, id);
    expect(seen.next).toBe("下一步：调解员将和您联系，告知调解的时间地点");
    now = new Date("2026-12-03T02:00:00Z");
    await setup.session(id, "2026-12-03T09:30", "agreement", "经调解双方达成口头协议。");
    const kase = await ctx.services.cases.get(await setup.user("clerk"), id);
    const [applicant, respondent] = [
      kase.parties.find((p) => p.side === "applicant")!,
      kase.parties.find((p) => p.side === "respondent")!,
    ];
    await setup.act("mediator", id, "record-agreement", {
      form: "oral",
      terms: "被申请人当场疏通排水沟，并赔偿申请人损失 500 元。",
      obligations: [
        {
          obligor: respondent.id,
          obligee: applicant.id,
          content: "赔偿损失 500 元",
          amountYuan: "500",
          manner: "现金",
          place: "北洲村人民调解室",
          dueOn: "2026-12-10",
        },
      ],
      signedOn: "2026-12-03",
    });

    // 6. Both parties see the agreement in plain words and rate the mediation.
    now = new Date("2026-12-04T01:00:00Z");
    seen = await openCase(villager, id);
    expect(seen.status).toBe("已达成调解协议");
    expect(seen.next).toContain("王桂香应按协议在2026年12月10日前履行：赔偿损失 500 元");
    await rate(villager, id, "满意", "调解员很耐心，谢谢。");
    seen = await openCase(other, id);
    expect(seen.status).toBe("已达成调解协议");
    expect(seen.next).toContain("请按协议在2026年12月10日前履行：赔偿损失 500 元");
    await rate(other, id, "基本满意", "");

    // 7. The officer's statistics count both ratings.
    const officer = await phone();
    await logIn(officer, "officer");
    await officer.goto("/stats?period=year&year=2026");
    expect(await text(officer, "main")).toContain("含当事人评价 2 条");
  });
});
