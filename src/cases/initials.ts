import { pinyin } from "pinyin-pro";

/**
 * Pinyin initials of a name, for search: 刘顺 → "ls". The first character is read as a surname
 * (曾 → z, 单 → s, 区 → o), as people say it. Letters and digits pass through.
 */
export function nameInitials(name: string): string {
  return pinyin(name, {
    pattern: "first",
    toneType: "none",
    type: "array",
    nonZh: "consecutive",
    surname: "head",
  })
    .join("")
    .replace(/[^a-zA-Z0-9]/g, "")
    .toLowerCase();
}
