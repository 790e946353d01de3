import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { eventually, TEST_CREDENTIALS } from '../support/app.js'
import { sdkError, vpc, vpcClient } from '../support/huawei-sdk.js'
import { SPECS_MISSING, specErrors } from '../support/huawei-specs.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase, temporaryFolder, type ServerProcess } from '../support/server-process.js'

/**
 * The official `@huaweicloud/huaweicloud-sdk-vpc` client (VpcClient v2) driving VPC peering between two
 * tenants of one linkplane process: the bootstrap account (A) and an account from LINKPLANE_ACCOUNTS_FILE
 * (B), each with its own AK/SK. B's peering calls go through a client built without a project id: the
 * peering paths carry none, so the server takes the account's project in its region. (The v1 VPC paths
 * need one, hence B's second client for its VPCs.)
 */
const B = {
  name: 'tenant-b',
  domain_id: 'b0'.repeat(16),
  project_id: 'b1'.repeat(16),
  access_key: 'TENANTBACCESSKEY0001',
  secret_key: 'tenantBSecretKey000000000000000000000001',
}
let server: ServerProcess
let clientA: any
let clientB: any
let vpcsB: any

before(async () => {
  const database = await temporaryDatabase()
  const accountsFile = join(temporaryFolder(), 'accounts.json')
  writeFileSync(accountsFile, JSON.stringify({ accounts: [B] }))
  server = await startServer({ database, env: { ...SERVER_CREDENTIALS, LINKPLANE_ACCOUNTS_FILE: accountsFile } })
  clientA = vpcClient(server.url, {
    accessKey: TEST_CREDENTIALS.accessKey,
    secretKey: TEST_CREDENTIALS.secretKey,
    projectId: TEST_CREDENTIALS.projectId,
  })
  clientB = vpcClient(server.url, { accessKey: B.access_key, secretKey: B.secret_key })
  vpcsB = vpcClient(server.url, { accessKey: B.access_key, secretKey: B.secret_key, projectId: B.project_id })
})
after(() => server.stop())

const wire = ({ httpStatusCode, ...body }: Record<string, unknown>) => body

async function sdkVpc(client: any, name: string, cidr: string) {
  const option = new vpc.CreateVpcOption().withName(name).withCidr(cidr)
  const created = await client.createVpc(new vpc.CreateVpcRequest().withBody(new vpc.CreateVpcRequestBody().withVpc(option)))
  await eventually(
    () => client.showVpc(new vpc.ShowVpcRequest().withVpcId(created.vpc.id)),
    (r: any) => r.vpc.status === 'OK',
  )
  return created.vpc
}

function createRequest(name: string, requestVpc: string, acceptVpc: string, acceptTenant?: string) {
  const accept = new vpc.VpcInfo().withVpcId(acceptVpc)
  if (acceptTenant) accept.withTenantId(acceptTenant)
  const option = new vpc.CreateVpcPeeringOption()
    .withName(name)
    .withRequestVpcInfo(new vpc.VpcInfo().withVpcId(requestVpc))
    .withAcceptVpcInfo(accept)
  return new vpc.CreateVpcPeeringRequest().withBody(new vpc.CreateVpcPeeringRequestBody().withPeering(option))
}

describe('VPC peering through VpcClient', () => {
  test('cross tenant: create, B lists and accepts, both see ACTIVE, update, delete by B', async () => {
    const va = await sdkVpc(clientA, 'sdk-a', '10.1.0.0/16')
    const vb = await sdkVpc(vpcsB, 'sdk-b', '10.2.0.0/16')
    assert.equal(vb.tenant_id, B.project_id)

    const created = await clientA.createVpcPeering(createRequest('sdk-peering', va.id, vb.id, B.project_id))
    assert.equal(created.httpStatusCode, 201)
    assert.equal(created.peering.status, 'PENDING_ACCEPTANCE')
    assert.deepEqual(created.peering.request_vpc_info, { vpc_id: va.id, tenant_id: TEST_CREDENTIALS.projectId })
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'CreateVpcPeering', 201, wire(created)), [])
    const id = created.peering.id

    const pending = await clientB.listVpcPeerings(new vpc.ListVpcPeeringsRequest().withStatus('PENDING_ACCEPTANCE'))
    assert.deepEqual(
      pending.peerings.map((p: { id: string }) => p.id),
      [id],
    )
    assert.deepEqual(pending.peerings_links, [])
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'ListVpcPeerings', 200, wire(pending)), [])

    const refused = await sdkError(clientA.acceptVpcPeering(new vpc.AcceptVpcPeeringRequest().withPeeringId(id)))
    assert.deepEqual([refused.httpStatusCode, refused.errorCode], [403, 'VPC.1607'])
    assert.match(refused.errorMsg, /Only the tenant of the accepting VPC/)

    const accepted = await clientB.acceptVpcPeering(new vpc.AcceptVpcPeeringRequest().withPeeringId(id))
    assert.equal(accepted.httpStatusCode, 200)
    assert.equal(accepted.status, 'ACTIVE')
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'AcceptVpcPeering', 200, wire(accepted)), [])
    for (const client of [clientA, clientB]) {
      const shown = await client.showVpcPeering(new vpc.ShowVpcPeeringRequest().withPeeringId(id))
      assert.equal(shown.peering.status, 'ACTIVE')
    }

    const update = new vpc.UpdateVpcPeeringOption().withName('sdk-renamed').withDescription('joined')
    const updated = await clientA.updateVpcPeering(
      new vpc.UpdateVpcPeeringRequest().withPeeringId(id).withBody(new vpc.UpdateVpcPeeringRequestBody().withPeering(update)),
    )
    assert.equal(updated.peering.name, 'sdk-renamed')
    assert.equal(updated.peering.description, 'joined')

    const deleted = await clientB.deleteVpcPeering(new vpc.DeleteVpcPeeringRequest().withPeeringId(id))
    assert.equal(deleted.httpStatusCode, 204)
    const gone = await sdkError(clientA.showVpcPeering(new vpc.ShowVpcPeeringRequest().withPeeringId(id)))
    assert.deepEqual([gone.httpStatusCode, gone.errorCode, gone.errorMsg], [404, 'VPC.1602', `Peering ${id} could not be found.`])
    assert.match(gone.requestId, /^[0-9a-f]{32}$/)
  })

  test('reject, and the same-tenant peering that is ACTIVE at once', async () => {
    const va = await sdkVpc(clientA, 'sdk-a2', '10.3.0.0/16')
    const vb = await sdkVpc(vpcsB, 'sdk-b2', '10.4.0.0/16')
    const vb2 = await sdkVpc(vpcsB, 'sdk-b3', '10.5.0.0/16')
    const cross = await clientA.createVpcPeering(createRequest('to-reject', va.id, vb.id, B.project_id))
    const rejected = await clientB.rejectVpcPeering(new vpc.RejectVpcPeeringRequest().withPeeringId(cross.peering.id))
    assert.equal(rejected.status, 'REJECTED')
    const late = await sdkError(clientB.acceptVpcPeering(new vpc.AcceptVpcPeeringRequest().withPeeringId(cross.peering.id)))
    assert.deepEqual([late.httpStatusCode, late.errorCode], [409, 'VPC.1606'])

    const same = await clientB.createVpcPeering(createRequest('within-b', vb.id, vb2.id))
    assert.equal(same.peering.status, 'ACTIVE')
    assert.equal(same.peering.accept_vpc_info.tenant_id, B.project_id)
    const duplicate = await sdkError(clientB.createVpcPeering(createRequest('again', vb2.id, vb.id)))
    assert.deepEqual([duplicate.httpStatusCode, duplicate.errorCode], [409, 'VPC.1605'])
    const self = await sdkError(clientB.createVpcPeering(createRequest('self', vb.id, vb.id)))
    assert.deepEqual([self.httpStatusCode, self.errorCode], [400, 'VPC.1604'])

    const page = await clientB.listVpcPeerings(new vpc.ListVpcPeeringsRequest().withLimit(1))
    assert.equal(page.peerings.length, 1)
    assert.equal(page.peerings_links[0].rel, 'next')
    const rest = await clientB.listVpcPeerings(new vpc.ListVpcPeeringsRequest().withMarker(page.peerings_links[0].marker))
    assert.equal(rest.peerings.length, 1)
    assert.notEqual(rest.peerings[0].id, page.peerings[0].id)
  })
})
