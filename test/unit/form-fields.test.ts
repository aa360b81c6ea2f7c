import { describe, expect, it } from "vitest";
import { nestFields } from "../../src/http/form-fields.js";

describe("nestFields", () => {
  it("nests bracketed multipart names as express.urlencoded({ extended: true }) does", () => {
    const file = { filename: "a.jpg", data: Buffer.from("x") };
    expect(
      nestFields({
        summary: "经过",
        "respondents[0][name]": "李四",
        "respondents[0][phone]": "139",
        "respondents[1][name]": "王五",
        "applicant[name]": "张三",
        photo1: file,
      }),
    ).toEqual({
      summary: "经过",
      respondents: [{ name: "李四", phone: "139" }, { name: "王五" }],
      applicant: { name: "张三" },
      photo1: file,
    });
  });

  it("drops prototype keys and empty brackets", () => {
    const out = nestFields({ "__proto__[x]": "1", "a[__proto__][y]": "2", "b[]": "3", constructor: "4" });
    expect(out).toEqual({});
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
