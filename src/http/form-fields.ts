/**
 * Multipart form fields named like `respondents[0][name]` made into the nested objects that
 * express.urlencoded({ extended: true }) makes of the same form (numeric keys as array indexes).
 * Other values (uploaded files) are kept as they are.
 */
export function nestFields(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])+)$/.exec(key);
    if (!m) {
      if (!isUnsafe(key)) out[key] = value;
      continue;
    }
    const path = [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((p) => p[1]!)];
    if (path.some((p) => p === "" || isUnsafe(p)) || path.length > 5) continue;
    let node: Record<string, unknown> = out;
    path.forEach((part, i) => {
      if (i === path.length - 1) {
        node[part] = value;
        return;
      }
      const nextIsIndex = /^\d{1,2}$/.test(path[i + 1]!);
      if (typeof node[part] !== "object" || node[part] === null) node[part] = nextIsIndex ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return out;
}

const isUnsafe = (key: string) => key === "__proto__" || key === "constructor" || key === "prototype";
