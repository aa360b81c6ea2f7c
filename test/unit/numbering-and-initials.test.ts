import { describe, expect, it } from "vitest";
import { nameInitials } from "../../src/cases/initials.js";
import { formatCaseNumber } from "../../src/cases/numbering.js";

describe("formatCaseNumber", () => {
  it("writes the committee's number with full-width parentheses", () => {
    expect(formatCaseNumber(2026, "北洲", 12)).toBe("（2026）北洲调字第12号");
  });

  it("does not pad the sequence and keeps large numbers whole", () => {
    expect(formatCaseNumber(2026, "北洲", 1)).toBe("（2026）北洲调字第1号");
    expect(formatCaseNumber(2027, "周坪", 1234)).toBe("（2027）周坪调字第1234号");
  });
});

describe("nameInitials", () => {
  it.each([
    ["刘顺", "ls"],
    ["王德明", "wdm"],
    ["李㛃", "lj"],
  ])("%s → %s", (name, expected) => {
    expect(nameInitials(name)).toBe(expected);
  });

  it.each(["单雄信", "单", "㛃", "欧阳娜娜", "曾国藩", "乐嘉"])(
    "gives lowercase ASCII letters for %s (polyphonic or rare characters)",
    (name) => {
      expect(nameInitials(name)).toMatch(/^[a-z]+$/);
    },
  );

  it("gives one letter per character for a common name", () => {
    expect(nameInitials("欧阳娜娜")).toHaveLength(4);
    expect(nameInitials("单雄信")).toHaveLength(3);
  });

  // A clerk types the initials people actually say: 曾 as a surname is zeng, 单 shan, 区 ou.
  it("reads a polyphonic surname with its surname reading", () => {
    expect(nameInitials("曾国藩")).toBe("zgf");
    expect(nameInitials("单雄信")).toBe("sxx");
    expect(nameInitials("区志强")).toBe("ozq");
  });

  it("passes Latin letters through lowercased", () => {
    expect(nameInitials("Zhang San")).toBe("zhangsan");
    expect(nameInitials("ABC")).toBe("abc");
    expect(nameInitials("张Tom")).toBe("ztom");
  });

  it("drops spaces and punctuation", () => {
    expect(nameInitials("王 五")).toBe("ww");
    expect(nameInitials("阿卜杜·热合曼")).toBe("abdrhm");
  });

  it("keeps digits", () => {
    expect(nameInitials("张三2")).toBe("zs2");
  });

  it("is empty for an empty name", () => {
    expect(nameInitials("")).toBe("");
  });
});
