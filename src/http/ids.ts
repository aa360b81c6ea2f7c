import { NotFoundError } from "../errors.js";

/**
 * A record id from a path (`/cases/:id`): digits only. `Number()` alone reads "1e1" as 10 and
 * "0x31" as 49, so another spelling would reach a record; anything but plain digits is not found.
 */
export function idParam(value: string | string[] | undefined): number {
  if (typeof value !== "string" || !/^[1-9]\d{0,14}$/.test(value)) throw new NotFoundError();
  return Number(value);
}
