import { describe, expect, it } from "vitest";
import {
  documentTokens,
  fieldTokens,
  ftsMatchExpression,
  termQuery,
  tsQueryText,
  tsVectorText,
  type TermQuery,
} from "../../src/cases/search-index.js";

/**
 * What the search index answers, evaluated here the way FTS5 and PostgreSQL evaluate it: a
 * phrase is the query's tokens at consecutive positions of the document, a prefix query any
 * token starting with the query's token.
 */
function indexFinds(fields: string[], term: string): boolean {
  const doc = documentTokens(fields);
  const query = termQuery(term)!;
  if (query.prefix) return doc.some((t) => t.startsWith(query.tokens[0]!));
  return doc.some((_t, i) => query.tokens.every((q, j) => doc[i + j] === q));
}

/** What the list searched before the index: LIKE '%term%' on each field, ASCII case ignored. */
function likeFinds(fields: string[], term: string): boolean {
  const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return fields.some((f) => fold(f).includes(fold(term)));
}

const substrings = (s: string) => {
  const chars = Array.from(s);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++)
    for (let j = i + 1; j <= chars.length; j++) out.push(chars.slice(i, j).join(""));
  return out;
};

const CASE = [
  "渌口调〔2026〕123号",
  "张三",
  "李四",
  "欧阳小明",
  "两家因宅旁排水沟堵塞引发争执，申请人要求赔偿。",
];

describe("tokens of a field", () => {
  it("are the overlapping pairs of characters, then the last one alone", () => {
    expect(fieldTokens("张三")).toEqual(["张三", "三"]);
    expect(fieldTokens("欧阳小明")).toEqual(["欧阳", "阳小", "小明", "明"]);
    expect(fieldTokens("张")).toEqual(["张"]);
    expect(fieldTokens("")).toEqual([]);
  });

  it("spell ASCII letters in lower case and other characters as _hex_, so both engines keep them whole", () => {
    expect(fieldTokens("AB1")).toEqual(["ab", "b1", "1"]);
    expect(fieldTokens("〔2")).toEqual(["_3014_2", "2"]);
    expect(fieldTokens("a b")).toEqual(["a_20_", "_20_b", "b"]);
    // An underscore typed by a user is a character like any other, not the escape.
    expect(fieldTokens("_")).toEqual(["_5f_"]);
    // Outside the BMP: one character, not two halves.
    expect(fieldTokens("𠀀x")).toEqual(["_20000_x", "x"]);
    for (const t of documentTokens(CASE)) expect(t).toMatch(/^[a-z0-9_\u4e00-\u9fff]+$/);
  });

  it("keep a case's fields in order, each closed by its last character", () => {
    expect(documentTokens(["A1", null, "张三", "", "李"])).toEqual(["a1", "1", "张三", "三", "李"]);
  });
});

describe("a term against the index", () => {
  it("is a phrase of its pairs, or one character as a prefix", () => {
    expect(termQuery("张三丰")).toEqual({ tokens: ["张三", "三丰"], prefix: false });
    expect(termQuery("张")).toEqual({ tokens: ["张"], prefix: true });
    expect(termQuery("")).toBeNull();
  });

  it("finds a party by one, two or three characters of the name, anywhere in it", () => {
    for (const term of ["张", "三", "欧", "明", "张三", "阳小", "小明", "欧阳小", "阳小明", "欧阳小明"])
      expect(indexFinds(CASE, term), term).toBe(true);
    for (const term of ["王", "张四", "欧阳明", "小明明"]) expect(indexFinds(CASE, term), term).toBe(false);
  });

  it("does not find a term spanning two party names", () => {
    for (const term of ["三李", "张三李", "三李四", "四欧阳", "号张"]) {
      expect(likeFinds(CASE, term), term).toBe(false);
      expect(indexFinds(CASE, term), term).toBe(false);
    }
  });

  it("finds the digits and punctuation of a case number as LIKE did", () => {
    for (const term of ["2026", "123号", "〔2026〕", "6〕1", "调〔", "23", "3号", "〔"])
      expect(indexFinds(CASE, term), term).toBe(true);
    for (const term of ["2027", "1234", "(2026)", "〕〔", "126"])
      expect(indexFinds(CASE, term), term).toBe(false);
  });

  it("answers exactly as LIKE '%term%' did, for every substring and many non-substrings", () => {
    const fields = [...CASE, "Ab c_D  e", "哈哈哈", "x%_y", "_20_"];
    const terms = new Set<string>();
    for (const f of fields) for (const s of substrings(f)) terms.add(s);
    // Across two neighbouring fields (never a match), and every pair of characters seen.
    for (let i = 0; i + 1 < fields.length; i++)
      for (const s of substrings(`${fields[i]!.slice(-3)}${fields[i + 1]!.slice(0, 3)}`)) terms.add(s);
    const chars = [...new Set(Array.from(fields.join("")))];
    for (const a of chars) for (const b of chars) terms.add(a + b);
    for (const t of ["AB", "ab", "C_d", "哈哈哈哈", " ", "  ", "%", "_", "\\"]) terms.add(t);
    let found = 0;
    for (const term of terms) {
      const expected = likeFinds(fields, term);
      if (expected) found++;
      expect(indexFinds(fields, term), JSON.stringify(term)).toBe(expected);
    }
    expect(found).toBeGreaterThan(300);
    expect(terms.size - found).toBeGreaterThan(1000);
  });
});

describe("query text for the engines", () => {
  const query = (term: string) => termQuery(term)!;

  it("is an FTS5 phrase, or a phrase prefix", () => {
    expect(ftsMatchExpression(query("张三丰"))).toBe('"张三 三丰"');
    expect(ftsMatchExpression(query("张"))).toBe('"张"*');
    expect(ftsMatchExpression(query("2026"))).toBe('"20 02 26"');
  });

  it("is a tsquery of lexemes followed by each other, or a prefix", () => {
    expect(tsQueryText(query("张三丰"))).toBe("'张三' <-> '三丰'");
    expect(tsQueryText(query("张"))).toBe("'张':*");
  });

  it("is a tsvector with positions from 1", () => {
    expect(tsVectorText(documentTokens(["张三", "李"]))).toBe("'张三':1 '三':2 '李':3");
  });

  it("never carries the user's quotes or operators", () => {
    for (const term of [
      '"',
      "*",
      ":",
      "&",
      "|",
      "!",
      "(",
      "'",
      "\\",
      'a"b',
      "张' | '*",
      "NEAR(",
      "x OR y",
      "-",
      "^",
    ]) {
      const fts = ftsMatchExpression(query(term));
      expect(fts, term).toMatch(/^"[a-z0-9_\u4e00-\u9fff ]+"\*?$/);
      const ts = tsQueryText(query(term));
      expect(ts, term).toMatch(/^'[a-z0-9_\u4e00-\u9fff]+'(:\*|( <-> '[a-z0-9_\u4e00-\u9fff]+')*)$/);
    }
  });

  it("quotes a lexeme for the tsquery and tsvector syntax even if a token held a quote", () => {
    const odd: TermQuery = { tokens: ["it's", "a\\b"], prefix: false };
    expect(tsQueryText(odd)).toBe("'it''s' <-> 'a\\\\b'");
    expect(ftsMatchExpression({ tokens: ['say"'], prefix: true })).toBe('"say"""*');
  });
});
