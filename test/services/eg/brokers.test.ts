import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, eventually, type TestApp } from '../../support/app.js'
import { assertEgError, authoriseConnections, readyNetwork, type Network } from '../../support/eg.js'
import { SPECS_MISSING, specErrors, type Deviation } from '../../support/huawei-specs.js'

let lp: TestApp
let net: Network
const base = () => `/v1/${lp.projectId}/connections`
const create = (body: Record<string, unknown>) =>
  lp.call('POST', base(), { body: { vpc_id: net.vpc.id, subnet_id: net.subnet.id, ...body } })
const SECRET = 'Secret-Passw0rd'
const KAFKA = { instance_id: '8516d278-268a-4a8b-8766-9bf9b3302f43', addr: '192.168.0.58:9093,192.168.0.210:9093' }

/** Huawei's ConnectionType enum predates ROCKETMQ, which its current docs add. */
const ROCKETMQ_TYPE: Deviation = {
  path: /^\/type$/,
  keyword: 'enum',
  why: 'the definition lists WEBHOOK and KAFKA only; the docs add ROCKETMQ',
}

before(async () => {
  lp = await createTestApp()
  net = await readyNetwork(lp, 1)
  await authoriseConnections(lp)
})
after(() => lp.close())

/**
 * Answers use the documented spelling, not the SDK's `sasl_ssl` (the user name alone is answered in both). The
 * broker password is answered, as Huawei's definition declares it (src/services/eg/rules.ts says why).
 */
function assertDocumentedSpelling(body: unknown) {
  const text = JSON.stringify(body)
  assert.equal(/"sasl_ssl"/.test(text), false, text)
}

describe('Kafka connections', () => {
  test('the SDK spelling (sasl_ssl, username) is accepted and answered in the documented one, user name in both', async () => {
    const response = await create({
      name: 'kafka-sdk',
      type: 'KAFKA',
      kafka_detail: { ...KAFKA, sasl_ssl: true, username: 'kafka', password: SECRET, acks: 'all' },
    })
    assert.equal(response.status, 200, JSON.stringify(response.body))
    assert.equal(response.body.type, 'KAFKA')
    assert.deepEqual(response.body.kafka_detail, {
      ...KAFKA,
      security_protocol: 'SASL_SSL',
      enable_sasl_ssl: true,
      user_name: 'kafka',
      username: 'kafka',
      password: SECRET,
      acks: 'all',
    })
    assertDocumentedSpelling(response.body)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'CreateConnection', 200, response.body), [])
    // Once settled (immediate mode moves it to CREATED on the next tick), two reads answer the same.
    const shown = await eventually(
      () => lp.call('GET', `${base()}/${response.body.id}`),
      (r) => r.body.status === 'CREATED',
    )
    assert.deepEqual(shown.body, (await lp.call('GET', `${base()}/${response.body.id}`)).body, 'reads are deterministic')
    assertDocumentedSpelling(shown.body)
    assertDocumentedSpelling((await lp.call('GET', base(), { query: { name: 'kafka-sdk' } })).body)
  })

  test('the documented spelling (enable_sasl_ssl, user_name, security_protocol) round-trips; defaults fill the rest', async () => {
    const sasl = await create({
      name: 'kafka-doc',
      type: 'KAFKA',
      kafka_detail: { ...KAFKA, enable_sasl_ssl: true, user_name: 'u', password: SECRET, security_protocol: 'SASL_PLAINTEXT' },
    })
    assert.deepEqual(sasl.body.kafka_detail, {
      ...KAFKA,
      security_protocol: 'SASL_PLAINTEXT',
      enable_sasl_ssl: true,
      user_name: 'u',
      username: 'u',
      password: SECRET,
      acks: '1',
    })
    const plain = await create({ name: 'kafka-plain', type: 'KAFKA', kafka_detail: KAFKA })
    assert.deepEqual(plain.body.kafka_detail, {
      ...KAFKA,
      security_protocol: 'PLAINTEXT',
      enable_sasl_ssl: false,
      user_name: '',
      username: '',
      password: '',
      acks: '1',
    })
    const byInstance = await lp.call('GET', base(), { query: { instance_id: KAFKA.instance_id } })
    assert.ok(byInstance.body.total >= 2)
    assert.ok(byInstance.body.items.every((c: any) => c.kafka_detail.instance_id === KAFKA.instance_id))
  })

  test('inconsistent or incomplete Kafka settings are EG.00513000', async () => {
    const bad = [
      { type: 'KAFKA' },
      { type: 'KAFKA', kafka_detail: { ...KAFKA, enable_sasl_ssl: true, user_name: 'u' } },
      { type: 'KAFKA', kafka_detail: { ...KAFKA, sasl_ssl: true, password: SECRET } },
      { type: 'KAFKA', kafka_detail: { ...KAFKA, sasl_ssl: true, enable_sasl_ssl: false } },
      { type: 'KAFKA', kafka_detail: { ...KAFKA, user_name: 'a', username: 'b' } },
      { type: 'KAFKA', kafka_detail: { ...KAFKA, security_protocol: 'SASL_SSL', enable_sasl_ssl: false } },
      { type: 'KAFKA', kafka_detail: { ...KAFKA, security_protocol: 'TLS' } },
      { kafka_detail: KAFKA },
      { type: 'WEBHOOK', rocketmq_detail: KAFKA },
    ]
    for (const [i, body] of bad.entries()) assertEgError(await create({ name: `bad-${i}`, ...body }), 400, 'EG.00513000')
    // Missing required fields and unknown acks are malformed.
    assertEgError(await create({ name: 'bad-x', type: 'KAFKA', kafka_detail: { addr: KAFKA.addr } }), 400, 'EG.00014000')
    assertEgError(await create({ name: 'bad-y', type: 'KAFKA', kafka_detail: { ...KAFKA, acks: '2' } }), 400, 'EG.00014000')
  })

  test('updating Kafka credentials keeps the new user name and password', async () => {
    const created = await create({
      name: 'kafka-update',
      type: 'KAFKA',
      kafka_detail: { ...KAFKA, enable_sasl_ssl: true, user_name: 'old', password: 'x' },
    })
    const updated = await lp.call('PUT', `${base()}/${created.body.id}`, { body: { kafka_detail: { user_name: 'new', password: SECRET } } })
    assert.equal(updated.status, 200, JSON.stringify(updated.body))
    assert.equal(updated.body.kafka_detail.user_name, 'new')
    assert.equal(updated.body.kafka_detail.password, SECRET)
    assertDocumentedSpelling(updated.body)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'UpdateConnection', 200, updated.body), [])
    const sdkSpelling = await lp.call('PUT', `${base()}/${created.body.id}`, { body: { kafka_detail: { username: 'newer' } } })
    assert.equal(sdkSpelling.body.kafka_detail.user_name, 'newer')
    assert.equal(sdkSpelling.body.kafka_detail.password, SECRET, 'a password not given is kept')
    assertEgError(await lp.call('PUT', `${base()}/${created.body.id}`, { body: { kafka_detail: { user_name: '' } } }), 400, 'EG.00513000')
  })
})

describe('RocketMQ connections', () => {
  test('created and updated, with the password kept and answered', async () => {
    const detail = { instance_id: 'rmq-1', addr: '192.168.0.9:8100', use_tls: true, enable_acl: true, user_name: 'r', password: SECRET }
    const created = await create({ name: 'rocket', type: 'ROCKETMQ', rocketmq_detail: detail })
    assert.equal(created.status, 200, JSON.stringify(created.body))
    assert.deepEqual(created.body.rocketmq_detail, {
      instance_id: 'rmq-1',
      addr: '192.168.0.9:8100',
      use_tls: true,
      enable_acl: true,
      user_name: 'r',
      password: SECRET,
    })
    assert.equal('kafka_detail' in created.body, false)
    assertDocumentedSpelling(created.body)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'CreateConnection', 200, created.body, [ROCKETMQ_TYPE]), [])
    const updated = await lp.call('PUT', `${base()}/${created.body.id}`, { body: { rocketmq_detail: { ...detail, user_name: 'r2' } } })
    assert.equal(updated.body.rocketmq_detail.user_name, 'r2')
    assertDocumentedSpelling(updated.body)
    assertEgError(
      await create({ name: 'rocket-acl', type: 'ROCKETMQ', rocketmq_detail: { ...detail, password: undefined } }),
      400,
      'EG.00513000',
    )
    assertEgError(await lp.call('PUT', `${base()}/${created.body.id}`, { body: { kafka_detail: { user_name: 'k' } } }), 403, 'EG.00514004')
  })
})

describe('UpdateConnection', () => {
  test('sets and clears the description, moves updated_time, keeps everything else', async () => {
    const created = (await create({ name: 'webhook-update', description: 'created by terraform' })).body
    const shown = (
      await eventually(
        () => lp.call('GET', `${base()}/${created.id}`),
        (r) => r.body.status === 'CREATED',
      )
    ).body
    const cleared = await lp.call('PUT', `${base()}/${created.id}`, { body: { description: '' } })
    assert.equal(cleared.status, 200)
    assert.equal(cleared.body.description, '')
    assert.ok(cleared.body.updated_time >= shown.updated_time)
    const { description: _d, updated_time: _u, ...rest } = cleared.body
    const { description: _d2, updated_time: _u2, ...before } = shown
    assert.deepEqual(rest, before)
    assert.equal((await lp.call('GET', `${base()}/${created.id}`)).body.description, '')
    const noop = await lp.call('PUT', `${base()}/${created.id}`, { body: {} })
    assert.equal(noop.body.description, '')
    assertEgError(await lp.call('PUT', `${base()}/${created.id}`, { body: { kafka_detail: { user_name: 'k' } } }), 403, 'EG.00514004')
    assertEgError(await lp.call('PUT', `${base()}/${created.id}`, { body: { description: 'd'.repeat(256) } }), 400, 'EG.00014000')
  })

  test('an unknown connection is 404 EG.00014040 for show, update and delete', async () => {
    const path = `${base()}/00000000-0000-0000-0000-000000000000`
    assertEgError(await lp.call('GET', path), 404, 'EG.00014040')
    assertEgError(await lp.call('PUT', path, { body: { description: 'x' } }), 404, 'EG.00014040')
    assertEgError(await lp.call('DELETE', path), 404, 'EG.00014040')
  })
})
