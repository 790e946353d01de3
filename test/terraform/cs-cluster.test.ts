/**
 * `huaweicloud_cs_cluster_v1`, replayed as terraform-provider-huaweicloud runs it (commit a0345b8dcc81,
 * huaweicloud/services/deprecated/resource_huaweicloud_cs_cluster_v1.go): create (only the non-empty
 * arguments), the wait for status 3/5/8, read (`payload`), update (PATCH of the non-empty name, description
 * and max_spu_num, the last two as the state holds them), delete and its wait for CS.20005; the resource has
 * no importer. Values of huaweicloud/services/acceptance/deprecated/resource_huaweicloud_cs_cluster_v1_test.go,
 * whose destroy check wants the GET to fail afterwards.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { listeningTestApp, type TestApp } from '../support/app.js'
import { planDiff, providerClient, UnexpectedResponseCode, type ProviderClient } from '../support/terraform.js'
import { clusterState, createCluster, cs, deleteCluster, readCluster, SUCCESS } from './cs-provider.js'

let lp: TestApp & { url: string }
let provider: ProviderClient

before(async () => {
  lp = await listeningTestApp()
  provider = providerClient(lp.url)
})
after(() => lp.close())

test('create, wait for running, read, update, delete, wait for CS.20005, read fails', async () => {
  const config = { name: 'terraform_cs_cluster_v1_test' }
  const { id, created } = await createCluster(provider, lp.projectId, config)
  assert.ok(SUCCESS.includes(created.status))
  assert.ok(Number(id) >= 100000 && Number(id) < 1e6, 'an id Go prints as plain digits')
  const state = clusterState((await readCluster(provider, lp.projectId, id)).body)
  assert.deepEqual(planDiff(config, state), [])
  // The Computed arguments come back filled, so a later plan sees no change.
  assert.deepEqual(
    [state.description, state.max_spu_num, state.vpc_cidr, state.subnet_cidr, state.subnet_gateway],
    ['', 12, '192.168.0.0/16', '192.168.0.0/24', '192.168.0.1'],
  )
  assert.equal(state.manager_node_spu_num, 2)
  assert.equal(state.used_spu_num, 0)
  assert.match(state.created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)

  // A new name and description: the PATCH carries every non-empty value, max_spu_num from the state.
  const updated = { name: 'terraform_cs_cluster_v1_update', description: 'updated by terraform' }
  await provider.request('PATCH', `${cs(lp.projectId)}/reserved_cluster/${id}`, {
    jsonBody: { desc: updated.description, maximum_spu_quota: state.max_spu_num, name: updated.name },
    okCodes: SUCCESS,
  })
  const afterUpdate = clusterState((await readCluster(provider, lp.projectId, id)).body)
  assert.deepEqual(planDiff({ ...updated, max_spu_num: 12 }, afterUpdate), [])
  assert.equal(afterUpdate.created_at, state.created_at)

  await deleteCluster(provider, lp.projectId, id)
  const gone = await readCluster(provider, lp.projectId, id).catch((error: unknown) => error)
  assert.ok(gone instanceof UnexpectedResponseCode)
  assert.deepEqual([gone.status, gone.response.body.error_id], [400, 'CS.20005'])
})
