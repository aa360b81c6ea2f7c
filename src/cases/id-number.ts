import { DateTime } from "luxon";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

export type IdCheck =
  { ok: true; birthDate: string; gender: "male" | "female" } | { ok: false; reason: string };

/**
 * A mainland resident identity number (GB 11643): 18 characters, a real birth date that is not in
 * the future, and the ISO 7064 MOD 11-2 check character.
 */
export function checkResidentId(raw: string, today: string): IdCheck {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: "应为 18 位（最后一位可为 X）" };
  // The first two digits name a province (11 北京 … 65 新疆, 71 台湾, 81 香港, 82 澳门).
  const province = Number(id.slice(0, 2));
  if (province < 11 || province > 82 || id.slice(2, 6) === "0000") {
    return { ok: false, reason: "其中的地区代码无效" };
  }
  const birth = DateTime.fromFormat(id.slice(6, 14), "yyyyLLdd");
  if (!birth.isValid || birth.year < 1890 || birth.toISODate()! > today) {
    return { ok: false, reason: "其中的出生日期无效" };
  }
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0);
  if (CHECK[sum % 11] !== id[17]) return { ok: false, reason: "校验位不正确，请核对" };
  return { ok: true, birthDate: birth.toISODate()!, gender: Number(id[16]) % 2 === 1 ? "male" : "female" };
}

/** The unified social credit code of an organisation (GB 32100): 18 characters with a check character. */
export function checkUnifiedCode(raw: string): boolean {
  const code = raw.trim().toUpperCase();
  const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = weights.reduce((s, w, i) => s + w * chars.indexOf(code[i]!), 0);
  return chars[(31 - (sum % 31)) % 31] === code[17];
}
