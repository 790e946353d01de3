import { ApiError, defineErrors, type ErrorStyle } from '../../platform/errors.js'

/**
 * EventGrid's envelope: `{error_code, error_msg, error_details, request_id}`. Huawei documents every field
 * as at least one character long; linkplane repeats the message as the details.
 */
export const egStyle: ErrorStyle = {
  body: (error, requestId) => ({ error_code: error.code, error_msg: error.message, error_details: error.message, request_id: requestId }),
  badRequest: (reason) => EgError.BadRequest(reason),
  projectMismatch: () => EgError.Forbidden("the project in the URL is not the caller's project"),
  forbidden: (action) => EgError.Forbidden(`Policy doesn't allow ${action} to be performed.`),
  internal: () => new ApiError(500, 'EG.00015000', 'Internal Server Error'),
}

/**
 * Codes as Huawei documents them (EventGrid API reference: the per-status examples and "Error Codes").
 * Malformed requests (not JSON, wrong types, missing or over-long fields) get the generic EG.00014000;
 * well-formed requests with values the service refuses get EG.00513000. Authentication failures are the
 * API gateway's (APIGW.0301), as Huawei's docs say of every `APIGW.` code.
 */
export const EgError = defineErrors({
  BadRequest: { status: 400, code: 'EG.00014000', message: (reason: string) => `Bad request: ${reason}` },
  Forbidden: { status: 403, code: 'EG.00014030', message: (reason: string) => `No permissions to request this method: ${reason}` },
  NotFound: { status: 404, code: 'EG.00014040', message: (what: string) => `Not request resource found: ${what}` },
  InvalidParameters: { status: 400, code: 'EG.00513000', message: (reason: string) => `Invalid parameters: ${reason}` },
  NameDuplicated: { status: 400, code: 'EG.00513001', message: (name: string) => `The name ${name} is already used` },
  AgencyMissing: {
    status: 403,
    code: 'EG.00512003',
    message: (agency: string) => `The agency ${agency} does not exist: authorise it with CreateAgencies (type TARGET_CONNECTION)`,
  },
  QuotaExceeded: { status: 403, code: 'EG.00514003', message: (type: string, quota: number) => `The ${type} quota of ${quota} is used up` },
  NotModifiable: { status: 403, code: 'EG.00514004', message: (reason: string) => `The resource cannot be modified: ${reason}` },
})
