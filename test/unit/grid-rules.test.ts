/** The grid loop's pure rules: 大事不出镇, the report's validation, the API body's photos. */
import { describe, expect, it } from "vitest";
import { isTownshipMatter } from "../../src/grid/dispatch.js";
import { reportSchema } from "../../src/grid/schema.js";
import { reportInput } from "../../src/grid/report-input.js";

describe("大事不出镇", () => {
  it("keeps serious and major risks, and five people or more, with the township", () => {
    expect(isTownshipMatter({ riskLevel: "ordinary", people: 2 })).toBe(false);
    expect(isTownshipMatter({ riskLevel: "ordinary", people: null })).toBe(false);
    expect(isTownshipMatter({ riskLevel: "ordinary", people: 4 })).toBe(false);
    expect(isTownshipMatter({ riskLevel: "ordinary", people: 5 })).toBe(true);
    expect(isTownshipMatter({ riskLevel: "serious", people: 2 })).toBe(true);
    expect(isTownshipMatter({ riskLevel: "major", people: null })).toBe(true);
  });
});

describe("a report's input", () => {
  const schema = reportSchema("2026-12-01");

  it("reads a web form's strings as the API's values, blank party rows dropped", () => {
    const parsed = schema.parse({
      category: "dispute",
      regionCode: "430212101201001",
      summary: " 砌墙争执 ",
      people: "3",
      threats: "on",
      riskLevel: "",
      parties: {
        0: { side: "applicant", name: "刘大福", phone: "138 1234 0001" },
        1: { side: "", name: "" },
      },
    });
    expect(parsed).toMatchObject({ summary: "砌墙争执", people: 3, threats: true, riskLevel: "ordinary" });
    expect(parsed.parties).toEqual([{ side: "applicant", name: "刘大福", phone: "138 1234 0001" }]);
  });

  it("refuses a date after today and a place that is not a village or group code", () => {
    const res = schema.safeParse({
      category: "hazard",
      regionCode: "430212",
      summary: "x",
      occurredOn: "2026-12-02",
    });
    expect(res.success).toBe(false);
    const fields = res.error!.issues.map((i) => i.path.join("."));
    expect(fields).toEqual(expect.arrayContaining(["regionCode", "occurredOn"]));
  });

  it("takes photos from multipart file fields and parties from a JSON text field", () => {
    const data = Buffer.from([0xff, 0xd8, 0xff]);
    const { input, photos } = reportInput({
      category: "dispute",
      parties: '[{"side":"applicant","name":"甲"}]',
      photo: { filename: "a.jpg", data },
      photo2: { filename: "b.jpg", data },
      other: { filename: "c.jpg", data },
    });
    expect(photos.map((p) => p.filename)).toEqual(["a.jpg", "b.jpg"]);
    expect(input).toEqual({ category: "dispute", parties: [{ side: "applicant", name: "甲" }] });
    expect(() => reportInput({ parties: "[oops" })).toThrow();
  });
});
