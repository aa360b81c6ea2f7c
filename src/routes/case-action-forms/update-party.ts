import type { FormPrep } from "./types.js";

/** The party named in the query (?party=), else the first, with its current particulars. */
const updateParty: FormPrep = ({ kase, query, base }) => {
  const party = kase.parties.find((p) => p.id === Number(query.party)) ?? kase.parties[0]!;
  return { ...base, title: `更正当事人信息：${party.name}`, values: { partyId: party.id, party } };
};
export default updateParty;
