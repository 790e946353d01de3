import { ApiError, defineErrors, type ErrorStyle } from '../../platform/errors.js'

/** FunctionGraph's envelope is `{error_code, error_msg}` only. */
export const fgsStyle: ErrorStyle = {
  body: (error) => ({ error_code: error.code, error_msg: error.message }),
  badRequest: (reason) => FgsError.InvalidParameter(reason),
  projectMismatch: () => FgsError.Forbidden("the project in the URL is not the caller's project"),
  internal: () => new ApiError(500, 'FSS.0500', 'Internal server error'),
}

/**
 * FunctionGraph's generic codes (API reference, "Error Codes"). Which ones the VPC-endpoint APIs emit is
 * not documented; linkplane answers a VPC or subnet that does not exist with FSS.0404, and a subnet
 * outside the VPC or without free addresses with FSS.0400 (the create API documents 400, 401, 403, 404, 500).
 */
export const FgsError = defineErrors({
  InvalidParameter: { status: 400, code: 'FSS.0400', message: (reason: string) => `Invalid parameter: ${reason}` },
  Forbidden: { status: 403, code: 'FSS.0403', message: (reason: string) => `Forbidden: ${reason}` },
  NotFound: { status: 404, code: 'FSS.0404', message: (what: string) => `Specified resource not found: ${what}` },
})
