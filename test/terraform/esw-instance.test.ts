/**
 * `huaweicloud_esw_instance`, replayed as terraform-provider-huaweicloud runs it (commit a0345b8dcc81):
 * huaweicloud/services/esw/resource_huaweicloud_esw_instance.go (create, waitForInstanceActive, read,
 * update, ImportStatePassthroughContext, delete, waitForInstanceDeleted), with the values of
 * huaweicloud/services/acceptance/esw/resource_huaweicloud_esw_instance_test.go (flavor and zones from the
 * `huaweicloud_esw_flavors` data source, data_source_huaweicloud_esw_flavors.go).
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { listeningTestApp, type TestApp } from '../support/app.js'
import { network, type Network } from '../support/esw.js'
import { SPECS_MISSING, specErrors } from '../support/huawei-specs.js'
import { expectNotFound, planDiff, providerClient, waitForState, type ProviderClient } from '../support/terraform.js'
import { createInstance, deleteInstance, instanceRefresh, instanceState, l2cg, type InstanceConfig } from './esw-provider.js'

let lp: TestApp & { url: string }
let provider: ProviderClient
let net: Network

before(async () => {
  lp = await listeningTestApp()
  provider = providerClient(lp.url)
  net = await network(lp, { prefix: '192.168', tunnel: 0, l2: [] })
})
after(() => lp.close())

test('create, wait for active, read, update, import, delete, wait, read after delete', async () => {
  const flavors = (await provider.request('GET', `${l2cg(lp.projectId)}/flavors`)).body.flavors
  const config: InstanceConfig = {
    name: 'tf-test-esw',
    flavor_ref: flavors[0].name,
    ha_mode: 'ha',
    availability_zones: [{ primary: flavors[0].available_zones[0], standby: flavors[0].available_zones[1] }],
    tunnel_info: [{ vpc_id: net.vpc.id, virsubnet_id: net.tunnel.id, tunnel_ip: '192.168.0.192' }],
    charge_infos: [{ charge_mode: 'postPaid' }],
    description: 'test description',
  }

  const { id, created, read } = await createInstance(provider, lp.projectId, config)
  assert.equal(created.status, 201)
  if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'CreateInstance', 201, created.body), [])
  if (!SPECS_MISSING) assert.deepEqual(specErrors('ESW', 'ShowInstance', 200, read.body), [])
  const state = instanceState(read.body)
  assert.deepEqual(planDiff(config, state), [])
  assert.equal(state.tunnel_info[0].tunnel_port, 4789)
  assert.equal(state.tunnel_info[0].tunnel_type, 'vxlan')
  assert.equal(state.status, 'active')
  for (const field of ['created_at', 'updated_at'] as const) assert.match(state[field], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)

  // Update: buildUpdateInstanceBodyParams always sends both, then Read. No wait.
  const updated = { ...config, name: 'tf-test-esw-update', description: 'test description update' }
  await provider.request('PUT', `${l2cg(lp.projectId)}/instances/${id}`, {
    jsonBody: { instance: { name: updated.name, description: updated.description } },
  })
  const afterUpdate = instanceState((await provider.request('GET', `${l2cg(lp.projectId)}/instances/${id}`)).body)
  assert.deepEqual(planDiff(updated, afterUpdate), [])

  // Removing the description from the configuration: Update sends `"description": ""`, which clears it.
  await provider.request('PUT', `${l2cg(lp.projectId)}/instances/${id}`, {
    jsonBody: { instance: { name: updated.name, description: '' } },
  })
  const cleared = instanceState((await provider.request('GET', `${l2cg(lp.projectId)}/instances/${id}`)).body)
  assert.equal(cleared.description, '')
  await provider.request('PUT', `${l2cg(lp.projectId)}/instances/${id}`, {
    jsonBody: { instance: { name: updated.name, description: updated.description } },
  })

  // Import by id (ImportStatePassthroughContext), ImportStateVerify with no ignored field: the Read must
  // reproduce the state exactly.
  const beforeImport = instanceState((await provider.request('GET', `${l2cg(lp.projectId)}/instances/${id}`)).body)
  const imported = instanceState((await provider.request('GET', `${l2cg(lp.projectId)}/instances/${id}`)).body)
  assert.deepEqual(imported, beforeImport)

  await deleteInstance(provider, lp.projectId, id)
})

test('the delete wait passes through `deleting` (Pending) before the 404, in manual mode', async () => {
  const manual = await listeningTestApp({ lifecycle: { mode: 'manual', scale: 1 } })
  try {
    const client = providerClient(manual.url)
    const mnet = await network(manual, { prefix: '10.60', l2: [] })
    const zones = (await client.request('GET', `${l2cg(manual.projectId)}/availability-zones`)).body.available_zones
    const body = {
      instance: {
        name: 'stepwise',
        flavor_ref: 'l2cg.small.ha',
        ha_mode: 'ha',
        availability_zones: { primary: zones[0], standby: zones[1] },
        tunnel_info: { vpc_id: mnet.vpc.id, virsubnet_id: mnet.tunnel.id },
        charge_infos: { charge_mode: 'postPaid' },
      },
    }
    const id = (await client.request('POST', `${l2cg(manual.projectId)}/instances`, { jsonBody: body })).body.instance.id
    const refresh = instanceRefresh(client, manual.projectId, id)
    assert.equal((await refresh())!.state, 'Pending', '`build` keeps the create wait going')
    await manual.advance()
    assert.equal((await refresh())!.state, 'Active')
    await client.request('DELETE', `${l2cg(manual.projectId)}/instances/${id}`)
    assert.equal((await refresh())!.state, 'Pending', '`deleting` keeps the delete wait going')
    await manual.advance()
    await waitForState({ pending: ['Pending'], target: ['Deleted'], refresh })
    await expectNotFound(client.request('GET', `${l2cg(manual.projectId)}/instances/${id}`))
  } finally {
    await manual.close()
  }
})
