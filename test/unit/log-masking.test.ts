import { describe, expect, it } from "vitest";
import { createLogger, maskPersonalData } from "../../src/logger.js";

describe("personal data in logs (issue 14 M3)", () => {
  it("masks resident ID numbers and mobile numbers, leaving other numbers alone", () => {
    expect(maskPersonalData("/cases?q=430212198003152118&page=2")).toBe("/cases?q=4302************18&page=2");
    expect(maskPersonalData("id 43021219800315211X.")).toBe("id 4302************1X.");
    expect(maskPersonalData("old 430212800315211")).toBe("old 4302*********11");
    expect(maskPersonalData('{"phone":"13912345678"}')).toBe('{"phone":"139****5678"}');
    expect(maskPersonalData('"time":1764489600000,"amountFen":8600000')).toBe(
      '"time":1764489600000,"amountFen":8600000',
    );
    expect(maskPersonalData("电话：13912345678，身份证430212198003152118")).toBe(
      "电话：139****5678，身份证4302************18",
    );
  });

  it("masks every line the logger writes: request URLs, bodies and errors", () => {
    const lines: string[] = [];
    const logger = createLogger("info", { write: (line: string) => lines.push(line) });
    logger.info({ req: { url: "/api/v1/cases?q=430212198003152118" } }, "request");
    logger.info({ body: { parties: [{ phone: "13973310211" }] } }, "body");
    logger.error(new Error("当事人 430212198003152118 电话 13973310211 已存在"), "failed");
    const all = lines.join("");
    expect(lines).toHaveLength(3);
    expect(all).not.toMatch(/430212198003152118|13973310211/);
    expect(all).toContain("4302************18");
    expect(all).toContain("139****0211");
  });
});
