import { ApiError, defineErrors, type ErrorStyle } from '../../platform/errors.js'

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
}

/** IAM answers in Keystone's envelope, whose `code` is the HTTP status: `{"error": {code, message, title}}`. */
export const iamStyle: ErrorStyle = {
  body: (error) => ({ error: { code: error.status, message: error.message, title: TITLES[error.status] ?? 'Error' } }),
  badRequest: () => IamError.InvalidBody(),
  projectMismatch: () => IamError.Forbidden("the project is not one of the caller's"),
  internal: () => new ApiError(500, 'IAM.0006', 'An unexpected error prevented the server from fulfilling your request.'),
  forbidden: (action) => new ApiError(403, 'IAM.0003', `Policy doesn't allow ${action} to be performed.`),
}

/** IAM's codes (IAM.xxxx) name each case for logs and tests; the body carries the status, as Keystone's does. */
export const IamError = defineErrors({
  InvalidBody: { status: 400, code: 'IAM.0011', message: () => 'The request body is invalid' },
  WrongPassword: { status: 401, code: 'IAM.0001', message: () => 'The username or password is wrong.' },
  UnsupportedMethod: { status: 400, code: 'IAM.0011', message: (method: string) => `Authentication method ${method} is not supported.` },
  InvalidScope: { status: 401, code: 'IAM.0001', message: (scope: string) => `The user cannot be scoped to ${scope}.` },
  InvalidSubjectToken: { status: 404, code: 'IAM.0009', message: () => 'X-Subject-Token is invalid in the request' },
  Forbidden: {
    status: 403,
    code: 'IAM.0003',
    message: (reason: string) => `You are not authorized to perform the requested action: ${reason}`,
  },
  ProjectNotFound: { status: 404, code: 'IAM.0004', message: (id: string) => `Could not find project: ${id}.` },
})
