import type { FormPrep } from "./types.js";

/** The advice the law requires (RL26), worded for the parties; the mediator may rewrite it. */
const terminate: FormPrep = ({ base }) => ({
  ...base,
  values: { advice: "当事人可以依法通过仲裁、行政、司法等途径维护自己的权利（人民调解法第二十六条）。" },
});
export default terminate;
