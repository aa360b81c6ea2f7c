import { describe, expect, it } from "vitest";
import { applicationSchema } from "../../src/portal/application-schema.js";
import { placeGroups } from "../../src/portal/place-options.js";
import type { Region } from "../../src/places/regions.js";
import { toFieldErrors } from "../../src/validation.js";

const region = (code: string, name: string, level: Region["level"], parentCode: string | null): Region => ({
  code,
  name,
  level,
  parentCode,
  version: 1,
});

describe("placeGroups", () => {
  it("groups the places by township, down to the villager group", () => {
    const groups = placeGroups([
      region("430212000000", "渌口区", "county", null),
      region("430212101000", "南洲镇", "township", "430212000000"),
      region("430212101201", "北洲村", "village", "430212101000"),
      region("430212101201001", "北洲村第一村民小组", "group", "430212101201"),
      region("430212101202", "洲坪村", "village", "430212101000"),
    ]);
    expect(groups).toEqual([
      {
        label: "南洲镇",
        options: [
          { value: "430212101000", label: "南洲镇（不在村里，或不清楚哪个村）" },
          { value: "430212101201", label: "北洲村" },
          { value: "430212101201001", label: "\u3000北洲村第一村民小组" },
          { value: "430212101202", label: "洲坪村" },
        ],
      },
    ]);
  });
});

describe("applicationSchema", () => {
  const schema = applicationSchema("2026-12-01", "13912340001");
  const base = {
    typeCode: "neighbourhood",
    regionCode: "430212101201",
    summary: "排水沟堵了",
    applicant: { name: "张三", phone: "13800000000" },
    respondents: [{ name: "李四", phone: "+86 139-1234-0002" }],
  };

  it("makes the signed-in phone the applicant's, and reads amounts as typed on forms", () => {
    const out = schema.parse({ ...base, amountYuan: "2,000元" });
    expect(out.amountFen).toBe(200000);
    expect(out.parties.map((p) => [p.side, p.kind, p.name, p.phone])).toEqual([
      ["applicant", "person", "张三", "13912340001"],
      ["respondent", "person", "李四", "13912340002"],
    ]);
  });

  it("names the field of each refusal", () => {
    const fields = (input: object) => {
      const r = schema.safeParse({ ...base, ...input });
      return r.success ? [] : toFieldErrors(r.error).map((e) => `${e.field}:${e.message}`);
    };
    expect(fields({ respondents: [] })[0]).toMatch(/^respondents:.*对方当事人/);
    expect(fields({ respondents: [{ name: "李四", phone: "0731-22223333" }] })[0]).toMatch(
      /^respondents\.0\.phone:.*手机号/,
    );
    expect(fields({ amountYuan: "两千" })[0]).toMatch(/^amountYuan:涉及金额/);
  });
});
