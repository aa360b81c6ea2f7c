import type { FormPrep } from "./types.js";

/**
 * The party posted (a form sent back with an error), else the one named in the query (?party=),
 * else the first, with its current particulars.
 */
const updateParty: FormPrep = ({ kase, query, posted, base }) => {
  const wanted = Number(posted?.partyId ?? query.party);
  const party = kase.parties.find((p) => p.id === wanted) ?? kase.parties[0]!;
  return { ...base, title: `更正当事人信息：${party.name}`, values: { partyId: party.id, party } };
};
export default updateParty;
