/** Errors a service raises; the HTTP layer maps each to a status (HTML page or problem+json). */
export interface FieldError {
  field: string;
  message: string;
}

export class ValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join("；"));
  }
}

/** The record changed meanwhile (stale version) or the action is not allowed in its state. */
export class ConflictError extends Error {}

/** Not found, or not visible to the caller: both answer 404. */
export class NotFoundError extends Error {
  constructor(message = "找不到该记录，或您无权查看") {
    super(message);
  }
}

/** A legal rule refuses the request (e.g. confirmation applied for after the 30-day window): 422. */
export class LegalRuleError extends Error {
  constructor(
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
  }
}

/** A whole page or action the caller's role may not use. */
export class ForbiddenError extends Error {
  constructor(message = "您的角色无权使用此功能") {
    super(message);
  }
}

export const STALE_MESSAGE = "保存失败：该记录已被他人修改。请查看最新内容后再提交，您填写的内容已保留。";
