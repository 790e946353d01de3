/**
 * The ESW resources' calls as terraform-provider-huaweicloud makes them (commit a0345b8dcc81,
 * huaweicloud/services/esw/resource_huaweicloud_esw_instance.go and resource_huaweicloud_esw_connection.go),
 * shared by the ESW replay suites: the create bodies (after `utils.RemoveNil`, which strips nil values of
 * maps but not inside lists of `interface{}`: a connection's `remote_infos[].tunnel_port` stays `null` when
 * unset), the status refresh functions, the waits, and the state each Read writes.
 */
import assert from 'node:assert/strict'
import {
  at,
  attributesAt,
  expectNotFound,
  UnexpectedResponseCode,
  waitForState,
  type ProviderClient,
  type Refresh,
} from '../support/terraform.js'

export const l2cg = (projectId: string) => `v3/${projectId}/l2cg`

/**
 * The provider's two refresh functions (`instanceStatusRefreshFunc`, `connectionStatusRefreshFunc`), alike:
 * a 404 is Deleted; an empty status or `failed`/`abnormal` fails the wait; `ready` statuses give `readyState`;
 * anything else is Pending.
 */
function statusRefresh(provider: ProviderClient, path: string, key: string, ready: string[], readyState: string): Refresh {
  return async () => {
    const response = await provider.request('GET', path).catch((error: unknown) => {
      if (error instanceof UnexpectedResponseCode && error.status === 404) return null
      throw error
    })
    if (!response) return { body: '', state: 'Deleted' }
    const status: string = response.body[key]?.status ?? ''
    assert.notEqual(status, '', 'status is not found')
    assert.ok(!['failed', 'abnormal'].includes(status), `the ${key} status is: ${status}`)
    return { body: response.body, state: ready.includes(status) ? readyState : 'Pending' }
  }
}

/** `instanceStatusRefreshFunc`: `active` is Active. */
export const instanceRefresh = (provider: ProviderClient, projectId: string, id: string): Refresh =>
  statusRefresh(provider, `${l2cg(projectId)}/instances/${id}`, 'instance', ['active'], 'Active')

/** `connectionStatusRefreshFunc`: `connected` and `disconnect` are Ready. */
export const connectionRefresh = (provider: ProviderClient, projectId: string, instanceId: string, id: string): Refresh =>
  statusRefresh(
    provider,
    `${l2cg(projectId)}/instances/${instanceId}/connections/${id}`,
    'connection',
    ['connected', 'disconnect'],
    'Ready',
  )

/** `int(utils.PathSearch("tunnel_port", curJson, float64(0)).(float64))`: anything but a number would panic. */
function goInt(value: unknown): number {
  if (value === null || value === undefined) return 0
  assert.equal(typeof value, 'number', `interface conversion: interface {} is ${typeof value}, not float64`)
  return Math.trunc(value as number)
}

/** The state `resourceInstanceRead` writes. */
export function instanceState(body: any) {
  const i = body.instance
  return {
    ...attributesAt(i, ['name', 'flavor_ref', 'ha_mode']),
    availability_zones: [{ primary: at(i.availability_zones, 'primary'), standby: at(i.availability_zones, 'standby') }],
    tunnel_info: [
      {
        vpc_id: at(i.tunnel_info, 'vpc_id'),
        virsubnet_id: at(i.tunnel_info, 'virsubnet_id'),
        tunnel_ip: at(i.tunnel_info, 'tunnel_ip'),
        tunnel_port: goInt(i.tunnel_info?.tunnel_port),
        tunnel_type: at(i.tunnel_info, 'tunnel_type'),
      },
    ],
    charge_infos: [{ charge_mode: at(i.charge_infos, 'charge_mode') }],
    ...attributesAt(i, ['description', 'status', 'created_at', 'updated_at']),
  }
}

/** The state `resourceConnectionRead` writes; the sets (`fixed_ips`, `remote_infos`) sorted, as Terraform compares them. */
export function connectionState(body: any) {
  const c = body.connection
  return {
    ...attributesAt(c, ['instance_id', 'name', 'vpc_id', 'virsubnet_id']),
    remote_infos: (c.remote_infos as any[])
      .map((r) => attributesAt(r, ['segmentation_id', 'tunnel_ip', 'tunnel_port', 'tunnel_type']))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    fixed_ips: [...(at(c, 'fixed_ips') ?? [])].sort(),
    ...attributesAt(c, ['status', 'created_at', 'updated_at']),
  }
}

/** An instance's configuration, with the names of the provider's schema. */
export interface InstanceConfig {
  name: string
  flavor_ref: string
  ha_mode: string
  availability_zones: Array<{ primary: string; standby: string }>
  tunnel_info: Array<{ vpc_id: string; virsubnet_id: string; tunnel_ip?: string }>
  charge_infos: Array<{ charge_mode: string }>
  description?: string
}

/** `buildCreateInstanceBodyParams` after RemoveNil: an empty description or tunnel_ip is left out. */
export function instanceCreateBody(config: InstanceConfig) {
  const tunnel = config.tunnel_info[0]
  return {
    instance: {
      name: config.name,
      flavor_ref: config.flavor_ref,
      ha_mode: config.ha_mode,
      availability_zones: { primary: config.availability_zones[0].primary, standby: config.availability_zones[0].standby },
      tunnel_info: {
        vpc_id: tunnel.vpc_id,
        virsubnet_id: tunnel.virsubnet_id,
        ...(tunnel.tunnel_ip ? { tunnel_ip: tunnel.tunnel_ip } : {}),
      },
      charge_infos: { charge_mode: config.charge_infos[0].charge_mode },
      ...(config.description ? { description: config.description } : {}),
    },
  }
}

/** `resourceInstanceCreate`: POST, the id from `instance.id`, the wait for Active; then Read. */
export async function createInstance(provider: ProviderClient, projectId: string, config: InstanceConfig) {
  const created = await provider.request('POST', `${l2cg(projectId)}/instances`, { jsonBody: instanceCreateBody(config) })
  const id: string = created.body.instance?.id ?? ''
  assert.notEqual(id, '', 'unable to find the ESW instance ID from the API response')
  await waitForState({ pending: ['Pending'], target: ['Active'], refresh: instanceRefresh(provider, projectId, id) })
  const read = await provider.request('GET', `${l2cg(projectId)}/instances/${id}`)
  return { id, created, read }
}

/** `resourceInstanceDelete`: DELETE, the wait for Deleted; then a Read finds it gone (404). */
export async function deleteInstance(provider: ProviderClient, projectId: string, id: string) {
  const deleted = await provider.request('DELETE', `${l2cg(projectId)}/instances/${id}`)
  await waitForState({ pending: ['Pending'], target: ['Deleted'], refresh: instanceRefresh(provider, projectId, id) })
  await expectNotFound(provider.request('GET', `${l2cg(projectId)}/instances/${id}`))
  return deleted
}

/** A connection's configuration, with the names of the provider's schema. */
export interface ConnectionConfig {
  instance_id: string
  name: string
  vpc_id: string
  virsubnet_id: string
  remote_infos: Array<{ segmentation_id: number; tunnel_ip: string; tunnel_port?: number }>
  fixed_ips?: string[]
}

/**
 * `buildCreateConnectionBodyParams` after RemoveNil: no `fixed_ips` when none are set; `tunnel_port` is
 * `utils.ValueIgnoreEmpty` of the set's zero value, so `null` when unset, and RemoveNil leaves it there.
 */
export function connectionCreateBody(config: ConnectionConfig) {
  return {
    connection: {
      name: config.name,
      vpc_id: config.vpc_id,
      virsubnet_id: config.virsubnet_id,
      remote_infos: config.remote_infos.map((r) => ({
        segmentation_id: r.segmentation_id,
        tunnel_ip: r.tunnel_ip,
        tunnel_port: r.tunnel_port || null,
      })),
      ...(config.fixed_ips?.length ? { fixed_ips: config.fixed_ips } : {}),
    },
  }
}

/** `resourceConnectionCreate`: POST, the id from `connection.id`, the wait for Ready; then Read. */
export async function createConnection(provider: ProviderClient, projectId: string, config: ConnectionConfig) {
  const base = `${l2cg(projectId)}/instances/${config.instance_id}/connections`
  const created = await provider.request('POST', base, { jsonBody: connectionCreateBody(config) })
  const id: string = created.body.connection?.id ?? ''
  assert.notEqual(id, '', 'unable to find the ESW connection ID from the API response')
  await waitForState({ pending: ['Pending'], target: ['Ready'], refresh: connectionRefresh(provider, projectId, config.instance_id, id) })
  const read = await provider.request('GET', `${base}/${id}`)
  return { id, created, read }
}

/** `resourceConnectionDelete`: DELETE, the wait for Deleted; then a Read finds it gone (404). */
export async function deleteConnection(provider: ProviderClient, projectId: string, instanceId: string, id: string) {
  const path = `${l2cg(projectId)}/instances/${instanceId}/connections/${id}`
  const deleted = await provider.request('DELETE', path)
  await waitForState({ pending: ['Pending'], target: ['Deleted'], refresh: connectionRefresh(provider, projectId, instanceId, id) })
  await expectNotFound(provider.request('GET', path))
  return deleted
}
