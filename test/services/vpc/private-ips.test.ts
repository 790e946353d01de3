import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../support/app.js'
import { SPECS_MISSING, specErrors, type Deviation } from '../../support/huawei-specs.js'
import { assertVpcError, readySubnet, readyVpc } from '../../support/vpc.js'

let lp: TestApp
let subnet: any
const base = () => `/v1/${lp.projectId}`
before(async () => {
  lp = await createTestApp()
  const vpc = await readyVpc(lp, { name: 'ips', cidr: '10.0.0.0/16' })
  subnet = await readySubnet(lp, { name: 'ips', cidr: '10.0.1.0/24', gateway_ip: '10.0.1.1', vpc_id: vpc.id })
})
after(() => lp.close())

const reserve = (...privateips: Array<Record<string, unknown>>) => lp.call('POST', `${base()}/privateips`, { body: { privateips } })

/** Huawei's enum for device_owner omits the empty string its own examples use for a free address. */
const DEVICE_OWNER: Deviation = { path: /\/device_owner$/, keyword: 'enum', why: 'the definition\'s examples use "" outside its enum' }

describe('CreatePrivateip', () => {
  test('takes the lowest free address, or the one asked for', async () => {
    const response = await reserve({ subnet_id: subnet.id }, { subnet_id: subnet.id, ip_address: '10.0.1.100' })
    assert.equal(response.status, 200, JSON.stringify(response.body))
    const [auto, fixed] = response.body.privateips
    // .0 is the network address and .1 the gateway.
    assert.equal(auto.ip_address, '10.0.1.2')
    assert.equal(fixed.ip_address, '10.0.1.100')
    assert.deepEqual([auto.status, auto.device_owner, auto.subnet_id, auto.tenant_id], ['DOWN', '', subnet.id, lp.projectId])
  })

  test("the response matches Huawei's CreatePrivateip definition", { skip: SPECS_MISSING }, async () => {
    const response = await reserve({ subnet_id: subnet.id })
    assert.deepEqual(specErrors('VPC', 'CreatePrivateip', 200, response.body, [DEVICE_OWNER]), [])
  })

  test("an address in use is VPC.0701, and so are the gateway and DHCP ports' addresses", async () => {
    await reserve({ subnet_id: subnet.id, ip_address: '10.0.1.50' })
    assertVpcError(await reserve({ subnet_id: subnet.id, ip_address: '10.0.1.50' }), 409, 'VPC.0701')
    for (const taken of ['10.0.1.1', '10.0.1.253', '10.0.1.254']) {
      assertVpcError(await reserve({ subnet_id: subnet.id, ip_address: taken }), 409, 'VPC.0701')
    }
  })

  test('an address outside the subnet, its network or broadcast address, or not an address is VPC.0705', async () => {
    for (const ip of ['10.0.2.5', '10.0.1.0', '10.0.1.255', 'not-an-ip', '10.0.1.300']) {
      assertVpcError(await reserve({ subnet_id: subnet.id, ip_address: ip }), 400, 'VPC.0705')
    }
  })

  test('an unknown subnet is VPC.2204', async () => {
    assertVpcError(await reserve({ subnet_id: '00000000-0000-0000-0000-000000000000' }), 404, 'VPC.2204')
  })

  test('a batch is all or nothing', async () => {
    const before = (await lp.call('GET', `${base()}/subnets/${subnet.id}`)).body.subnet.available_ip_address_count
    assertVpcError(
      await reserve({ subnet_id: subnet.id, ip_address: '10.0.1.60' }, { subnet_id: subnet.id, ip_address: '10.0.9.9' }),
      400,
      'VPC.0705',
    )
    const after = (await lp.call('GET', `${base()}/subnets/${subnet.id}`)).body.subnet.available_ip_address_count
    assert.equal(after, before)
    assert.equal((await reserve({ subnet_id: subnet.id, ip_address: '10.0.1.60' })).status, 200)
  })

  test('a full subnet is VPC.0703: a /28 has 11 free addresses', async () => {
    const vpc = await readyVpc(lp, { name: 'small', cidr: '172.16.0.0/24' })
    const small = await readySubnet(lp, { name: 'small', cidr: '172.16.0.16/28', gateway_ip: '172.16.0.17', vpc_id: vpc.id })
    assert.equal(small.available_ip_address_count, 11)
    const all = await lp.call('POST', `${base()}/privateips`, {
      body: { privateips: Array.from({ length: 11 }, () => ({ subnet_id: small.id })) },
    })
    assert.equal(all.status, 200)
    assert.equal(new Set(all.body.privateips.map((p: { ip_address: string }) => p.ip_address)).size, 11)
    assertVpcError(await reserve({ subnet_id: small.id }), 409, 'VPC.0703')
    assert.equal((await lp.call('GET', `${base()}/subnets/${small.id}`)).body.subnet.available_ip_address_count, 0)
  })

  test('device_owner neutron:VIP_PORT is kept; the address is still released through this API and still blocks its subnet', async () => {
    const vip = await reserve({ subnet_id: subnet.id, ip_address: '10.0.1.200', device_owner: 'neutron:VIP_PORT' })
    assert.equal(vip.status, 200, JSON.stringify(vip.body))
    const id = vip.body.privateips[0].id
    assert.equal((await lp.call('GET', `${base()}/privateips/${id}`)).body.privateip.device_owner, 'neutron:VIP_PORT')
    assertVpcError(await lp.call('DELETE', `${base()}/vpcs/${subnet.vpc_id}/subnets/${subnet.id}`), 409, 'VPC.0208')
    assert.equal((await lp.call('DELETE', `${base()}/privateips/${id}`)).status, 204)
    assertVpcError(await reserve({ subnet_id: subnet.id, device_owner: 'network:dhcp' }), 400, 'VPC.0705')
  })

  test("an empty list or a missing subnet_id is refused with the module's 400", async () => {
    assertVpcError(await lp.call('POST', `${base()}/privateips`, { body: { privateips: [] } }), 400, 'VPC.0705')
    assertVpcError(await lp.call('POST', `${base()}/privateips`, { body: { privateips: [{ ip_address: '10.0.1.9' }] } }), 400, 'VPC.0705')
  })
})

describe('ListPrivateips, ShowPrivateip, DeletePrivateip', () => {
  test('a subnet lists its gateway and DHCP ports and every reserved address, and pages', async () => {
    const vpc = await readyVpc(lp, { name: 'listing', cidr: '192.168.0.0/16' })
    const own = await readySubnet(lp, { name: 'listing', cidr: '192.168.5.0/24', gateway_ip: '192.168.5.1', vpc_id: vpc.id })
    await reserve({ subnet_id: own.id }, { subnet_id: own.id })
    const list = await lp.call('GET', `${base()}/subnets/${own.id}/privateips`)
    assert.equal(list.status, 200)
    const byOwner = list.body.privateips
      .map((p: { ip_address: string; device_owner: string }) => `${p.ip_address} ${p.device_owner}`)
      .sort()
    assert.deepEqual(byOwner, [
      '192.168.5.1 network:router_interface_distributed',
      '192.168.5.2 ',
      '192.168.5.253 network:dhcp',
      '192.168.5.254 network:dhcp',
      '192.168.5.3 ',
    ])
    const page = await lp.call('GET', `${base()}/subnets/${own.id}/privateips`, { query: { limit: 2, marker: list.body.privateips[1].id } })
    assert.deepEqual(
      page.body.privateips.map((p: { id: string }) => p.id),
      list.body.privateips.slice(2, 4).map((p: { id: string }) => p.id),
    )
    if (!SPECS_MISSING) assert.deepEqual(specErrors('VPC', 'ListPrivateips', 200, list.body, [DEVICE_OWNER]), [])
    assertVpcError(await lp.call('GET', `${base()}/subnets/${own.id}/privateips`, { query: { marker: 'nope' } }), 400, 'VPC.0702')
  })

  test('show and delete; the gateway port cannot be deleted (VPC.0707); unknown ids are VPC.0704', async () => {
    const ip = (await reserve({ subnet_id: subnet.id })).body.privateips[0]
    const shown = await lp.call('GET', `${base()}/privateips/${ip.id}`)
    assert.deepEqual(shown.body, { privateip: ip })
    assert.equal((await lp.call('DELETE', `${base()}/privateips/${ip.id}`)).status, 204)
    assertVpcError(await lp.call('GET', `${base()}/privateips/${ip.id}`), 404, 'VPC.0704')
    assertVpcError(await lp.call('DELETE', `${base()}/privateips/${ip.id}`), 404, 'VPC.0704')
    const list = await lp.call('GET', `${base()}/subnets/${subnet.id}/privateips`)
    const gateway = list.body.privateips.find((p: { device_owner: string }) => p.device_owner === 'network:router_interface_distributed')
    assertVpcError(await lp.call('DELETE', `${base()}/privateips/${gateway.id}`), 409, 'VPC.0707')
  })

  test('a released address is handed out again', async () => {
    const vpc = await readyVpc(lp, { name: 'reuse', cidr: '192.168.0.0/16' })
    const own = await readySubnet(lp, { name: 'reuse', cidr: '192.168.6.0/24', gateway_ip: '192.168.6.1', vpc_id: vpc.id })
    const first = (await reserve({ subnet_id: own.id })).body.privateips[0]
    await lp.call('DELETE', `${base()}/privateips/${first.id}`)
    const again = (await reserve({ subnet_id: own.id })).body.privateips[0]
    assert.equal(again.ip_address, first.ip_address)
    assert.notEqual(again.id, first.id)
  })
})
