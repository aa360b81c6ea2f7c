import type { Response } from "express";
import { ConflictError, ValidationError } from "../errors.js";

/**
 * Runs a form's service call. On bad input it re-renders the form with 400 and the field errors;
 * on a stale version with 409 and the conflict message; in both cases with what the user typed.
 */
export async function submitForm(
  res: Response,
  view: string,
  viewData: () => Promise<Record<string, unknown>>,
  values: unknown,
  action: () => Promise<string>,
): Promise<void> {
  try {
    res.redirect(303, await action());
  } catch (err) {
    if (err instanceof ValidationError) {
      res.status(400).render(view, { ...(await viewData()), values, errors: err.errors });
    } else if (err instanceof ConflictError) {
      res.status(409).render(view, { ...(await viewData()), values, conflict: err.message });
    } else {
      throw err;
    }
  }
}
