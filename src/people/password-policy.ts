import { z } from "zod";

/**
 * The password policy for new passwords (issue 14 M4): at least 8 characters, and not one of the
 * passwords tried first by anyone guessing — the most common ones in Chinese and international
 * leaks, keyboard runs, repeated digits, dates and pinyin. Existing passwords are not re-checked:
 * they keep working until changed (the demo accounts' demo1234 among them).
 */
export const MIN_PASSWORD_LENGTH = 8;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "12345678",
  "123456789",
  "1234567890",
  "0123456789",
  "87654321",
  "98765432",
  "11111111",
  "00000000",
  "22222222",
  "33333333",
  "44444444",
  "55555555",
  "66666666",
  "77777777",
  "88888888",
  "99999999",
  "111111111",
  "000000000",
  "888888888",
  "666666666",
  "12341234",
  "11223344",
  "12121212",
  "12344321",
  "13141314",
  "13145200",
  "13145201",
  "5201314520",
  "52013140",
  "woaini1314",
  "woaini520",
  "woaini123",
  "aini1314",
  "1314520520",
  "147258369",
  "123123123",
  "123321123",
  "112233445566",
  "123456abc",
  "abc12345",
  "abcd1234",
  "1234abcd",
  "a1234567",
  "a12345678",
  "aa123456",
  "aa12345678",
  "qq123456",
  "qq5201314",
  "asd12345",
  "1qaz2wsx",
  "1q2w3e4r",
  "1q2w3e4r5t",
  "q1w2e3r4",
  "zxcvbnm123",
  "qwerty123",
  "qwertyui",
  "qwerty12",
  "asdfghjk",
  "asdf1234",
  "zxcv1234",
  "password",
  "password1",
  "password123",
  "passw0rd",
  "p@ssw0rd",
  "p@ssword",
  "admin123",
  "admin1234",
  "admin888",
  "administrator",
  "root1234",
  "iloveyou",
  "iloveyou1",
  "sunshine",
  "princess",
  "football",
  "baseball",
  "welcome1",
  "welcome123",
  "letmein1",
  "trustno1",
  "abcdefgh",
  "abcdefg1",
  "changeme",
  "changeme1",
  "test1234",
  "test12345",
  "user1234",
  "guest123",
  "19900101",
  "19880808",
  "20080808",
  "20202020",
  "20262026",
  "woaini11",
  "wangyang",
  "zhangwei",
  "wang1234",
  "li123456",
  "zhang123",
  "tiaojie123",
  "fengqiao",
  "fengqiao123",
  "12345qwert",
  "qwert12345",
]);

/** The first reason a new password is refused, or null. */
export function passwordProblem(password: string, username?: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 位`;
  const plain = password.normalize("NFKC").toLowerCase();
  if (COMMON_PASSWORDS.has(plain)) return "该密码过于常见，容易被猜中，请换一个";
  if (/^(.)\1+$/.test(plain)) return "密码不能由同一个字符重复组成";
  if (username && plain.includes(username.trim().toLowerCase()) && username.trim().length >= 3)
    return "密码不能包含用户名";
  return null;
}

/** A new password field, checked against the policy. */
export const newPassword = z
  .string({ error: "请填写密码" })
  .max(200, "密码不能超过 200 位")
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
