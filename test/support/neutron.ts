/** Checks for errors of the Neutron-style APIs (`/v2.0/vpc/...`: peerings, routes). */
import assert from 'node:assert/strict'
import type { Response } from './app.js'

/** `{"NeutronError": {type, message, detail}}` beside `error_code`/`error_msg`/`request_id`, as the SDKs read them. */
export function assertNeutronError(response: Response, status: number, code: string, type: string) {
  assert.equal(response.status, status, JSON.stringify(response.body))
  assert.equal(response.body.error_code, code, JSON.stringify(response.body))
  assert.equal(response.body.NeutronError.type, type)
  assert.equal(response.body.NeutronError.message, response.body.error_msg)
  assert.equal(typeof response.body.NeutronError.detail, 'string')
  assert.equal(response.body.request_id, response.headers['x-request-id'])
}
