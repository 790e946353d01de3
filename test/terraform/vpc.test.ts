/**
 * Replay: `huaweicloud_vpc` and the VPC data sources, from huaweicloud/terraform-provider-huaweicloud at
 * a0345b8dcc81 (calls transcribed in test/support/terraform-vpc.ts), with the README's configuration
 * (examples/terraform/vpc.tf) and provider block (examples/terraform/provider.tf).
 *
 * huaweicloud/services/vpc/resource_huaweicloud_vpc.go
 * - create: POST /v1/{project_id}/vpcs (200 only; golangsdk openstack/networking/v1/vpcs `Create`); wait
 *   CREATING -> ACTIVE (`waitForVpcActive`, GET /v1/{project_id}/vpcs/{id}); POST
 *   /v2.0/{project_id}/vpcs/{id}/tags/action (golangsdk openstack/common/tags, 200/204); PUT
 *   /v3/{project_id}/vpc/vpcs/{id}/add-extend-cidr (`addSecondaryCIDR`)
 * - read: GET /v1/{project_id}/vpcs/{id} (404 drops the resource), GET /v2.0/{project_id}/vpcs/{id}/tags
 *   (200/202, errors logged), GET /v3/{project_id}/vpc/vpcs/{id} (`obtainV3VpcResp`, every error fails)
 * - update: PUT /v1/{project_id}/vpcs/{id} (200 only), tags delete-all then create-all
 *   (utils/tags.go `UpdateResourceTags`), remove-extend-cidr then add-extend-cidr
 * - import: `ImportStatePassthroughContext`, a read with the id alone
 * - delete: `waitForVpcDelete`: GET, DELETE (409 retried), until GET answers 404
 * huaweicloud/services/vpc/data_source_huaweicloud_vpc.go, data_source_huaweicloud_vpcs.go,
 * data_source_huaweicloud_vpcs_by_tags.go: GET /v1/{project_id}/vpcs?enterprise_project_id=all_granted_eps,
 * the tags and the v3 VPC of each; POST /v2.0/{project_id}/vpcs/resource_instances/action.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { listeningTestApp, type TestApp } from '../support/app.js'
import type { ProviderClient } from '../support/go-clients.js'
import { assertNoDiff, createWithoutDiff, exampleBlock, exampleProvider, expectNotFound, terraformExample } from '../support/terraform.js'
import { subnetResource, vpcDataSources, vpcResource, type VpcConfig, type VpcState } from '../support/terraform-vpc.js'

let lp: TestApp & { url: string }
let client: ProviderClient
let config: VpcConfig
before(async () => {
  lp = await listeningTestApp()
  client = (await exampleProvider(lp.url)).client('vpc')
  config = exampleBlock(await terraformExample('vpc.tf'), 'huaweicloud_vpc', 'example') as VpcConfig
})
after(() => lp.close())

/** `secondary_cidrs` is a set. */
const SETS = ['secondary_cidrs']
const assertNoVpcDiff = (state: VpcState, config: VpcConfig) => assertNoDiff(state, config, SETS)
/** The acceptance tests' VPC (resource_huaweicloud_vpc_test.go): 192.168.0.0/16, their description, and `more`. */
const accVpc = (name: string, more: Partial<VpcConfig> = {}): VpcConfig => ({
  name,
  cidr: '192.168.0.0/16',
  description: 'created by acc test',
  ...more,
})

describe('huaweicloud_vpc, as the README configures it', () => {
  let id: string
  let state: VpcState
  let current: VpcConfig

  test('create: the README values come back as written, with the tags and the secondary CIDR', async () => {
    assert.deepEqual(config.secondary_cidrs, ['10.10.0.0/16'], 'the README example has a secondary CIDR')
    ;({ id, state } = await createWithoutDiff(vpcResource, client, config, SETS))
    // Computed attributes (status, description, enterprise project, enhanced_local_route, routes): what the
    // provider stores when the configuration leaves them out.
    assert.deepEqual(
      [state.status, state.description, state.enterprise_project_id, state.enhanced_local_route, state.routes],
      ['OK', '', '0', 'false', []],
    )
    current = config
  })

  test('update: name, description, enhanced_local_route, tags and secondary CIDRs, each as the provider sends them', async () => {
    const next: VpcConfig = {
      ...current,
      name: 'example-vpc-renamed',
      description: 'updated by terraform',
      enhanced_local_route: 'true',
      tags: { env: 'prod', owner: 'network-team' },
      secondary_cidrs: ['10.20.0.0/16', '10.30.0.0/16'],
    }
    state = await vpcResource.update(client, id, current, next)
    assertNoVpcDiff(state, next)
    current = next
    // Clearing the description is sent as an explicit empty string (a *string in UpdateOpts).
    const cleared: VpcConfig = { ...current, description: undefined }
    state = await vpcResource.update(client, id, current, cleared)
    assert.equal(state.description, '')
    current = cleared
  })

  test('import: a read with only the id gives the same state', async () => {
    assert.deepEqual(await vpcResource.read(client, id), state)
  })

  test('data sources: huaweicloud_vpc by name, huaweicloud_vpcs by tag, huaweicloud_vpcs_by_tags', async () => {
    const single = await vpcDataSources.vpc(client, { name: current.name })
    assert.deepEqual(single, {
      id,
      name: current.name,
      cidr: current.cidr,
      enterprise_project_id: '0',
      status: 'OK',
      description: '',
      routes: [],
      tags: current.tags,
      secondary_cidrs: ['10.20.0.0/16', '10.30.0.0/16'],
    })
    const listed = await vpcDataSources.vpcs(client, { tags: { owner: 'network-team' } })
    assert.deepEqual(
      listed.map((v) => [v.id, v.secondary_cidrs]),
      [[id, ['10.20.0.0/16', '10.30.0.0/16']]],
    )
    const byTags = await vpcDataSources.byTags(client, 'vpcs', { action: 'filter', tags: [{ key: 'env', values: ['prod'] }] })
    assert.deepEqual(byTags, {
      total_count: 1,
      resources: [{ resource_name: current.name, resource_id: id, resource_detail: 'null', tags: current.tags }],
    })
    assert.equal((await vpcDataSources.byTags(client, 'vpcs', { action: 'count' })).total_count, 1)
  })

  test('delete: a subnet still in the VPC makes the DELETE answer 409, retried until the subnet is gone, then 404', async () => {
    const subnet = await subnetResource.create(client, { name: 'last-one', vpc_id: id, cidr: '10.30.0.0/24', gateway_ip: '10.30.0.1' })
    let subnetDeleted = false
    const conflicts = await vpcResource.delete(client, id, async () => {
      // Meanwhile Terraform's delete of the subnet completes (the provider's own subnet delete loop).
      if (!subnetDeleted) await subnetResource.delete(client, id, subnet.id)
      subnetDeleted = true
    })
    assert.equal(conflicts, 1)
    assert.equal(await vpcResource.read(client, id), null, 'the read after delete drops the resource')
    assert.equal((await expectNotFound(client.request('GET', `v1/${client.credentials.projectId}/vpcs/${id}`))).body.code, 'VPC.0003')
    await expectNotFound(client.request('GET', `v3/${client.credentials.projectId}/vpc/vpcs/${id}`))
  })
})

describe('huaweicloud_vpc, the acceptance test configurations', () => {
  test('a VPC without tags or secondary CIDRs reads an empty tag map and an empty CIDR list; block_service_endpoint_states is kept', async () => {
    const plain = accVpc('plain-vpc', { cidr: '172.16.0.0/12', block_service_endpoint_states: 'on' })
    const { id, state } = await vpcResource.create(client, plain)
    assert.deepEqual([state.tags, state.secondary_cidrs, state.description], [{}, [], 'created by acc test'])
    const v1 = await client.request('GET', `v1/${client.credentials.projectId}/vpcs/${id}`)
    assert.equal(v1.body.vpc.block_service_endpoint_states, 'on')
    assert.equal(await vpcResource.delete(client, id), 0)
  })

  test('the deprecated secondary_cidr: added at create, replaced on update (remove, then add)', async () => {
    const first = accVpc('secondary-cidr', { secondary_cidr: '168.10.0.0/16' })
    const { id, state } = await vpcResource.create(client, first)
    assertNoVpcDiff(state, { ...first, secondary_cidrs: ['168.10.0.0/16'] })
    const second = { ...first, secondary_cidr: '168.20.0.0/16' }
    assertNoVpcDiff(await vpcResource.update(client, id, first, second), { ...second, secondary_cidrs: ['168.20.0.0/16'] })
    await vpcResource.delete(client, id)
  })

  test('enhanced_local_route set at create is read back as set; secondary_cidrs emptied removes them all', async () => {
    const withRoute = accVpc('elr-vpc', { enhanced_local_route: 'true', secondary_cidrs: ['168.10.0.0/16'] })
    const { id } = await createWithoutDiff(vpcResource, client, withRoute, SETS)
    const emptied = await vpcResource.update(client, id, withRoute, { ...withRoute, secondary_cidrs: [] })
    assert.deepEqual(emptied.secondary_cidrs, [])
    await vpcResource.delete(client, id)
  })
})
