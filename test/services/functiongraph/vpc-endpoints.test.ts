import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../support/app.js'
import { readyNetwork, type Network } from '../../support/eg.js'
import { SPECS_MISSING, specErrors } from '../../support/huawei-specs.js'

let lp: TestApp
let net: Network
const base = () => `/v2/${lp.projectId}/fgs/vpc-endpoint`
const UNKNOWN = '00000000-0000-0000-0000-000000000000'

before(async () => {
  lp = await createTestApp()
  net = await readyNetwork(lp, 1)
})
after(() => lp.close())

function assertFgsError(response: { status: number; body: any }, status: number, code: string) {
  assert.equal(response.status, status, JSON.stringify(response.body))
  assert.deepEqual(Object.keys(response.body).sort(), ['error_code', 'error_msg'])
  assert.equal(response.body.error_code, code, JSON.stringify(response.body))
  assert.ok(response.body.error_msg.length > 0)
  if (!SPECS_MISSING) assert.deepEqual(specErrors('FunctionGraph', 'CreateVpcEndpoint', status, response.body), [])
}

async function endpointAddresses(subnetId: string) {
  const response = await lp.call('GET', `/v1/${lp.projectId}/subnets/${subnetId}/privateips`)
  return response.body.privateips
    .filter((p: { device_owner: string }) => p.device_owner === 'functiongraph:vpc_endpoint')
    .map((p: { ip_address: string }) => p.ip_address)
    .sort((a: string, b: string) => a.localeCompare(b, 'en', { numeric: true }))
}

/** The seed page lives outside the repository, beside Huawei's definitions. */
const SEED = new URL('../../../../shared/seeds/003_5ae220c7977d0f77.txt', import.meta.url)
const SEED_MISSING = existsSync(SEED) ? false : `the seed page is not at ${SEED.pathname}`

describe('seed page 003: Creating a VPC Endpoint', () => {
  test('the documented example request answers 200 {endpoints, address}, as documented', { skip: SEED_MISSING }, async () => {
    const seed = readFileSync(SEED, 'utf8')
    const request = /vpc-endpoint\n(\{[^}]*\})/.exec(seed)
    assert.ok(request, 'the seed page has its example request')
    const body = JSON.parse(request[1])
    assert.deepEqual(Object.keys(body).sort(), ['flavor', 'subnet_id', 'vpc_id', 'xrole'])
    const response = await lp.call('POST', base(), { body: { ...body, vpc_id: net.vpc.id, subnet_id: net.subnet.id } })
    assert.equal(response.status, 200, JSON.stringify(response.body))
    // The documented response has exactly these two keys: an array of addresses and a domain name.
    const example = JSON.parse(/ok\n(\{[\s\S]*?\})/.exec(seed)![1])
    assert.deepEqual(Object.keys(response.body).sort(), Object.keys(example).sort())
    assert.ok(Array.isArray(response.body.endpoints))
    assert.match(response.body.address, /^https:\/\/[0-9a-f]{16}\.fgs-vpc-endpoint\.cn-north-4\.myhuaweicloud\.com$/)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('FunctionGraph', 'CreateVpcEndpoint', 200, response.body), [])
    assert.equal((await lp.call('DELETE', `${base()}/${net.vpc.id}/${net.subnet.id}`)).status, 204)
  })
})

describe('CreateVpcEndpoint and DeleteVpcEndpoint', () => {
  test('the endpoint takes two addresses of the subnet; a second create answers the same endpoint', async () => {
    const before = await endpointAddresses(net.subnet.id)
    assert.deepEqual(before, [])
    const first = await lp.call('POST', base(), { body: { vpc_id: net.vpc.id, subnet_id: net.subnet.id, xrole: 'fgs_vpc' } })
    assert.equal(first.status, 200)
    assert.equal(first.body.endpoints.length, 2)
    assert.deepEqual(first.body.endpoints, await endpointAddresses(net.subnet.id))
    const second = await lp.call('POST', base(), { body: { vpc_id: net.vpc.id, subnet_id: net.subnet.id, flavor: 'other' } })
    assert.equal(second.status, 200)
    assert.deepEqual(second.body, first.body)
    const listed = await lp.call('GET', base())
    assert.equal(listed.status, 200)
    assert.deepEqual(
      listed.body.vpc_endpoints.map((e: any) => [e.vpc_id, e.subnet_id, e.flavor, e.xrole, e.endpoints, e.address]),
      [[net.vpc.id, net.subnet.id, 'default', 'fgs_vpc', first.body.endpoints, first.body.address]],
    )
    // The subnet cannot be deleted while the endpoint holds addresses in it.
    const blocked = await lp.call('DELETE', `/v1/${lp.projectId}/vpcs/${net.vpc.id}/subnets/${net.subnet.id}`)
    assert.equal(blocked.status, 409)
    assert.match(blocked.body.message, /functiongraph:vpc_endpoint/)

    const deleted = await lp.call('DELETE', `${base()}/${net.vpc.id}/${net.subnet.id}`)
    assert.equal(deleted.status, 204)
    assert.equal(deleted.body, undefined)
    assert.deepEqual(await endpointAddresses(net.subnet.id), [])
    assert.deepEqual((await lp.call('GET', base())).body, { vpc_endpoints: [] })
    // The same endpoint again: the same domain name.
    const again = await lp.call('POST', base(), { body: { vpc_id: net.vpc.id, subnet_id: net.subnet.id } })
    assert.equal(again.body.address, first.body.address)
    await lp.call('DELETE', `${base()}/${net.vpc.id}/${net.subnet.id}`)
  })

  test('parallel creates of one endpoint make one endpoint', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => lp.call('POST', base(), { body: { vpc_id: net.vpc.id, subnet_id: net.subnet.id } })),
    )
    assert.ok(results.every((r) => r.status === 200))
    assert.equal(new Set(results.map((r) => JSON.stringify(r.body))).size, 1)
    assert.equal((await endpointAddresses(net.subnet.id)).length, 2)
    await lp.call('DELETE', `${base()}/${net.vpc.id}/${net.subnet.id}`)
  })

  test('deleting an endpoint that does not exist is 204 (Terraform relies on it)', async () => {
    assert.equal((await lp.call('DELETE', `${base()}/${UNKNOWN}/${UNKNOWN}`)).status, 204)
    assert.equal((await lp.call('DELETE', `${base()}/${net.vpc.id}/${net.subnet.id}`)).status, 204)
  })

  test('a missing VPC or subnet is 404 FSS.0404; a subnet outside the VPC is 400 FSS.0400', async () => {
    const other = await readyNetwork(lp, 2)
    assertFgsError(await lp.call('POST', base(), { body: { vpc_id: UNKNOWN, subnet_id: net.subnet.id } }), 404, 'FSS.0404')
    assertFgsError(await lp.call('POST', base(), { body: { vpc_id: net.vpc.id, subnet_id: UNKNOWN } }), 404, 'FSS.0404')
    assertFgsError(await lp.call('POST', base(), { body: { vpc_id: net.vpc.id, subnet_id: other.subnet.id } }), 400, 'FSS.0400')
  })

  test('a subnet without two free addresses is 400 FSS.0400, and nothing is kept', async () => {
    const small = await readyNetwork(lp, 3, '10.3.0.16/28')
    const fill = await lp.call('POST', `/v1/${lp.projectId}/privateips`, {
      body: { privateips: Array.from({ length: 10 }, () => ({ subnet_id: small.subnet.id })) },
    })
    assert.equal(fill.status, 200)
    assertFgsError(await lp.call('POST', base(), { body: { vpc_id: small.vpc.id, subnet_id: small.subnet.id } }), 400, 'FSS.0400')
    assert.deepEqual(await endpointAddresses(small.subnet.id), [])
    assert.deepEqual((await lp.call('GET', base())).body.vpc_endpoints, [])
  })

  test("malformed bodies are 400 FSS.0400; another project's URL is 403 FSS.0403", async () => {
    assertFgsError(await lp.call('POST', base(), { body: '{' }), 400, 'FSS.0400')
    assertFgsError(await lp.call('POST', base(), { body: { vpc_id: net.vpc.id } }), 400, 'FSS.0400')
    assertFgsError(await lp.call('POST', base(), { body: { vpc_id: net.vpc.id, subnet_id: 7 } }), 400, 'FSS.0400')
    assertFgsError(
      await lp.call('POST', '/v2/ffffffffffffffffffffffffffffffff/fgs/vpc-endpoint', { body: { vpc_id: 'a', subnet_id: 'b' } }),
      403,
      'FSS.0403',
    )
  })
})
