// Errors a service throws for the error handler to turn into a Chinese page or JSON with the right status.
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "您的账号没有权限进行此操作") {
    super(403, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = "要找的内容不存在或已被删除") {
    super(404, message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, message);
  }
}

/** Input that passed the schema but breaks a rule only the service knows (a taken username, say). */
export class InvalidInputError extends AppError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(422, message);
  }
}

/**
 * The form was sent before (its _formKey is claimed, src/db/form-submissions.ts): nothing is done again, and the
 * form's page answers as it does after success, with this message as the flash.
 */
export class RepeatedFormError extends AppError {
  constructor() {
    super(409, "该表单已提交过，未重复处理");
  }
}
