import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, eventually, type TestApp } from '../../support/app.js'
import { SPECS_MISSING, specErrors } from '../../support/huawei-specs.js'
import { assertVpcError, readySubnet, readyVpc } from '../../support/vpc.js'

let lp: TestApp
let vpc: any
const base = () => `/v1/${lp.projectId}`
before(async () => {
  lp = await createTestApp()
  vpc = await readyVpc(lp, { name: 'subnets', cidr: '192.168.0.0/16' })
})
after(() => lp.close())

const createSubnet = (subnet: Record<string, unknown>) =>
  lp.call('POST', `${base()}/subnets`, { body: { subnet: { vpc_id: vpc.id, ...subnet } } })

describe('CreateSubnet', () => {
  test('answers the subnet in UNKNOWN, which becomes ACTIVE; a /24 offers 251 addresses', async () => {
    const response = await createSubnet({ name: 'web', cidr: '192.168.1.0/24', gateway_ip: '192.168.1.1', primary_dns: '100.125.1.250' })
    assert.equal(response.status, 200, JSON.stringify(response.body))
    const subnet = response.body.subnet
    assert.equal(subnet.status, 'UNKNOWN')
    assert.equal(subnet.vpc_id, vpc.id)
    assert.equal(subnet.neutron_network_id, subnet.id)
    assert.equal(subnet.dhcp_enable, true)
    assert.deepEqual(subnet.dnsList, ['100.125.1.250'])
    assert.equal(subnet.available_ip_address_count, 251)
    const active = await eventually(
      () => lp.call('GET', `${base()}/subnets/${subnet.id}`),
      (r) => r.body.subnet.status === 'ACTIVE',
    )
    assert.equal(active.body.subnet.available_ip_address_count, 251)
  })

  test("the responses match Huawei's CreateSubnet and ListSubnets definitions", { skip: SPECS_MISSING }, async () => {
    const response = await createSubnet({
      name: 'spec',
      cidr: '192.168.2.0/24',
      gateway_ip: '192.168.2.1',
      dnsList: ['100.125.1.250', '100.125.129.250'],
      extra_dhcp_opts: [{ opt_name: 'ntp', opt_value: '10.100.0.33,10.100.0.34' }],
      availability_zone: 'cn-north-4a',
    })
    assert.equal(response.status, 200, JSON.stringify(response.body))
    assert.deepEqual(specErrors('VPC', 'CreateSubnet', 200, response.body), [])
    assert.deepEqual([response.body.subnet.primary_dns, response.body.subnet.secondary_dns], ['100.125.1.250', '100.125.129.250'])
    const list = await lp.call('GET', `${base()}/subnets`, { query: { vpc_id: vpc.id } })
    assert.deepEqual(specErrors('VPC', 'ListSubnets', 200, list.body), [])
  })

  test('an unknown VPC is VPC.0003', async () => {
    const response = await lp.call('POST', `${base()}/subnets`, {
      body: { subnet: { name: 'x', cidr: '10.0.0.0/24', gateway_ip: '10.0.0.1', vpc_id: '00000000-0000-0000-0000-000000000000' } },
    })
    assertVpcError(response, 404, 'VPC.0003')
  })

  const refusals: Array<[string, Record<string, unknown>, number, string]> = [
    ['a CIDR that is not a network address', { cidr: '192.168.10.1/24', gateway_ip: '192.168.10.1' }, 400, 'VPC.0212'],
    ['a mask longer than /28', { cidr: '192.168.10.0/29', gateway_ip: '192.168.10.1' }, 400, 'VPC.0212'],
    ['a CIDR outside the VPC', { cidr: '10.0.0.0/24', gateway_ip: '10.0.0.1' }, 400, 'VPC.0203'],
    ['a gateway outside the subnet', { cidr: '192.168.11.0/24', gateway_ip: '192.168.12.1' }, 400, 'VPC.0201'],
    ['the network address as gateway', { cidr: '192.168.11.0/24', gateway_ip: '192.168.11.0' }, 400, 'VPC.0201'],
    ['a missing gateway', { cidr: '192.168.11.0/24' }, 400, 'VPC.0201'],
    ['an empty name', { name: '', cidr: '192.168.11.0/24', gateway_ip: '192.168.11.1' }, 400, 'VPC.0201'],
    ['an IPv6 DNS server', { cidr: '192.168.11.0/24', gateway_ip: '192.168.11.1', primary_dns: '::1' }, 400, 'VPC.0201'],
    [
      'a dnsList without the primary DNS',
      { cidr: '192.168.11.0/24', gateway_ip: '192.168.11.1', primary_dns: '1.1.1.1', dnsList: ['8.8.8.8'] },
      400,
      'VPC.0201',
    ],
    [
      'five NTP servers',
      {
        cidr: '192.168.11.0/24',
        gateway_ip: '192.168.11.1',
        extra_dhcp_opts: [{ opt_name: 'ntp', opt_value: '1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4,1.1.1.5' }],
      },
      400,
      'VPC.0201',
    ],
    [
      'a lease time of 30001h',
      { cidr: '192.168.11.0/24', gateway_ip: '192.168.11.1', extra_dhcp_opts: [{ opt_name: 'addresstime', opt_value: '30001h' }] },
      400,
      'VPC.0201',
    ],
    [
      'an unknown DHCP option',
      { cidr: '192.168.11.0/24', gateway_ip: '192.168.11.1', extra_dhcp_opts: [{ opt_name: 'router', opt_value: 'x' }] },
      400,
      'VPC.0201',
    ],
    [
      'an unknown availability zone',
      { cidr: '192.168.11.0/24', gateway_ip: '192.168.11.1', availability_zone: 'mars-1a' },
      400,
      'VPC.0201',
    ],
  ]
  for (const [what, subnet, status, code] of refusals) {
    test(`${what} is refused with ${code}`, async () => {
      assertVpcError(await createSubnet({ name: 'bad', ...subnet }), status, code)
    })
  }

  test('a CIDR overlapping a sibling subnet is VPC.0204; the same CIDR in another VPC is fine', async () => {
    assert.equal((await createSubnet({ name: 'a', cidr: '192.168.20.0/24', gateway_ip: '192.168.20.1' })).status, 200)
    assertVpcError(await createSubnet({ name: 'b', cidr: '192.168.20.128/25', gateway_ip: '192.168.20.129' }), 400, 'VPC.0204')
    assertVpcError(await createSubnet({ name: 'c', cidr: '192.168.20.0/24', gateway_ip: '192.168.20.1' }), 400, 'VPC.0204')
    const other = await readyVpc(lp, { name: 'other', cidr: '192.168.0.0/16' })
    const response = await lp.call('POST', `${base()}/subnets`, {
      body: { subnet: { name: 'a', cidr: '192.168.20.0/24', gateway_ip: '192.168.20.1', vpc_id: other.id } },
    })
    assert.equal(response.status, 200)
  })

  test('concurrent creates of overlapping subnets: exactly one succeeds', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createSubnet({ name: `race-${i}`, cidr: '192.168.30.0/24', gateway_ip: '192.168.30.1' })),
    )
    assert.equal(attempts.filter((r) => r.status === 200).length, 1)
    for (const r of attempts.filter((r) => r.status !== 200)) assertVpcError(r, 400, 'VPC.0204')
  })
})

describe('ListSubnets and ShowSubnet', () => {
  test('filters by vpc_id and pages with marker and limit', async () => {
    const own = await readyVpc(lp, { name: 'paging', cidr: '10.10.0.0/16' })
    const ids: string[] = []
    for (let i = 0; i < 4; i++) {
      const r = await lp.call('POST', `${base()}/subnets`, {
        body: { subnet: { name: `p${i}`, cidr: `10.10.${i}.0/24`, gateway_ip: `10.10.${i}.1`, vpc_id: own.id } },
      })
      ids.push(r.body.subnet.id)
      await new Promise((resolve) => setTimeout(resolve, 2)) // one millisecond apart: see ListVpcs
    }
    const all = await lp.call('GET', `${base()}/subnets`, { query: { vpc_id: own.id } })
    assert.deepEqual(
      all.body.subnets.map((s: { id: string }) => s.id),
      ids,
    )
    const page = await lp.call('GET', `${base()}/subnets`, { query: { vpc_id: own.id, marker: ids[0], limit: 2 } })
    assert.deepEqual(
      page.body.subnets.map((s: { id: string }) => s.id),
      ids.slice(1, 3),
    )
    assertVpcError(await lp.call('GET', `${base()}/subnets`, { query: { marker: 'unknown' } }), 400, 'VPC.0201')
  })

  test('an unknown subnet is 404 VPC.0202', async () => {
    assertVpcError(await lp.call('GET', `${base()}/subnets/00000000-0000-0000-0000-000000000000`), 404, 'VPC.0202')
  })
})

describe('UpdateSubnet', () => {
  test('changes name, description and DNS, and answers only id and status', async () => {
    const subnet = await readySubnet(lp, { name: 'upd', cidr: '192.168.40.0/24', gateway_ip: '192.168.40.1', vpc_id: vpc.id })
    const response = await lp.call('PUT', `${base()}/vpcs/${vpc.id}/subnets/${subnet.id}`, {
      body: { subnet: { name: 'renamed', description: 'd', primary_dns: '8.8.8.8', secondary_dns: '8.8.4.4' } },
    })
    assert.equal(response.status, 200)
    assert.deepEqual(response.body, { subnet: { id: subnet.id, status: 'ACTIVE' } })
    const shown = (await lp.call('GET', `${base()}/subnets/${subnet.id}`)).body.subnet
    assert.deepEqual(
      [shown.name, shown.description, shown.primary_dns, shown.secondary_dns, shown.dnsList],
      ['renamed', 'd', '8.8.8.8', '8.8.4.4', ['8.8.8.8', '8.8.4.4']],
    )
    assert.equal(shown.cidr, '192.168.40.0/24')
  })

  test('DHCP options: all four names; an update changes the ones it names, keeps the others, and null removes one', async () => {
    const subnet = await readySubnet(lp, {
      name: 'dhcp',
      cidr: '192.168.42.0/24',
      gateway_ip: '192.168.42.1',
      vpc_id: vpc.id,
      extra_dhcp_opts: [
        { opt_name: 'addresstime', opt_value: '48h' },
        { opt_name: 'ipv6_addresstime', opt_value: '4h' },
        { opt_name: 'ntp', opt_value: '10.100.0.33' },
        { opt_name: 'domainname', opt_value: 'test.domainname' },
      ],
    })
    assert.equal(subnet.extra_dhcp_opts.length, 4)
    const update = (extra_dhcp_opts: unknown[]) =>
      lp.call('PUT', `${base()}/vpcs/${vpc.id}/subnets/${subnet.id}`, { body: { subnet: { name: 'dhcp', extra_dhcp_opts } } })
    assert.equal(
      (
        await update([
          { opt_name: 'addresstime', opt_value: '-1' },
          { opt_name: 'ntp', opt_value: null },
          { opt_name: 'domainname', opt_value: null },
        ])
      ).status,
      200,
    )
    const shown = (await lp.call('GET', `${base()}/subnets/${subnet.id}`)).body.subnet
    assert.deepEqual(shown.extra_dhcp_opts, [
      { opt_name: 'ipv6_addresstime', opt_value: '4h' },
      { opt_name: 'addresstime', opt_value: '-1' },
    ])
    assertVpcError(await update([{ opt_name: 'domainname', opt_value: 'not a domain' }]), 400, 'VPC.0201')
    assertVpcError(await update([{ opt_name: 'ipv6_addresstime', opt_value: '0h' }]), 400, 'VPC.0201')
  })

  test('IPv6 is not implemented: ipv6_enable true is refused at create and update', async () => {
    assertVpcError(
      await createSubnet({ name: 'v6', cidr: '192.168.43.0/24', gateway_ip: '192.168.43.1', ipv6_enable: true }),
      400,
      'VPC.0201',
    )
    const subnet = await readySubnet(lp, {
      name: 'v4',
      cidr: '192.168.43.0/24',
      gateway_ip: '192.168.43.1',
      vpc_id: vpc.id,
      ipv6_enable: false,
    })
    assertVpcError(
      await lp.call('PUT', `${base()}/vpcs/${vpc.id}/subnets/${subnet.id}`, { body: { subnet: { name: 'v4', ipv6_enable: true } } }),
      400,
      'VPC.0201',
    )
  })

  test('a subnet addressed through another VPC is VPC.0207', async () => {
    const subnet = await readySubnet(lp, { name: 'mine', cidr: '192.168.41.0/24', gateway_ip: '192.168.41.1', vpc_id: vpc.id })
    const other = await readyVpc(lp, { name: 'not-mine' })
    assertVpcError(
      await lp.call('PUT', `${base()}/vpcs/${other.id}/subnets/${subnet.id}`, { body: { subnet: { name: 'x' } } }),
      400,
      'VPC.0207',
    )
    assertVpcError(await lp.call('DELETE', `${base()}/vpcs/${other.id}/subnets/${subnet.id}`), 400, 'VPC.0207')
  })
})

describe('DeleteSubnet', () => {
  test('is refused with VPC.0208 while a private IP is reserved in it, and succeeds once it is released', async () => {
    const subnet = await readySubnet(lp, { name: 'del', cidr: '192.168.50.0/24', gateway_ip: '192.168.50.1', vpc_id: vpc.id })
    const ip = await lp.call('POST', `${base()}/privateips`, { body: { privateips: [{ subnet_id: subnet.id }] } })
    assert.equal(ip.status, 200)
    assertVpcError(await lp.call('DELETE', `${base()}/vpcs/${vpc.id}/subnets/${subnet.id}`), 409, 'VPC.0208')
    assert.equal((await lp.call('DELETE', `${base()}/privateips/${ip.body.privateips[0].id}`)).status, 204)
    assert.equal((await lp.call('DELETE', `${base()}/vpcs/${vpc.id}/subnets/${subnet.id}`)).status, 204)
    assertVpcError(await lp.call('GET', `${base()}/subnets/${subnet.id}`), 404, 'VPC.0202')
  })
})

describe('while a subnet is UNKNOWN (manual lifecycle)', () => {
  test('it cannot be updated or deleted (VPC.0205)', async () => {
    const manual = await createTestApp({ lifecycle: { mode: 'manual', scale: 1 } })
    const own = await readyVpc(manual, { name: 'm', cidr: '10.0.0.0/16' })
    const created = await manual.call('POST', `/v1/${manual.projectId}/subnets`, {
      body: { subnet: { name: 's', cidr: '10.0.0.0/24', gateway_ip: '10.0.0.1', vpc_id: own.id } },
    })
    const path = `/v1/${manual.projectId}/vpcs/${own.id}/subnets/${created.body.subnet.id}`
    assertVpcError(await manual.call('PUT', path, { body: { subnet: { name: 'x' } } }), 409, 'VPC.0205')
    assertVpcError(await manual.call('DELETE', path), 409, 'VPC.0205')
    await manual.advance()
    assert.equal((await manual.call('DELETE', path)).status, 204)
    await manual.close()
  })
})
