/** Shortcuts for ESW tests: a network to put instances in, ready instances and connections, error checks. */
import assert from 'node:assert/strict'
import { eventually, type CallOptions, type Signer, type TestApp } from './app.js'

export const esw = (projectId: string) => `/v3/${projectId}/l2cg`

/** A VPC `<prefix>.0.0/16` with a tunnel subnet (`<prefix>.<tunnel>.0/24`) and layer-2 subnets (`<prefix>.<n>.0/24`). */
export interface Network {
  vpc: any
  tunnel: any
  l2: any[]
}

export interface NetworkLayout {
  prefix?: string
  tunnel?: number
  l2?: number[]
  as?: Signer
}

export async function network(lp: TestApp, { prefix = '192.168', tunnel = 0, l2 = [1, 2, 3], as }: NetworkLayout = {}): Promise<Network> {
  const v1 = `/v1/${projectOf(lp, as)}`
  const ready = async (kind: 'vpc' | 'subnet', body: Record<string, unknown>, done: string) => {
    const created = await lp.call('POST', `${v1}/${kind}s`, { body: { [kind]: body }, ...signed(as) })
    assert.equal(created.status, 200, JSON.stringify(created.body))
    if (lp.linkplane.context.config.lifecycle.mode === 'manual') await lp.advance()
    const read = () => lp.call('GET', `${v1}/${kind}s/${created.body[kind].id}`, signed(as))
    return (await eventually(read, (r) => r.body[kind].status === done)).body[kind]
  }
  const vpc = await ready('vpc', { name: `esw-${prefix}`, cidr: `${prefix}.0.0/16` }, 'OK')
  const subnet = (name: string, third: number) =>
    ready('subnet', { name, cidr: `${prefix}.${third}.0/24`, gateway_ip: `${prefix}.${third}.1`, vpc_id: vpc.id }, 'ACTIVE')
  const tunnelSubnet = await subnet('tunnel', tunnel)
  const l2Subnets = []
  for (const third of l2) l2Subnets.push(await subnet(`l2-${third}`, third))
  return { vpc, tunnel: tunnelSubnet, l2: l2Subnets }
}

/**
 * Whether `actual` has the shape of Huawei's `example`: the same keys at every level and values of the same
 * JSON types (array items compared with the example's first item). Returns the differences.
 */
export function shapeDifferences(actual: unknown, example: unknown, path = ''): string[] {
  const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)
  if (kind(actual) !== kind(example)) return [`${path || '/'}: ${kind(actual)} where the example has ${kind(example)}`]
  if (Array.isArray(example) && Array.isArray(actual)) {
    if (example.length === 0 || actual.length === 0) return example.length === actual.length ? [] : [`${path}: one of the arrays is empty`]
    return actual.flatMap((item, i) => shapeDifferences(item, example[0], `${path}/${i}`))
  }
  if (kind(example) !== 'object') return []
  const a = actual as Record<string, unknown>
  const e = example as Record<string, unknown>
  const missing = Object.keys(e)
    .filter((k) => !(k in a))
    .map((k) => `${path}/${k}: missing`)
  const extra = Object.keys(a)
    .filter((k) => !(k in e))
    .map((k) => `${path}/${k}: not in the example`)
  return [
    ...missing,
    ...extra,
    ...Object.keys(e)
      .filter((k) => k in a)
      .flatMap((k) => shapeDifferences(a[k], e[k], `${path}/${k}`)),
  ]
}

export function instanceBody(net: Network, overrides: Record<string, unknown> = {}, tunnel: Record<string, unknown> = {}) {
  return {
    instance: {
      name: 'esw-test',
      description: 'test description',
      flavor_ref: 'l2cg.large.ha',
      ha_mode: 'ha',
      availability_zones: { primary: 'cn-north-4a', standby: 'cn-north-4b' },
      tunnel_info: { vpc_id: net.vpc.id, virsubnet_id: net.tunnel.id, ...tunnel },
      charge_infos: { charge_mode: 'postPaid' },
      ...overrides,
    },
  }
}

export function connectionBody(net: Network, subnet: number, remote: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return {
    connection: {
      name: `l2conn-${subnet}`,
      vpc_id: net.vpc.id,
      virsubnet_id: net.l2[subnet].id,
      remote_infos: [{ segmentation_id: 7127, tunnel_ip: '192.168.111.111', tunnel_port: 4789, ...remote }],
      ...overrides,
    },
  }
}

const signed = (as: Signer | undefined): CallOptions => (as ? { as } : {})
const projectOf = (lp: TestApp, as: Signer | undefined) => as?.projectId ?? lp.projectId

/** Creates an instance and waits for `active` (advancing the lifecycle in manual mode). */
export async function readyInstance(lp: TestApp, body: unknown, as?: Signer): Promise<any> {
  const base = esw(projectOf(lp, as))
  const created = await lp.call('POST', `${base}/instances`, { body, ...signed(as) })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  if (lp.linkplane.context.config.lifecycle.mode === 'manual') await lp.advance()
  const ready = await eventually(
    () => lp.call('GET', `${base}/instances/${created.body.instance.id}`, signed(as)),
    (r) => r.body.instance.status === 'active',
  )
  return ready.body.instance
}

/** Creates a connection and waits until it leaves `pending`. */
export async function settledConnection(lp: TestApp, instanceId: string, body: unknown, as?: Signer): Promise<any> {
  const base = `${esw(projectOf(lp, as))}/instances/${instanceId}/connections`
  const created = await lp.call('POST', base, { body, ...signed(as) })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  if (lp.linkplane.context.config.lifecycle.mode === 'manual') await lp.advance()
  const settled = await eventually(
    () => lp.call('GET', `${base}/${created.body.connection.id}`, signed(as)),
    (r) => r.body.connection.status !== 'pending',
  )
  return settled.body.connection
}

export function assertEswError(response: { status: number; body: any; headers: any }, status: number, code: string) {
  assert.equal(response.status, status, JSON.stringify(response.body))
  assert.equal(response.body.error_code, code, JSON.stringify(response.body))
  assert.equal(typeof response.body.error_msg, 'string')
  assert.equal(response.body.request_id, response.headers['x-request-id'])
  assert.deepEqual(Object.keys(response.body).sort(), ['error_code', 'error_msg', 'request_id'])
}
