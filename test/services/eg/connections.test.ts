import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../support/app.js'
import { assertEgError, authoriseConnections, EG_TIME, readyNetwork, type Network } from '../../support/eg.js'
import { SPECS_MISSING, specErrors } from '../../support/huawei-specs.js'

/** Connections in manual lifecycle mode, so the intermediate CREATING status can be seen. */
let lp: TestApp
let net: Network
const base = () => `/v1/${lp.projectId}/connections`
const create = (body: Record<string, unknown>) =>
  lp.call('POST', base(), { body: { vpc_id: net.vpc.id, subnet_id: net.subnet.id, ...body } })

before(async () => {
  lp = await createTestApp({ lifecycle: { mode: 'manual', scale: 1 } })
  net = await readyNetwork(lp, 1)
  await authoriseConnections(lp)
})
after(() => lp.close())

async function addressesOf(subnetId: string) {
  const response = await lp.call('GET', `/v1/${lp.projectId}/subnets/${subnetId}/privateips`)
  return response.body.privateips as Array<{ ip_address: string; device_owner: string }>
}

/** The seed page lives outside the repository, beside Huawei's definitions. */
const SEED = new URL('../../../../shared/seeds/002_dacbdd231c54f695.txt', import.meta.url)
const SEED_MISSING = existsSync(SEED) ? false : `the seed page is not at ${SEED.pathname}`

describe('seed page 002: Creating a Connection', () => {
  test(
    'the documented example request answers 200 with the documented fields and an X-Request-Id header',
    { skip: SEED_MISSING },
    async () => {
      // The seed's example body, with its {{vpc-id}} and {{subnet-id}} placeholders filled.
      const seed = readFileSync(SEED, 'utf8')
      const example = /\/v1\/\{project_id\}\/connections (\{.*\})/.exec(seed)
      assert.ok(example, 'the seed page has its example request')
      const body = JSON.parse(example[1].replace('{{subnet-id}}', net.subnet.id).replace('{{vpc-id}}', net.vpc.id))
      assert.deepEqual(Object.keys(body).sort(), ['description', 'name', 'subnet_id', 'vpc_id'])
      const response = await lp.call('POST', base(), { body })
      assert.equal(response.status, 200, JSON.stringify(response.body))
      assert.match(String(response.headers['x-request-id']), /^[0-9a-f]{32}$/)
      const c = response.body
      for (const field of [
        'id',
        'name',
        'description',
        'status',
        'vpc_id',
        'subnet_id',
        'agency',
        'flavor',
        'created_time',
        'updated_time',
      ]) {
        assert.ok(field in c, `missing ${field}`)
      }
      assert.deepEqual(
        [c.name, c.description, c.status, c.vpc_id, c.subnet_id, c.type],
        ['name', '', 'CREATING', net.vpc.id, net.subnet.id, 'WEBHOOK'],
      )
      assert.equal(c.agency, 'EG_DELEGATE_FG_AGENCY')
      assert.deepEqual(c.flavor, { name: 'default', concurrency_type: 'shared', concurrency: 500, bandwidth_type: 'shared' })
      assert.deepEqual(c.error_info, {})
      assert.match(c.created_time, EG_TIME)
      assert.match(c.updated_time, EG_TIME)
      assert.equal('kafka_detail' in c, false)
      if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'CreateConnection', 200, c), [])
      await lp.advance()
      await lp.call('DELETE', `${base()}/${c.id}`)
    },
  )
})

describe('lifecycle', () => {
  test('CREATING, then CREATED holding one address of the subnet; deleting releases it', async () => {
    const created = (await create({ name: 'lifecycle' })).body
    assert.equal(created.status, 'CREATING')
    assert.equal((await addressesOf(net.subnet.id)).filter((a) => a.device_owner === 'eg:connection').length, 0)
    const moved = await lp.advance()
    assert.ok(moved.some((m) => m.kind === 'eg.connection-ready' && m.resource_id === created.id))
    const shown = await lp.call('GET', `${base()}/${created.id}`)
    assert.equal(shown.body.status, 'CREATED')
    assert.deepEqual(shown.body.error_info, {})
    const held = (await addressesOf(net.subnet.id)).filter((a) => a.device_owner === 'eg:connection')
    assert.equal(held.length, 1)
    // The subnet cannot be deleted under the connection.
    const blocked = await lp.call('DELETE', `/v1/${lp.projectId}/vpcs/${net.vpc.id}/subnets/${net.subnet.id}`)
    assert.equal(blocked.status, 409)
    assert.equal((await lp.call('DELETE', `${base()}/${created.id}`)).status, 204)
    assert.equal((await addressesOf(net.subnet.id)).filter((a) => a.device_owner === 'eg:connection').length, 0)
    assertEgError(await lp.call('GET', `${base()}/${created.id}`), 404, 'EG.00014040')
  })

  test('a subnet with no free address ends CREATE_FAILED with error_info, holding nothing', async () => {
    const small = await readyNetwork(lp, 2, '10.2.0.16/28')
    const fill = await lp.call('POST', `/v1/${lp.projectId}/privateips`, {
      body: { privateips: Array.from({ length: 11 }, () => ({ subnet_id: small.subnet.id })) },
    })
    assert.equal(fill.status, 200, JSON.stringify(fill.body))
    const created = await lp.call('POST', base(), { body: { name: 'no-room', vpc_id: small.vpc.id, subnet_id: small.subnet.id } })
    assert.equal(created.body.status, 'CREATING')
    await lp.advance()
    const failed = (await lp.call('GET', `${base()}/${created.body.id}`)).body
    assert.equal(failed.status, 'CREATE_FAILED')
    assert.equal(failed.error_info.error_code, 'EGS.00511000')
    assert.equal(failed.error_info.error_detail, 'subnet exhausted')
    assert.match(failed.error_info.error_msg, /has no free IP address/)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'ShowDetailOfConnection', 200, failed), [])
    assert.equal((await addressesOf(small.subnet.id)).filter((a) => a.device_owner === 'eg:connection').length, 0)
    assert.equal((await lp.call('DELETE', `${base()}/${created.body.id}`)).status, 204)
  })

  test('updates are allowed while CREATING (Terraform does not wait); deleting a CREATING connection cancels it', async () => {
    const created = (await create({ name: 'early', description: 'x' })).body
    const updated = await lp.call('PUT', `${base()}/${created.id}`, { body: { description: '' } })
    assert.equal(updated.status, 200)
    assert.equal(updated.body.description, '')
    assert.equal((await lp.call('DELETE', `${base()}/${created.id}`)).status, 204)
    const moved = await lp.advance()
    assert.equal(
      moved.some((m) => m.resource_id === created.id),
      false,
    )
    assert.equal((await addressesOf(net.subnet.id)).filter((a) => a.device_owner === 'eg:connection').length, 0)
  })
})

describe('values', () => {
  test('names: letters (either case), digits, ".", "_", "-", starting with a letter or digit, 1..128, not "default"', async () => {
    for (const name of ['A', 'a.b_c-D9', '9lives', 'x'.repeat(128)]) {
      const response = await create({ name })
      assert.equal(response.status, 200, `${name}: ${JSON.stringify(response.body)}`)
      await lp.call('DELETE', `${base()}/${response.body.id}`)
    }
    for (const name of ['', '-a', '.a', '_a', 'a b', 'ä', 'x'.repeat(129), 'default', 'Default', 'DEFAULT']) {
      assertEgError(await create({ name }), 400, 'EG.00513000')
    }
    await lp.advance()
  })

  test("the VPC and subnet must be the caller's, and the subnet in the VPC: EG.00513000", async () => {
    const other = await readyNetwork(lp, 3)
    const unknown = '00000000-0000-0000-0000-000000000000'
    assertEgError(await create({ name: 'n1', vpc_id: unknown }), 400, 'EG.00513000')
    assertEgError(await create({ name: 'n2', subnet_id: unknown }), 400, 'EG.00513000')
    const mismatch = await create({ name: 'n3', subnet_id: other.subnet.id })
    assertEgError(mismatch, 400, 'EG.00513000')
    assert.match(mismatch.body.error_msg, /does not belong to vpc/)
  })

  test('malformed requests are EG.00014000: not JSON, wrong types, missing or over-long fields', async () => {
    assertEgError(await lp.call('POST', base(), { body: '{"name": ' }), 400, 'EG.00014000')
    assertEgError(await create({ name: 123 }), 400, 'EG.00014000')
    assertEgError(await lp.call('POST', base(), { body: { name: 'x', vpc_id: net.vpc.id } }), 400, 'EG.00014000')
    assertEgError(await create({ name: 'x', description: 'd'.repeat(256) }), 400, 'EG.00014000')
    assertEgError(await create({ name: 'x', type: 'HTTP' }), 400, 'EG.00014000')
  })
})
