/**
 * Replay: `huaweicloud_vpc_subnet` and the subnet data sources, from huaweicloud/terraform-provider-huaweicloud
 * at a0345b8dcc81 (calls transcribed in test/support/terraform-vpc.ts), with the README's configuration
 * (examples/terraform/vpc.tf) and the provider's acceptance test configurations.
 *
 * huaweicloud/services/vpc/resource_huaweicloud_vpc_subnet.go
 * - create: POST /v1/{project_id}/subnets (200 only; golangsdk openstack/networking/v1/subnets `Create`:
 *   `ipv6_enable` and `dhcp_enable` always sent, `dnsList` from `buildSubnetDNSList` (the region's pair when
 *   neither dns_list nor primary_dns is set), `extra_dhcp_opts` from `buildDhcpOpts`); wait UNKNOWN -> ACTIVE
 *   (`waitForVpcSubnetActive`, GET /v1/{project_id}/subnets/{id}); POST /v2.0/{project_id}/subnets/{id}/tags/action
 * - read: GET /v1/{project_id}/subnets/{id} (404 drops it), GET /v2.0/{project_id}/subnets/{id}/tags
 * - update: PUT /v1/{project_id}/vpcs/{vpc_id}/subnets/{id} (200 only; `ntp` and `domainname` sent with a
 *   null value to clear them), tags delete-all then create-all
 * - import: a read with the id alone
 * - delete: `waitForVpcSubnetDelete`: GET (500/403 retried), DELETE (400/404 gone, 500/409 retried) until 404
 * huaweicloud/services/vpc/data_source_huaweicloud_vpc_subnet.go, data_source_huaweicloud_vpc_subnets.go,
 * data_source_huaweicloud_vpc_subnets_by_tags.go: GET /v1/{project_id}/subnets?vpc_id=..., the tags of each;
 * POST /v2.0/{project_id}/subnets/resource_instances/action.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { listeningTestApp, type TestApp } from '../support/app.js'
import type { ProviderClient } from '../support/go-clients.js'
import { assertNoDiff, createWithoutDiff, exampleBlock, exampleProvider, expectNotFound, terraformExample } from '../support/terraform.js'
import {
  PRIVATE_DNS,
  privateIpResource,
  subnetResource,
  vpcDataSources,
  vpcResource,
  type SubnetConfig,
  type SubnetState,
  type VpcConfig,
} from '../support/terraform-vpc.js'

let lp: TestApp & { url: string }
let client: ProviderClient
let example: any
let vpcId: string
before(async () => {
  lp = await listeningTestApp()
  client = (await exampleProvider(lp.url)).client('vpc')
  example = await terraformExample('vpc.tf')
  // The README's VPC, as its own resource makes it: the subnet lies in its secondary CIDR.
  vpcId = (await vpcResource.create(client, exampleBlock(example, 'huaweicloud_vpc', 'example') as VpcConfig)).id
})
after(() => lp.close())

/** The four DHCP options of the acceptance tests' subnets. */
const ACC_DHCP_OPTIONS = {
  dhcp_lease_time: '48h',
  ntp_server_address: '10.100.0.33',
  dhcp_ipv6_lease_time: '4h',
  dhcp_domain_name: 'test.domainname',
}
/** A subnet of the README's VPC in 192.168.`n`.0/24 (its primary CIDR), as the acceptance tests configure theirs. */
const accSubnet = (name: string, n: number, more: Partial<SubnetConfig> = {}): SubnetConfig => ({
  name,
  vpc_id: vpcId,
  cidr: `192.168.${n}.0/24`,
  gateway_ip: `192.168.${n}.1`,
  ...more,
})

describe('huaweicloud_vpc_subnet, as the README configures it', () => {
  let id: string
  let config: SubnetConfig
  let state: SubnetState

  test("create: the README values come back; dnsList defaults to the region's pair", async () => {
    const block = exampleBlock(example, 'huaweicloud_vpc_subnet', 'example')
    assert.equal(block.vpc_id, '${huaweicloud_vpc.example.id}')
    config = { ...(block as SubnetConfig), vpc_id: vpcId }
    ;({ id, state } = await createWithoutDiff(subnetResource, client, config))
    assert.deepEqual(
      [state.dns_list, state.primary_dns, state.secondary_dns, state.dhcp_enable, state.ipv6_enable, state.availability_zone],
      [PRIVATE_DNS['cn-north-4'], '100.125.1.250', '100.125.129.250', true, false, ''],
    )
    assert.match(state.ipv4_subnet_id, /^[0-9a-f-]{36}$/)
    assert.deepEqual([state.ipv6_subnet_id, state.ipv6_cidr, state.ipv6_gateway], ['', '', ''])
    // Not a DHCP option the configuration sets, so the read sets none of them.
    assert.deepEqual([state.ntp_server_address, state.dhcp_domain_name, state.dhcp_lease_time], [undefined, undefined, undefined])
  })

  test('update: name, description, DNS, DHCP options and tags', async () => {
    const next: SubnetConfig = {
      ...config,
      name: 'example-subnet-renamed',
      description: 'updated by acc test',
      dns_list: ['100.125.1.250', '100.125.129.250', '8.8.8.8'],
      ...ACC_DHCP_OPTIONS,
      tags: { env: 'dev', key: 'value_updated' },
    }
    state = await subnetResource.update(client, id, config, next)
    assertNoDiff(state, next)
    config = next
  })

  test('update: clearing the NTP servers and the domain name sends null values, which remove them', async () => {
    const next: SubnetConfig = { ...config, ntp_server_address: undefined, dhcp_domain_name: undefined, dhcp_lease_time: '72h' }
    state = await subnetResource.update(client, id, config, next)
    assert.deepEqual(
      [state.ntp_server_address, state.dhcp_domain_name, state.dhcp_lease_time, state.dhcp_ipv6_lease_time],
      [undefined, undefined, '72h', '4h'],
    )
    config = next
  })

  test('import: a read with only the id gives the same state', async () => {
    assert.deepEqual(await subnetResource.read(client, id), state)
  })

  test('data sources: huaweicloud_vpc_subnet by name and VPC, huaweicloud_vpc_subnets by tag, subnets_by_tags', async () => {
    const single = await vpcDataSources.subnet(client, { vpc_id: vpcId, name: config.name })
    assert.deepEqual(
      [single.id, single.cidr, single.gateway_ip, single.dns_list, single.status, single.ipv4_subnet_id],
      [id, config.cidr, config.gateway_ip, config.dns_list, 'ACTIVE', state.ipv4_subnet_id],
    )
    const listed = await vpcDataSources.subnets(client, { vpc_id: vpcId }, { key: 'value_updated' })
    assert.deepEqual(
      listed.map((s) => [s.id, s.tags]),
      [[id, config.tags]],
    )
    const byTags = await vpcDataSources.byTags(client, 'subnets', { action: 'filter', tags: [{ key: 'env', values: ['dev'] }] })
    assert.deepEqual(
      byTags.resources.map((r) => [r.resource_id, r.resource_name]),
      [[id, config.name]],
    )
  })

  test('delete: the loop ends on 404, and a subnet with a private IP is retried on 409 until it is released', async () => {
    const ip = await privateIpResource.create(client, { subnet_id: id })
    // The private IP's own delete completes meanwhile (Terraform deletes dependants first, in parallel).
    const deletes = await subnetResource.delete(client, vpcId, id, async () => void (await privateIpResource.delete(client, ip.id)))
    assert.deepEqual(deletes, [409, 204])
    assert.equal(await subnetResource.read(client, id), null)
    await expectNotFound(client.request('GET', `v1/${client.credentials.projectId}/subnets/${id}`))
  })
})

describe('huaweicloud_vpc_subnet, other configurations of the acceptance tests', () => {
  test('primary and secondary DNS without dns_list: no dnsList is sent and the list is the two servers', async () => {
    const config = accSubnet('dns-subnet', 0, {
      primary_dns: '100.125.1.250',
      secondary_dns: '100.125.21.250',
      availability_zone: 'cn-north-4a',
      dhcp_lease_time: '24h',
    })
    const { id, state } = await createWithoutDiff(subnetResource, client, config)
    assert.deepEqual(state.dns_list, ['100.125.1.250', '100.125.21.250'])
    await subnetResource.delete(client, vpcId, id)
  })

  test('all four DHCP options at create, as the acceptance test sets them', async () => {
    const { id } = await createWithoutDiff(subnetResource, client, accSubnet('dhcp-subnet', 1, { ...ACC_DHCP_OPTIONS, dhcp_enable: false }))
    await subnetResource.delete(client, vpcId, id)
  })

  test('a subnet outside the VPC, or an IPv6 subnet (not implemented), fails the create with its reason', async () => {
    const outside = await subnetResource
      .create(client, { name: 'outside', vpc_id: vpcId, cidr: '10.99.0.0/24', gateway_ip: '10.99.0.1' })
      .catch((error: any) => error.response?.body)
    assert.equal(outside.code, 'VPC.0203')
    const ipv6 = await subnetResource.create(client, accSubnet('v6', 2, { ipv6_enable: true })).catch((error: any) => error.response?.body)
    assert.equal(ipv6.code, 'VPC.0201')
    assert.match(ipv6.message, /IPv6/)
  })
})
