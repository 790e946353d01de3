/**
 * Replay: `huaweicloud_vpc_peering_connection` (requester), `huaweicloud_vpc_peering_connection_accepter`
 * (the peer tenant) and the peering data sources, across two tenants, from
 * huaweicloud/terraform-provider-huaweicloud at a0345b8dcc81 (calls transcribed in test/support/terraform-vpc.ts;
 * golangsdk openstack/networking/v2/peerings on the `networkv2` client: paths without a project).
 *
 * huaweicloud/services/vpc/resource_huaweicloud_vpc_peering_connection.go
 * - create: POST /v2.0/vpc/peerings (201 only; `accept_vpc_info.tenant_id` left out when unset); wait CREATING ->
 *   PENDING_ACCEPTANCE or ACTIVE (GET /v2.0/vpc/peerings/{id})
 * - read: GET /v2.0/vpc/peerings/{id}: name, status, description, request/accept VPC ids, accept tenant (404 drops it)
 * - update: PUT /v2.0/vpc/peerings/{id} `{name, description}` (200 only)
 * - import: a read with the id alone
 * - delete: `waitForVpcPeeringDelete`: GET, DELETE (404 gone, 409 retried) until 404
 * huaweicloud/services/vpc/resource_huaweicloud_vpc_peering_connection_accepter.go
 * - create: GET (must be PENDING_ACCEPTANCE), PUT /v2.0/vpc/peerings/{id}/accept or /reject without a body
 *   (200 only, the answer unwrapped), wait PENDING -> ACTIVE or REJECTED, read; update: no call; delete: no call
 * huaweicloud/services/vpc/data_source_huaweicloud_vpc_peering_connection.go (peerings.List with filters in the
 * query, then VPC ids matched on the client), data_source_huaweicloud_vpc_peering_connections.go (one GET with
 * `limit=2000` and the filters appended).
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { listeningTestApp, type TestApp } from '../support/app.js'
import type { ProviderClient } from '../support/go-clients.js'
import { exampleProvider, expectNotFound, providerClient } from '../support/terraform.js'
import { peeringAccepterResource, peeringResource, vpcDataSources, vpcResource } from '../support/terraform-vpc.js'
import { createTenant, type Tenant } from '../support/tenants.js'

let lp: TestApp & { url: string }
let requester: ProviderClient
let accepter: ProviderClient
let peer: Tenant
let vpcId: string
let peerVpcId: string
before(async () => {
  lp = await listeningTestApp()
  requester = (await exampleProvider(lp.url)).client('vpc')
  // The peer account runs its own Terraform configuration, with its own keys and project.
  peer = await createTenant(lp, 'peer-account')
  accepter = providerClient(lp.url, peer.signer)
  vpcId = (await vpcResource.create(requester, { name: 'requester-vpc', cidr: '192.168.0.0/16' })).id
  peerVpcId = (await vpcResource.create(accepter, { name: 'accepter-vpc', cidr: '172.16.0.0/16' })).id
})
after(() => lp.close())

describe('a cross-tenant peering, requested and accepted', () => {
  let id: string
  let state: Awaited<ReturnType<typeof peeringResource.read>>

  test('the requester creates it: PENDING_ACCEPTANCE, every field as configured', async () => {
    const config = {
      name: 'cross-tenant',
      vpc_id: vpcId,
      peer_vpc_id: peerVpcId,
      peer_tenant_id: peer.projectId,
      description: 'created by acc test',
    }
    ;({ id, state } = await peeringResource.create(requester, config))
    assert.deepEqual(state, {
      name: 'cross-tenant',
      status: 'PENDING_ACCEPTANCE',
      description: 'created by acc test',
      vpc_id: vpcId,
      peer_vpc_id: peerVpcId,
      peer_tenant_id: peer.projectId,
    })
  })

  test('the peer account accepts it with the accepter resource: ACTIVE on both sides', async () => {
    const accepted = await peeringAccepterResource.create(accepter, id, true)
    assert.deepEqual(accepted, { ...state, status: 'ACTIVE' })
    state = (await peeringResource.read(requester, id))!
    assert.equal(state.status, 'ACTIVE')
    assert.deepEqual(await peeringAccepterResource.read(accepter, id), state)
  })

  test('accepting again is refused, as the provider checks it first', async () => {
    await assert.rejects(peeringAccepterResource.create(accepter, id, true), /PENDING_ACCEPTANCE/)
  })

  test('update: the requester renames it and clears the description', async () => {
    state = await peeringResource.update(requester, id, { name: 'cross-tenant-renamed', vpc_id: vpcId, peer_vpc_id: peerVpcId })
    assert.deepEqual([state.name, state.description], ['cross-tenant-renamed', ''])
  })

  test('import: a read with only the id gives the same state, for either side', async () => {
    assert.deepEqual(await peeringResource.read(requester, id), state)
    assert.deepEqual(await peeringAccepterResource.read(accepter, id), state)
  })

  test('data sources: huaweicloud_vpc_peering_connection (by VPC, by peer tenant) and _connections', async () => {
    const byVpc = await vpcDataSources.peering(requester, { vpc_id: vpcId })
    assert.deepEqual(byVpc, { id, ...state })
    assert.deepEqual(
      await vpcDataSources.peering(requester, { peer_vpc_id: peerVpcId, peer_tenant_id: peer.projectId, status: 'ACTIVE' }),
      byVpc,
    )
    assert.deepEqual(await vpcDataSources.peering(accepter, { name: 'cross-tenant-renamed' }), byVpc)
    const listed = await vpcDataSources.peerings(requester, { vpc_id: vpcId, name: 'cross-tenant-renamed' })
    assert.equal(listed.length, 1)
    assert.deepEqual(listed[0].request_vpc_info, [{ vpc_id: vpcId, project_id: requester.credentials.projectId }])
    assert.deepEqual(listed[0].accept_vpc_info, [{ vpc_id: peerVpcId, project_id: peer.projectId }])
    assert.match(listed[0].created_at, /Z$/)
  })

  test('a VPC with a peering cannot be deleted: the VPC delete loop keeps getting 409', async () => {
    const busy = await vpcResource
      .delete(requester, vpcId, async () => {
        throw new Error('409 while the peering exists')
      })
      .catch((error: Error) => error.message)
    assert.equal(busy, '409 while the peering exists')
  })

  test('delete by the requester, then 404 for both sides; the accepter resource only leaves the state', async () => {
    await peeringResource.delete(requester, id)
    assert.equal(await peeringResource.read(requester, id), null)
    assert.equal(await peeringAccepterResource.read(accepter, id), null)
    await expectNotFound(requester.request('GET', `v2.0/vpc/peerings/${id}`))
    assert.equal(await vpcResource.delete(requester, vpcId), 0)
    assert.equal(await vpcResource.delete(accepter, peerVpcId), 0)
  })
})

describe('a cross-tenant peering, rejected', () => {
  test('the accepter resource with accept = false rejects it: REJECTED', async () => {
    const mine = (await vpcResource.create(requester, { name: 'reject-requester', cidr: '10.0.0.0/8' })).id
    const theirs = (await vpcResource.create(accepter, { name: 'reject-accepter', cidr: '10.0.0.0/8' })).id
    const { id } = await peeringResource.create(requester, {
      name: 'to-reject',
      vpc_id: mine,
      peer_vpc_id: theirs,
      peer_tenant_id: peer.projectId,
    })
    const rejected = await peeringAccepterResource.create(accepter, id, false)
    assert.equal(rejected.status, 'REJECTED')
    await peeringResource.delete(requester, id)
  })

  test('a peering within one tenant is ACTIVE at once, with the tenant as peer_tenant_id', async () => {
    const a = (await vpcResource.create(requester, { name: 'same-a', cidr: '172.16.0.0/12' })).id
    const b = (await vpcResource.create(requester, { name: 'same-b', cidr: '192.168.0.0/16' })).id
    const { id, state } = await peeringResource.create(requester, { name: 'same-tenant', vpc_id: a, peer_vpc_id: b })
    assert.deepEqual([state.status, state.peer_tenant_id], ['ACTIVE', requester.credentials.projectId])
    await peeringResource.delete(requester, id)
  })
})
