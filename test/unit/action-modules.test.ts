import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ACTION_MODULES } from "../../src/cases/actions/index.js";
import { ACTIONS } from "../../src/cases/lifecycle.js";

/** An action lives in files of its own name (src/cases/README.md, "How to add an action"). */
const names = (dir: string, ext: string, except: string[] = []) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .map((f) => f.slice(0, -ext.length))
    .filter((n) => !except.includes(n))
    .sort();

describe("one action, one file", () => {
  const actions = [...ACTIONS].sort();

  it("maps every action to its module, and nothing else", () => {
    expect(Object.keys(ACTION_MODULES).sort()).toEqual(actions);
  });

  it("has src/cases/actions/<action>.ts for each action", () => {
    expect(names("src/cases/actions", ".ts", ["index", "types"])).toEqual(actions);
  });

  it("has views/partials/actions/<action>.hbs for each action", () => {
    expect(names("views/partials/actions", ".hbs")).toEqual(actions);
  });

  it("names every form module after an action", () => {
    for (const n of names("src/routes/case-action-forms", ".ts", ["types"])) expect(actions).toContain(n);
  });
});
