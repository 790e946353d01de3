/**
 * The Cloud Stream resources' calls as terraform-provider-huaweicloud makes them (commit a0345b8dcc81,
 * huaweicloud/services/deprecated/resource_huaweicloud_cs_cluster_v1.go, resource_huaweicloud_cs_peering_connect_v1.go,
 * resource_huaweicloud_cs_route_v1.go and transport.go), shared by the Cloud Stream replay suites.
 *
 * The client is `CloudStreamV1Client`: the `cs` endpoint plus `v1.0/{project_id}/`; the peering is accepted
 * through `NetworkingV2Client` (the `vpc` endpoint plus `v2.0/`). Accepted codes are transport.go's
 * `successHTTPCodes` (any 2xx); waits are `waitToFinish` (StateChangeConf with a 1 s MinTimeout) whose
 * refresh functions swallow request errors (`return nil, "", nil`: "not found", retried up to 20 times).
 * Ids travel through `convertToStr` (Go's `%v`): a float64 cluster id prints as plain digits below 1e6,
 * which linkplane's ids (from 100000) are.
 */
import assert from 'node:assert/strict'
import { waitForState, type ProviderClient, type Refresh } from '../support/terraform.js'

export const SUCCESS = [200, 201, 202, 203, 204, 205, 206, 207, 208, 226]
const JSON_HEADER = { 'Content-Type': 'application/json' }
export const cs = (projectId: string) => `v1.0/${projectId}`

/** A refresh as waitToFinish's callers write them: request errors and missing fields are "not found" (null). */
function swallowing(read: () => Promise<{ body: any; state: string | undefined }>): Refresh {
  return async () => {
    const result = await read().catch(() => null)
    if (!result || result.state === undefined) return null
    return { body: result.body, state: result.state }
  }
}

/** `resourceCsClusterV1Create`: POST the non-empty arguments, wait for status 3/5/8 (pending 1/4); the id from `payload.cluster_id`. */
export async function createCluster(provider: ProviderClient, projectId: string, params: Record<string, unknown>) {
  const created = await provider.request('POST', `${cs(projectId)}/reserved_cluster`, { jsonBody: params, okCodes: SUCCESS })
  const id = String(created.body.payload.cluster_id)
  await waitForState({
    target: ['3', '5', '8'],
    pending: ['1', '4'],
    notFoundChecks: 20,
    refresh: swallowing(async () => {
      const r = await provider.request('GET', `${cs(projectId)}/reserved_cluster/${id}`, { moreHeaders: JSON_HEADER })
      const status = r.body.payload?.status_code
      return { body: r.body, state: status === undefined ? undefined : String(status) }
    }),
  })
  return { id, created }
}

export const readCluster = (provider: ProviderClient, projectId: string, id: string) =>
  provider.request('GET', `${cs(projectId)}/reserved_cluster/${id}`, { moreHeaders: JSON_HEADER })

/**
 * The state `resourceCsClusterV1Read` writes from `payload`; `created_at` must be a number (it is divided by
 * 1000 as a float64), the SPU counts anything `convertToInt` takes.
 */
export function clusterState(body: any) {
  const p = body.payload
  const int = (v: unknown) => {
    const n = Number.parseInt(String(v), 10)
    assert.ok(Number.isInteger(n), `can not convert ${JSON.stringify(v)} to integer`)
    return n
  }
  assert.equal(typeof p.created_at, 'number', 'created_at is read as a float64')
  const seconds = Math.trunc(p.created_at / 1000)
  return {
    created_at: new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' '),
    description: p.desc,
    manager_node_spu_num: int(p.manager_node_spu),
    max_spu_num: int(p.maximum_spu_quota),
    name: p.name,
    subnet_cidr: p.subnet_cidr,
    subnet_gateway: p.subnet_gateway,
    used_spu_num: int(p.spu_used),
    vpc_cidr: p.vpc_cidr,
  }
}

/** `resourceCsClusterV1Delete`: DELETE, then GET (200 and 400 accepted) until `error_id` is CS.20005. */
export async function deleteCluster(provider: ProviderClient, projectId: string, id: string) {
  await provider.request('DELETE', `${cs(projectId)}/reserved_cluster/${id}`, { okCodes: SUCCESS, moreHeaders: JSON_HEADER })
  await waitForState({
    target: ['Done'],
    pending: ['Pending'],
    notFoundChecks: 20,
    refresh: swallowing(async () => {
      const r = await provider.request('GET', `${cs(projectId)}/reserved_cluster/${id}`, { okCodes: [200, 400], moreHeaders: JSON_HEADER })
      return { body: r.body, state: r.body?.error_id === 'CS.20005' ? 'Done' : 'Pending' }
    }),
  })
}

/**
 * `resourceCsPeeringConnectV1Create`: POST `{name, vpc_id[, accept_tenant_id]}`, PUT the VPC API's accept
 * (no body), wait for ACTIVE (pending PENDING_ACCEPTANCE); the id from `peering.id`.
 */
export async function createPeering(provider: ProviderClient, projectId: string, clusterId: string, params: Record<string, unknown>) {
  const created = await provider.request('POST', `${cs(projectId)}/reserved_cluster/${clusterId}/peering`, {
    jsonBody: params,
    okCodes: SUCCESS,
  })
  const id = String(created.body.peering.id)
  const accepted = await provider.request('PUT', `v2.0/vpc/peerings/${id}/accept`, { okCodes: SUCCESS })
  await waitForState({
    target: ['ACTIVE'],
    pending: ['PENDING_ACCEPTANCE'],
    notFoundChecks: 20,
    refresh: swallowing(async () => {
      const r = await readPeering(provider, projectId, clusterId, id)
      const status = r.body.peering?.status
      return { body: r.body, state: status === undefined ? undefined : String(status) }
    }),
  })
  return { id, created, accepted }
}

export const readPeering = (provider: ProviderClient, projectId: string, clusterId: string, id: string) =>
  provider.request('GET', `${cs(projectId)}/reserved_cluster/${clusterId}/peering/${id}`, { moreHeaders: JSON_HEADER })

/** The state `resourceCsPeeringConnectV1Read` writes: name, and target_vpc_info from accept_vpc_info. */
export function peeringState(body: any) {
  const accept = body.peering.accept_vpc_info
  return { name: body.peering.name, target_vpc_info: [{ project_id: accept?.tenant_id ?? null, vpc_id: accept?.vpc_id ?? null }] }
}

/** `resourceCsPeeringConnectV1Delete`: DELETE, then GET (200 and 400 accepted) until `error_id` is CS.22103. */
export async function deletePeering(provider: ProviderClient, projectId: string, clusterId: string, id: string) {
  const path = `${cs(projectId)}/reserved_cluster/${clusterId}/peering/${id}`
  await provider.request('DELETE', path, { okCodes: SUCCESS, moreHeaders: JSON_HEADER })
  await waitForState({
    target: ['Done'],
    pending: ['Pending'],
    notFoundChecks: 20,
    refresh: swallowing(async () => {
      const r = await provider.request('GET', path, { okCodes: [200, 400], moreHeaders: JSON_HEADER })
      return { body: r.body, state: r.body?.error_id === 'CS.22103' ? 'Done' : 'Pending' }
    }),
  })
}
