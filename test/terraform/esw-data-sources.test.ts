/**
 * The ESW data sources, replayed as terraform-provider-huaweicloud reads them (commit a0345b8dcc81,
 * huaweicloud/services/esw/):
 * - data_source_huaweicloud_esw_flavors.go, _availability_zones.go, _quotas.go: one GET each;
 * - data_source_huaweicloud_esw_instances.go, _connections.go, _all_connections.go, _jobs.go: golangsdk's
 *   marker pager (`pagination.ListAllItems(client, "marker", ...)`) until an empty page, with the filters
 *   each builds into the query;
 * with the checks of huaweicloud/services/acceptance/esw/data_source_huaweicloud_esw_*_test.go: every field
 * the data source reads is set, and every item matches the filter.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { listeningTestApp, type TestApp } from '../support/app.js'
import { network, type Network } from '../support/esw.js'
import { SPECS_MISSING, specErrors } from '../support/huawei-specs.js'
import { listAllByMarker, providerClient, type ProviderClient } from '../support/terraform.js'
import { createConnection, createInstance, deleteConnection, deleteInstance, l2cg } from './esw-provider.js'

let lp: TestApp & { url: string }
let provider: ProviderClient
let net: Network
let instanceId: string
let connectionId: string
const base = () => l2cg(lp.projectId)

before(async () => {
  lp = await listeningTestApp()
  provider = providerClient(lp.url)
  net = await network(lp, { prefix: '192.168', tunnel: 0, l2: [1, 2, 3] })
  const zones = (await provider.request('GET', `${base()}/availability-zones`)).body.available_zones
  ;({ id: instanceId } = await createInstance(provider, lp.projectId, {
    name: 'tf-data-esw',
    flavor_ref: 'l2cg.large.ha',
    ha_mode: 'ha',
    availability_zones: [{ primary: zones[0], standby: zones[1] }],
    tunnel_info: [{ vpc_id: net.vpc.id, virsubnet_id: net.tunnel.id }],
    charge_infos: [{ charge_mode: 'postPaid' }],
    description: 'data source test',
  }))
  // Three connections, so that paging and filtering have something to do.
  for (const [i, subnet] of net.l2.entries()) {
    const { id } = await createConnection(provider, lp.projectId, {
      instance_id: instanceId,
      name: `tf-data-conn-${i}`,
      vpc_id: net.vpc.id,
      virsubnet_id: subnet.id,
      remote_infos: [{ segmentation_id: 100 + i, tunnel_ip: '10.1.1.1' }],
    })
    if (i === 0) connectionId = id
  }
})
after(async () => {
  for (const c of (await listAllByMarker(provider, `${base()}/connections`)).body.connections as any[]) {
    await deleteConnection(provider, lp.projectId, c.instance_id, c.id)
  }
  await deleteInstance(provider, lp.projectId, instanceId)
  await lp.close()
})

/** Every key the data source's flatten function reads, present (PathSearch of a missing key would set null). */
function assertReads(item: Record<string, unknown>, keys: string[], where: string) {
  for (const key of keys) assert.ok(item[key] !== undefined && item[key] !== null, `${where}: ${key} is not set`)
}

const CONNECTION_KEYS = [
  'id',
  'instance_id',
  'name',
  'project_id',
  'fixed_ips',
  'remote_infos',
  'vpc_id',
  'virsubnet_id',
  'status',
  'created_at',
  'updated_at',
]

describe('single-request data sources', () => {
  test('huaweicloud_esw_flavors: flavors[] with id, name, connections, bandwidth, pps, available_zones (two or more)', async () => {
    const response = await provider.request('GET', `${base()}/flavors`)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'ListFlavors', 200, response.body), [])
    assert.ok(response.body.flavors.length >= 1)
    for (const flavor of response.body.flavors)
      assertReads(flavor, ['id', 'name', 'connections', 'bandwidth', 'pps', 'available_zones'], 'flavor')
    assert.ok(response.body.flavors[0].available_zones.length >= 2)
  })

  test('huaweicloud_esw_availability_zones reads `available_zones`', async () => {
    const response = await provider.request('GET', `${base()}/availability-zones`)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'ListAvailabilityZones', 200, response.body), [])
    assert.ok(response.body.available_zones.length >= 2)
    assert.deepEqual(response.body.available_zones, response.body.availability_zones)
  })

  test('huaweicloud_esw_quotas: quotas.resources[] with type, quota, used, min, max', async () => {
    const response = await provider.request('GET', `${base()}/quotas`)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'ListQuotas', 200, response.body), [])
    const [instances] = response.body.quotas.resources
    assertReads(instances, ['type', 'quota', 'used', 'min', 'max'], 'quota')
    assert.deepEqual([instances.type, instances.used], ['instance', 1])
  })
})

describe('marker-paged data sources', () => {
  test('huaweicloud_esw_instances: all pages, then each filter (id, name, description) matches exactly', async () => {
    const all = await listAllByMarker(provider, `${base()}/instances`)
    assert.equal(all.requests, 2, 'one page of items, then the empty page that ends the pager')
    const keys = ['id', 'name', 'project_id', 'region', 'flavor_ref', 'ha_mode', 'status', 'created_at', 'updated_at', 'description']
    for (const item of all.body.instances as any[]) {
      assertReads(item, [...keys, 'availability_zones', 'tunnel_info', 'charge_infos'], 'instance')
      assertReads(item.tunnel_info, ['vpc_id', 'virsubnet_id', 'tunnel_ip', 'tunnel_port', 'tunnel_type'], 'tunnel_info')
      assert.equal(typeof item.tunnel_info.tunnel_port, 'number')
    }
    for (const [param, value] of [
      ['id', instanceId],
      ['name', 'tf-data-esw'],
      ['description', 'data source test'],
    ]) {
      const filtered = (await listAllByMarker(provider, `${base()}/instances?${param}=${value}`)).body.instances as any[]
      assert.ok(filtered.length >= 1, param)
      assert.ok(
        filtered.every((i) => i[param] === value),
        param,
      )
    }
  })

  test('huaweicloud_esw_connections (one instance): pages of any size, filters id and name', async () => {
    const all = await listAllByMarker(provider, `${base()}/instances/${instanceId}/connections`)
    assert.equal(all.body.connections.length, 3)
    for (const item of all.body.connections as any[]) {
      assertReads(item, CONNECTION_KEYS, 'connection')
      for (const remote of item.remote_infos)
        assertReads(remote, ['segmentation_id', 'tunnel_ip', 'tunnel_port', 'tunnel_type'], 'remote_info')
    }
    // A `limit` the server honours: the pager goes on by marker and still gets all of them, in order.
    const paged = await listAllByMarker(provider, `${base()}/instances/${instanceId}/connections?limit=1`)
    assert.equal(paged.requests, 4)
    assert.deepEqual(
      (paged.body.connections as any[]).map((c) => c.id),
      (all.body.connections as any[]).map((c) => c.id),
    )
    const byId = (await listAllByMarker(provider, `${base()}/instances/${instanceId}/connections?id=${connectionId}`)).body
      .connections as any[]
    assert.deepEqual(
      byId.map((c) => c.id),
      [connectionId],
    )
    const byName = (await listAllByMarker(provider, `${base()}/instances/${instanceId}/connections?name=tf-data-conn-1`)).body
      .connections as any[]
    assert.deepEqual(
      byName.map((c) => c.name),
      ['tf-data-conn-1'],
    )
  })

  test('huaweicloud_esw_all_connections: filters id, instance_id, name, vpc_id, virsubnet_id', async () => {
    const all = (await listAllByMarker(provider, `${base()}/connections`)).body.connections as any[]
    assert.equal(all.length, 3)
    const first = all.find((c) => c.id === connectionId)
    for (const [param, field] of [
      ['id', 'id'],
      ['instance_id', 'instance_id'],
      ['name', 'name'],
      ['vpc_id', 'vpc_id'],
      ['virsubnet_id', 'virsubnet_id'],
    ]) {
      const filtered = (await listAllByMarker(provider, `${base()}/connections?${param}=${first[field]}`)).body.connections as any[]
      assert.ok(filtered.length >= 1, param)
      assert.ok(
        filtered.every((c) => c[field] === first[field]),
        param,
      )
      for (const item of filtered) assertReads(item, CONNECTION_KEYS, param)
    }
  })

  test('huaweicloud_esw_jobs: the instance create job, with end_time, and `process` a string while running', async () => {
    const jobs = await listAllByMarker(provider, `${base()}/resources/${instanceId}/jobs`)
    const [create] = jobs.body.jobs as any[]
    assertReads(
      create,
      ['id', 'name', 'status', 'begin_time', 'end_time', 'resource_id', 'resource_name', 'resource_type', 'project_id'],
      'job',
    )
    assert.deepEqual([create.name, create.status, create.resource_id], ['CreateHAInstance', 'COMPLETED', instanceId])
    const page = await provider.request('GET', `${base()}/resources/${instanceId}/jobs`)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'ListResourceJobs', 200, page.body), [])

    // A running job's `process` is a string (the data source's schema and Huawei's definition say so).
    const manual = await listeningTestApp({ lifecycle: { mode: 'manual', scale: 1 } })
    try {
      const client = providerClient(manual.url)
      const mnet = await network(manual, { prefix: '10.61', l2: [] })
      const created = await client.request('POST', `${l2cg(manual.projectId)}/instances`, {
        jsonBody: {
          instance: {
            name: 'running-job',
            flavor_ref: 'l2cg.small.ha',
            ha_mode: 'ha',
            availability_zones: { primary: 'cn-north-4a', standby: 'cn-north-4b' },
            tunnel_info: { vpc_id: mnet.vpc.id, virsubnet_id: mnet.tunnel.id },
            charge_infos: { charge_mode: 'postPaid' },
          },
        },
      })
      const running = await listAllByMarker(client, `${l2cg(manual.projectId)}/resources/${created.body.instance.id}/jobs`)
      const [job] = running.body.jobs as any[]
      assert.deepEqual([job.status, typeof job.process, job.end_time], ['RUNNING', 'string', undefined])
      const raw = await client.request('GET', `${l2cg(manual.projectId)}/resources/${created.body.instance.id}/jobs`)
      if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'ListResourceJobs', 200, raw.body), [])
    } finally {
      await manual.close()
    }
  })
})
