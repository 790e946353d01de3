/**
 * `huaweicloud_cs_route_v1`, replayed as terraform-provider-huaweicloud runs it (commit a0345b8dcc81,
 * huaweicloud/services/deprecated/resource_huaweicloud_cs_route_v1.go): create (`{destination}`, the id from
 * `route.id`), read by listing the peering's routes and finding the id (FindCsRouteV1ByList), delete; no
 * wait, no importer, no update. The configuration of
 * huaweicloud/services/acceptance/deprecated/resource_huaweicloud_cs_route_v1_test.go: the destination is the
 * user subnet's CIDR, 192.168.0.0/16, which is also the cluster's default VPC range. Huawei accepts such a
 * route, and so does linkplane; the destroy check wants the route gone from the list.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { listeningTestApp, type TestApp } from '../support/app.js'
import { planDiff, providerClient, type ProviderClient } from '../support/terraform.js'
import { readySubnet, readyVpc } from '../support/vpc.js'
import { createCluster, createPeering, cs, deleteCluster, deletePeering, readCluster, SUCCESS } from './cs-provider.js'

let lp: TestApp & { url: string }
let provider: ProviderClient
let clusterId: string
let peeringId: string
let subnetCidr: string
const routes = () => `${cs(lp.projectId)}/reserved_cluster/${clusterId}/peering/${peeringId}/route`

before(async () => {
  lp = await listeningTestApp()
  provider = providerClient(lp.url)
  const vpc = await readyVpc(lp, { name: 'terraform_vpc_v1_test', cidr: '192.168.0.0/16' })
  subnetCidr = (
    await readySubnet(lp, { name: 'terraform_vpc_subnet_v1_test', cidr: '192.168.0.0/16', gateway_ip: '192.168.0.1', vpc_id: vpc.id })
  ).cidr
  ;({ id: clusterId } = await createCluster(provider, lp.projectId, { name: 'terraform_cs_cluster_v1_test' }))
  ;({ id: peeringId } = await createPeering(provider, lp.projectId, clusterId, {
    name: 'terraform_cs_peering_connect_v1_test',
    vpc_id: vpc.id,
  }))
})
after(async () => {
  await deletePeering(provider, lp.projectId, clusterId, peeringId)
  await deleteCluster(provider, lp.projectId, clusterId)
  await lp.close()
})

/** FindCsRouteV1ByList: GET the list (`routes`), the item whose id matches, or "error finding the resource by list api". */
async function findRoute(id: string) {
  const listed = await provider.request('GET', routes(), { moreHeaders: { 'Content-Type': 'application/json' } })
  return (listed.body.routes as any[]).find((r) => String(r.id) === id) ?? null
}

test("create a route to the cluster's own default range, read it from the list, delete, gone from the list", async () => {
  const cluster = (await readCluster(provider, lp.projectId, clusterId)).body.payload
  assert.equal(cluster.vpc_cidr, subnetCidr, "the acceptance test's destination is the cluster's own VPC range")
  const config = { destination: subnetCidr }
  const created = await provider.request('POST', routes(), { jsonBody: { destination: config.destination }, okCodes: SUCCESS })
  const id = String(created.body.route.id)
  assert.equal(created.body.route.nexthop, peeringId)

  const item = await findRoute(id)
  assert.ok(item, 'error finding the resource by list api')
  assert.deepEqual(planDiff(config, { destination: item.destination }), [])

  await provider.request('DELETE', `${routes()}/${id}`, { okCodes: SUCCESS, moreHeaders: { 'Content-Type': 'application/json' } })
  assert.equal(await findRoute(id), null, 'the destroy check finds no route with that id')
})
