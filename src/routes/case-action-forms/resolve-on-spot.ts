import close from "./close.js";

/** As at closure: the prevented escalations the case's 防激化措施 propose, pre-checked. */
export default close;
