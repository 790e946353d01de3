/**
 * Replay: `huaweicloud_vpc_subnet_private_ip`, the provider's resource for `/v1/{project_id}/privateips`, from
 * huaweicloud/terraform-provider-huaweicloud at a0345b8dcc81 (calls transcribed in test/support/terraform-vpc.ts).
 *
 * huaweicloud/services/vpc/resource_huaweicloud_vpc_subnet_private_ip.go
 * - create: POST /v1/{project_id}/privateips with `{"privateips": [{subnet_id, device_owner, ip_address}]}`
 *   (`utils.RemoveNil`: unset values left out; default POST codes), id from `privateips[0].id`
 * - read: GET /v1/{project_id}/privateips/{id}: `subnet_id`, `ip_address`, `status`, `device_owner` (404 drops it)
 * - update: no call (every argument is NonUpdatable: a change replaces the resource)
 * - import: a read with the id alone
 * - delete: DELETE /v1/{project_id}/privateips/{id} (default codes; 404 counts as deleted)
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { listeningTestApp, type TestApp } from '../support/app.js'
import type { ProviderClient } from '../support/go-clients.js'
import { exampleProvider, expectNotFound } from '../support/terraform.js'
import { privateIpResource, subnetResource, vpcResource } from '../support/terraform-vpc.js'

let lp: TestApp & { url: string }
let client: ProviderClient
let vpcId: string
let subnetId: string
before(async () => {
  lp = await listeningTestApp()
  client = (await exampleProvider(lp.url)).client('vpc')
  vpcId = (await vpcResource.create(client, { name: 'private-ip-vpc', cidr: '192.168.0.0/16' })).id
  subnetId = (
    await subnetResource.create(client, { name: 'private-ip-subnet', vpc_id: vpcId, cidr: '192.168.0.0/24', gateway_ip: '192.168.0.1' })
  ).id
})
after(() => lp.close())

describe('huaweicloud_vpc_subnet_private_ip', () => {
  let id: string
  let state: Awaited<ReturnType<typeof privateIpResource.read>>

  test('create with an address and device_owner neutron:VIP_PORT: both come back as configured', async () => {
    const config = { subnet_id: subnetId, ip_address: '192.168.0.10', device_owner: 'neutron:VIP_PORT' }
    ;({ id, state } = await privateIpResource.create(client, config))
    assert.deepEqual(state, { subnet_id: subnetId, ip_address: '192.168.0.10', status: 'DOWN', device_owner: 'neutron:VIP_PORT' })
  })

  test('import: a read with only the id gives the same state', async () => {
    assert.deepEqual(await privateIpResource.read(client, id), state)
  })

  test('create without an address: the lowest free one, and an empty device_owner (Computed)', async () => {
    const auto = await privateIpResource.create(client, { subnet_id: subnetId })
    assert.deepEqual(auto.state, { subnet_id: subnetId, ip_address: '192.168.0.2', status: 'DOWN', device_owner: '' })
    await privateIpResource.delete(client, auto.id)
  })

  test('a device_owner Huawei does not allow here, or a taken address, fails the create', async () => {
    const owner = await privateIpResource
      .create(client, { subnet_id: subnetId, device_owner: 'compute:cn-north-4a' })
      .catch((e: any) => e.response)
    assert.deepEqual([owner.status, owner.body.code], [400, 'VPC.0705'])
    const taken = await privateIpResource.create(client, { subnet_id: subnetId, ip_address: '192.168.0.10' }).catch((e: any) => e.response)
    assert.deepEqual([taken.status, taken.body.code], [409, 'VPC.0701'])
  })

  test('delete, then the read after delete is 404 and drops the resource', async () => {
    await privateIpResource.delete(client, id)
    assert.equal(await privateIpResource.read(client, id), null)
    await expectNotFound(client.request('GET', `v1/${client.credentials.projectId}/privateips/${id}`))
    // A second delete (a retried apply) is the same 404, which the provider counts as deleted.
    assert.equal(await privateIpResource.delete(client, id), null)
    assert.deepEqual(await subnetResource.delete(client, vpcId, subnetId), [204])
    await vpcResource.delete(client, vpcId)
  })
})
