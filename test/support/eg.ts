/** Shortcuts for EventGrid tests: a network to connect to, the agency connections need, error checks. */
import assert from 'node:assert/strict'
import type { TestApp } from './app.js'
import { readySubnet, readyVpc } from './vpc.js'

export interface Network {
  vpc: any
  subnet: any
}

/** A ready VPC with one ready subnet, `10.<n>.0.0/16` and `10.<n>.1.0/24`. */
export async function readyNetwork(lp: TestApp, n: number, subnetCidr = `10.${n}.1.0/24`): Promise<Network> {
  const vpc = await readyVpc(lp, { name: `eg-${n}`, cidr: `10.${n}.0.0/16` })
  const gateway = subnetCidr.replace(/\.\d+\/\d+$/, (m) => `.${Number(m.slice(1, m.indexOf('/'))) + 1}`)
  const subnet = await readySubnet(lp, { name: `eg-${n}`, cidr: subnetCidr, gateway_ip: gateway, vpc_id: vpc.id })
  return { vpc, subnet }
}

/** Authorises the TARGET_CONNECTION service agency, as the console does before the first connection. */
export async function authoriseConnections(lp: TestApp): Promise<void> {
  const response = await lp.call('POST', `/v1/${lp.projectId}/service-agencies`, { body: { type: 'TARGET_CONNECTION' } })
  assert.equal(response.status, 200, JSON.stringify(response.body))
}

/** An error in EventGrid's envelope, with the request id of the response's header. */
export function assertEgError(response: { status: number; body: any; headers: any }, status: number, code: string) {
  assert.equal(response.status, status, JSON.stringify(response.body))
  assert.deepEqual(Object.keys(response.body).sort(), ['error_code', 'error_details', 'error_msg', 'request_id'])
  assert.equal(response.body.error_code, code, JSON.stringify(response.body))
  assert.ok(response.body.error_msg.length > 0)
  assert.ok(response.body.error_details.length > 0)
  assert.equal(response.body.request_id, response.headers['x-request-id'])
}

/** EventGrid's time format: `2021-12-09 09:00:00`. */
export const EG_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
