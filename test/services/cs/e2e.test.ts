import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { eventually } from '../../support/app.js'
import { hcClient, sdkError, vpc, vpcClient } from '../../support/huawei-sdk.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase, temporaryFolder, type ServerProcess } from '../../support/server-process.js'

/**
 * Two tenants end to end over real HTTP, each with its own signed credentials: tenant A's Cloud Stream
 * cluster (driven with the core SDK's HcClient, as Cloud Stream has no npm SDK) peers with tenant B's
 * VPC; B accepts through the official VPC SDK. Tenant C tries to accept and to read A's cluster.
 */
const tenant = (name: string, n: number) => ({
  name,
  project_id: `${n}`.repeat(32),
  access_key: `TENANT${name.toUpperCase()}ACCESSKEY0001`.slice(0, 20),
  secret_key: `${name}Secret`.padEnd(40, '0'),
})
const A = tenant('a', 1)
const B = tenant('b', 2)
const C = tenant('c', 3)
const creds = (t: typeof A) => ({ accessKey: t.access_key, secretKey: t.secret_key, projectId: t.project_id })
let server: ServerProcess

before(async () => {
  const database = await temporaryDatabase()
  const file = join(temporaryFolder(), 'accounts.json')
  writeFileSync(file, JSON.stringify({ accounts: [A, B, C] }))
  server = await startServer({ database, env: { ...SERVER_CREDENTIALS, LINKPLANE_ACCOUNTS_FILE: file } })
})
after(() => server.stop())

const call = (t: typeof A, method: string, url: string, data?: unknown) =>
  hcClient(server.url, creds(t)).sendRequest({
    method,
    url,
    contentType: 'application/json',
    queryParams: {},
    pathParams: {},
    headers: {},
    ...(data ? { data } : {}),
  })

test("cluster of A, peering to B's VPC, B accepts with the VPC SDK, routes, delete, CS.22103", async () => {
  const created = await call(A, 'POST', '/v1.0/{project_id}/reserved_cluster', {
    name: 'e2e',
    vpc_cidr: '172.16.0.0/16',
    subnet_cidr: '172.16.0.0/24',
    subnet_gateway: '172.16.0.1',
  })
  const clusterId = created.payload.cluster_id
  await eventually(
    () => call(A, 'GET', `/v1.0/{project_id}/reserved_cluster/${clusterId}`),
    (r: any) => r.payload.status_code === 5,
  )

  const vpcB = vpcClient(server.url, creds(B))
  const option = new vpc.CreateVpcOption().withName('b-net').withCidr('10.20.0.0/16')
  const bVpc = (await vpcB.createVpc(new vpc.CreateVpcRequest().withBody(new vpc.CreateVpcRequestBody().withVpc(option)))).vpc

  const peering = (
    await call(A, 'POST', `/v1.0/{project_id}/reserved_cluster/${clusterId}/peering`, {
      vpc_id: bVpc.id,
      name: 'myVpc',
      accept_tenant_id: B.project_id,
    })
  ).peering
  assert.equal(peering.status, 'PENDING_ACCEPTANCE')
  assert.deepEqual(peering.accept_vpc_info, { vpc_id: bVpc.id, tenant_id: B.project_id })

  const early = await sdkError(
    call(A, 'POST', `/v1.0/{project_id}/reserved_cluster/${clusterId}/peering/${peering.id}/route`, { destination: '10.20.0.0/16' }),
  )
  assert.deepEqual([early.httpStatusCode, early.errorCode], [400, 'CS.22104'])

  const thief = await sdkError(
    vpcClient(server.url, creds(C)).acceptVpcPeering(new vpc.AcceptVpcPeeringRequest().withPeeringId(peering.id)),
  )
  assert.deepEqual([thief.httpStatusCode, thief.errorCode], [404, 'VPC.1602'])
  const accepted = await vpcB.acceptVpcPeering(new vpc.AcceptVpcPeeringRequest().withPeeringId(peering.id))
  assert.equal(accepted.status, 'ACTIVE')
  assert.equal((await vpcB.showVpcPeering(new vpc.ShowVpcPeeringRequest().withPeeringId(peering.id))).peering.status, 'ACTIVE')
  assert.equal((await call(A, 'GET', `/v1.0/{project_id}/reserved_cluster/${clusterId}/peering/${peering.id}`)).peering.status, 'ACTIVE')

  const route = (
    await call(A, 'POST', `/v1.0/{project_id}/reserved_cluster/${clusterId}/peering/${peering.id}/route`, { destination: '10.20.0.0/16' })
  ).route
  assert.equal(route.nexthop, peering.id)
  const routes = (await call(A, 'GET', `/v1.0/{project_id}/reserved_cluster/${clusterId}/peering/${peering.id}/route`)).routes
  assert.deepEqual(
    routes.map((r: { id: string }) => r.id),
    [route.id],
  )
  assert.equal(
    (await call(A, 'DELETE', `/v1.0/{project_id}/reserved_cluster/${clusterId}/peering/${peering.id}/route/${route.id}`)).httpStatusCode,
    204,
  )

  // C cannot read A's cluster, whether by its own project or by A's.
  const probe = await sdkError(call(C, 'GET', `/v1.0/{project_id}/reserved_cluster/${clusterId}`))
  assert.deepEqual([probe.httpStatusCode, probe.errorCode], [400, 'CS.20005'])

  assert.equal((await call(A, 'DELETE', `/v1.0/{project_id}/reserved_cluster/${clusterId}/peering/${peering.id}`)).httpStatusCode, 204)
  const gone = await sdkError(call(A, 'GET', `/v1.0/{project_id}/reserved_cluster/${clusterId}/peering/${peering.id}`))
  assert.deepEqual([gone.httpStatusCode, gone.errorCode], [400, 'CS.22103'])

  assert.equal((await call(A, 'DELETE', `/v1.0/{project_id}/reserved_cluster/${clusterId}`)).message_id, 'CS.10001')
  const clusterGone = await sdkError(call(A, 'GET', `/v1.0/{project_id}/reserved_cluster/${clusterId}`))
  assert.deepEqual([clusterGone.httpStatusCode, clusterGone.errorCode], [400, 'CS.20005'])
})
