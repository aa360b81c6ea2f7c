import { describe, expect, it } from "vitest";
import { optionalText, requiredText } from "../../src/validation.js";

/** Issue 16.2: text typed on Windows or pasted from a clipboard arrives with CR+LF; it is stored with LF. */
describe("line ends of typed text", () => {
  it("stores CR+LF and lone CR as LF in required and optional text", () => {
    expect(requiredText("协议内容", 100).parse("一、赔偿\r\n二、道歉\r三、完毕")).toBe(
      "一、赔偿\n二、道歉\n三、完毕",
    );
    expect(optionalText("争议事项", 100).parse("甲\r\n乙")).toBe("甲\n乙");
    expect(optionalText("争议事项", 100).parse("")).toBeNull();
  });

  it("keeps other control characters refused", () => {
    const result = requiredText("协议内容", 100).safeParse("甲\u0007乙");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("协议内容不能包含控制字符");
  });
});
