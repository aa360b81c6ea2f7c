import type { FormPrep } from "./types.js";

/** The obligations still open, the first one chosen. */
const recordPerformance: FormPrep = ({ kase, base }) => {
  const open = (kase.agreement?.obligations ?? []).filter((o) => !o.performedOn);
  return {
    ...base,
    obligationOptions: open.map((o) => ({
      value: o.index,
      label: `${o.obligor}：${o.content}（期限 ${o.dueOn}）`,
    })),
    values: { obligationIndex: open[0]?.index ?? "", performedOn: base.today },
  };
};
export default recordPerformance;
