/**
 * `huaweicloud_cs_peering_connect_v1`, replayed as terraform-provider-huaweicloud runs it (commit a0345b8dcc81,
 * huaweicloud/services/deprecated/resource_huaweicloud_cs_peering_connect_v1.go): create (`{name, vpc_id}`,
 * plus `accept_tenant_id` when target_vpc_info.project_id is set), the VPC API's accept, the wait for ACTIVE,
 * read (name and accept_vpc_info as target_vpc_info), delete and its wait for CS.22103; no importer, no
 * update (every argument forces a new resource). The configuration of
 * huaweicloud/services/acceptance/deprecated/resource_huaweicloud_cs_peering_connect_v1_test.go: a cluster
 * with its default network and a user VPC and subnet of 192.168.0.0/16, the same range.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { listeningTestApp, TEST_CREDENTIALS, type TestApp } from '../support/app.js'
import { planDiff, providerClient, UnexpectedResponseCode, type ProviderClient } from '../support/terraform.js'
import { readySubnet, readyVpc } from '../support/vpc.js'
import { createCluster, createPeering, deleteCluster, deletePeering, peeringState, readPeering } from './cs-provider.js'

let lp: TestApp & { url: string }
let provider: ProviderClient
let clusterId: string
let vpcId: string

before(async () => {
  lp = await listeningTestApp()
  provider = providerClient(lp.url)
  vpcId = (await readyVpc(lp, { name: 'terraform_vpc_v1_test', cidr: '192.168.0.0/16' })).id
  await readySubnet(lp, { name: 'terraform_vpc_subnet_v1_test', cidr: '192.168.0.0/16', gateway_ip: '192.168.0.1', vpc_id: vpcId })
  ;({ id: clusterId } = await createCluster(provider, lp.projectId, { name: 'terraform_cs_cluster_v1_test' }))
})
after(async () => {
  await deleteCluster(provider, lp.projectId, clusterId)
  await lp.close()
})

test('create, accept through the VPC API, wait for ACTIVE, read, delete, wait for CS.22103, read fails', async () => {
  const config = { name: 'terraform_cs_peering_connect_v1_test', target_vpc_info: [{ vpc_id: vpcId }] }
  const { id, created, accepted } = await createPeering(provider, lp.projectId, clusterId, { name: config.name, vpc_id: vpcId })
  assert.equal(created.status, 201)
  assert.equal(created.body.peering.status, 'PENDING_ACCEPTANCE')
  assert.equal(accepted.body.status, 'ACTIVE', 'the VPC API answers the accepted peering unwrapped')

  const state = peeringState((await readPeering(provider, lp.projectId, clusterId, id)).body)
  assert.deepEqual(planDiff(config, state), [])
  assert.equal(state.target_vpc_info[0].project_id, TEST_CREDENTIALS.projectId, "without accept_tenant_id the VPC is the caller's")
  // Reads are stable (a later plan compares them with the state).
  assert.deepEqual(peeringState((await readPeering(provider, lp.projectId, clusterId, id)).body), state)

  await deletePeering(provider, lp.projectId, clusterId, id)
  const gone = await readPeering(provider, lp.projectId, clusterId, id).catch((error: unknown) => error)
  assert.ok(gone instanceof UnexpectedResponseCode)
  assert.deepEqual([gone.status, gone.response.body.error_id], [400, 'CS.22103'])
})

test('target_vpc_info.project_id given: sent as accept_tenant_id and read back', async () => {
  const other = (await readyVpc(lp, { name: 'second-vpc', cidr: '10.40.0.0/16' })).id
  const { id } = await createPeering(provider, lp.projectId, clusterId, {
    accept_tenant_id: TEST_CREDENTIALS.projectId,
    name: 'with-project',
    vpc_id: other,
  })
  const state = peeringState((await readPeering(provider, lp.projectId, clusterId, id)).body)
  assert.deepEqual(state.target_vpc_info, [{ project_id: TEST_CREDENTIALS.projectId, vpc_id: other }])
  await deletePeering(provider, lp.projectId, clusterId, id)
})
