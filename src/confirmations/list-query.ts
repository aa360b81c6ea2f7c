import { z } from "zod";

/** The court's queue filter in the API (`GET /api/v1/confirmations?status=`). */
export const listQuery = z.object({
  status: z.enum(["pending", "filed", "decided"], { error: "status 无效" }).optional(),
});
