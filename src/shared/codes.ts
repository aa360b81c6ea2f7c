/**
 * The codes of a closed set, read off its table of Chinese labels in the table's order: each code
 * is written once, with its label, so the list a schema's enum or a form's options use cannot
 * drift from the words pages print for it.
 */
export function codesOf<C extends string>(labels: Record<C, string>): readonly [C, ...C[]] {
  return Object.keys(labels) as [C, ...C[]];
}
