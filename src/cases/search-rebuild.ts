import { performance } from "node:perf_hooks";
import type { RebuiltTable } from "../db/copy/index.js";
import { buildCaseSearch, pgInsertSql, pgInsertValues } from "./search-index.js";

/**
 * How `npm run db:copy` fills case_search on PostgreSQL: the index differs by dialect (FTS5 on
 * SQLite, tsvector on PostgreSQL), so it is built again from the copied snapshot's cases and
 * parties by the same code that keeps the live index, rather than copied.
 */
export const caseSearchRebuild: RebuiltTable = {
  label: "检索索引，由案件与当事人重建",
  async build(source, insert, log) {
    const t0 = performance.now();
    log("重建检索索引（case_search）…");
    const n = await buildCaseSearch(source, (docs) => insert(pgInsertSql("$1", "$2"), pgInsertValues(docs)), {
      log,
    });
    log(
      `  case_search：${n.toLocaleString("en-US")} 件案件，${((performance.now() - t0) / 1000).toFixed(1)} 秒`,
    );
    return n;
  },
};

/** Every table db:copy builds again instead of copying, by name. */
export const REBUILT_TABLES: Readonly<Record<string, RebuiltTable>> = { case_search: caseSearchRebuild };
