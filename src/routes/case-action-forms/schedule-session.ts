import type { FormPrep } from "./types.js";

/** A session is online (视频调解) unless the mediator picks a place. */
const scheduleSession: FormPrep = ({ base }) => ({ ...base, values: { placeKind: "online" } });
export default scheduleSession;
