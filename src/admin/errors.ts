import { defineErrors, gatewayBody, type ErrorStyle } from '../platform/errors.js'

/** The admin API's own errors, in the gateway's envelope with `LINKPLANE.` codes. */
export const adminStyle: ErrorStyle = {
  body: gatewayBody,
  badRequest: (reason) => AdminError.BadRequest(reason),
  projectMismatch: () => AdminError.BadRequest('the admin API is not project-scoped'),
  internal: () => AdminError.Internal(),
}

export const AdminError = defineErrors({
  BadRequest: { status: 400, code: 'LINKPLANE.0400', message: (reason: string) => `Invalid request: ${reason}` },
  NotFound: { status: 404, code: 'LINKPLANE.0404', message: (what: string) => `Not found: ${what}` },
  Conflict: { status: 409, code: 'LINKPLANE.0409', message: (reason: string) => `Conflict: ${reason}` },
  Internal: { status: 500, code: 'LINKPLANE.0500', message: () => 'Internal error' },
})
