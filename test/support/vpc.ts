/** Shortcuts for tests that need a ready VPC and subnet (through the API, as a user would make them). */
import assert from 'node:assert/strict'
import { eventually, type TestApp } from './app.js'

export async function readyVpc(lp: TestApp, vpc: Record<string, unknown>): Promise<any> {
  const created = await lp.call('POST', `/v1/${lp.projectId}/vpcs`, { body: { vpc } })
  assert.equal(created.status, 200, JSON.stringify(created.body))
  if (lp.linkplane.context.config.lifecycle.mode === 'manual') await lp.advance()
  const ready = await eventually(
    () => lp.call('GET', `/v1/${lp.projectId}/vpcs/${created.body.vpc.id}`),
    (r) => r.body.vpc.status === 'OK',
  )
  return ready.body.vpc
}

export async function readySubnet(lp: TestApp, subnet: Record<string, unknown>): Promise<any> {
  const created = await lp.call('POST', `/v1/${lp.projectId}/subnets`, { body: { subnet } })
  assert.equal(created.status, 200, JSON.stringify(created.body))
  if (lp.linkplane.context.config.lifecycle.mode === 'manual') await lp.advance()
  const ready = await eventually(
    () => lp.call('GET', `/v1/${lp.projectId}/subnets/${created.body.subnet.id}`),
    (r) => r.body.subnet.status === 'ACTIVE',
  )
  return ready.body.subnet
}

export function assertVpcError(response: { status: number; body: any; headers: any }, status: number, code: string) {
  assert.equal(response.status, status, JSON.stringify(response.body))
  assert.equal(response.body.code, code, JSON.stringify(response.body))
  assert.equal(response.body.error_code, code)
  assert.equal(typeof response.body.message, 'string')
  assert.equal(response.body.error_msg, response.body.message)
  assert.equal(response.body.request_id, response.headers['x-request-id'])
}
