import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { egStyle } from '../../../src/services/eg/errors.js'
import { QUOTAS } from '../../../src/services/eg/quotas.js'
import { createTestApp, type TestApp } from '../../support/app.js'
import { assertEgError, authoriseConnections, readyNetwork, type Network } from '../../support/eg.js'
import { SPECS_MISSING, specErrors } from '../../support/huawei-specs.js'

let lp: TestApp
let net: Network
const connections = () => `/v1/${lp.projectId}/connections`
const agencies = () => `/v1/${lp.projectId}/service-agencies`
const create = (name: string) => lp.call('POST', connections(), { body: { name, vpc_id: net.vpc.id, subnet_id: net.subnet.id } })

before(async () => {
  // Accounts start without EventGrid's agencies here, so that authorising them can be observed.
  lp = await createTestApp({ egAgencies: 'off' })
  net = await readyNetwork(lp, 1)
})
after(() => lp.close())

describe('service agencies', () => {
  test('without the TARGET_CONNECTION agency a connection is 403 EG.00512003; once authorised it works', async () => {
    const refused = await create('needs-agency')
    assertEgError(refused, 403, 'EG.00512003')
    assert.match(refused.body.error_msg, /EG_DELEGATE_FG_AGENCY/)
    // Other scenarios' agencies do not count.
    await lp.call('POST', agencies(), { body: { type: 'EG_RESTORE_AGENCY' } })
    assertEgError(await create('needs-agency'), 403, 'EG.00512003')

    assert.deepEqual((await lp.call('GET', agencies(), { query: { type: 'TARGET_CONNECTION' } })).body, { agencies: [] })
    const created = await lp.call('POST', agencies(), { body: { type: 'TARGET_CONNECTION' } })
    assert.equal(created.status, 200)
    assert.deepEqual(created.body, { agencies: ['EG_DELEGATE_FG_AGENCY'] })
    if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'CreateAgencies', 200, created.body), [])
    const again = await lp.call('POST', agencies(), { body: { type: 'TARGET_CONNECTION' } })
    assert.deepEqual(again.body, created.body)
    const listed = await lp.call('GET', agencies(), { query: { type: 'TARGET_CONNECTION' } })
    assert.deepEqual(listed.body, { agencies: ['EG_DELEGATE_FG_AGENCY'] })
    if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'ListAgencies', 200, listed.body), [])
    assert.deepEqual((await lp.call('GET', agencies(), { query: { type: 'CUSTOM_SOURCE_RABBITMQ' } })).body, { agencies: [] })

    const connection = await create('needs-agency')
    assert.equal(connection.status, 200)
    assert.equal(connection.body.agency, 'EG_DELEGATE_FG_AGENCY')
    await lp.call('DELETE', `${connections()}/${connection.body.id}`)
  })

  test('an unknown or missing type is EG.00014000', async () => {
    assertEgError(await lp.call('POST', agencies(), { body: { type: 'ANYTHING' } }), 400, 'EG.00014000')
    assertEgError(await lp.call('POST', agencies(), { body: {} }), 400, 'EG.00014000')
    assertEgError(await lp.call('GET', agencies()), 400, 'EG.00014000')
  })
})

describe('names under concurrency', () => {
  test('a duplicate name is EG.00513001; of 10 parallel creates with one name exactly one succeeds', async () => {
    await authoriseConnections(lp)
    const first = await create('taken')
    assert.equal(first.status, 200)
    assertEgError(await create('taken'), 400, 'EG.00513001')
    const results = await Promise.all(Array.from({ length: 10 }, () => create('raced')))
    const won = results.filter((r) => r.status === 200)
    assert.equal(won.length, 1, JSON.stringify(results.map((r) => r.status)))
    for (const lost of results.filter((r) => r.status !== 200)) assertEgError(lost, 400, 'EG.00513001')
    const listed = await lp.call('GET', connections(), { query: { name: 'raced' } })
    assert.deepEqual(
      listed.body.items.map((c: { id: string }) => c.id),
      [won[0].body.id],
    )
    // The losers took no quota.
    const quota = await lp.call('GET', `/v1/${lp.projectId}/quotas`, { query: { type: 'CONNECTION' } })
    assert.equal(quota.body.quotas.resources[0].used, (await lp.call('GET', connections())).body.total)
    for (const id of [first.body.id, won[0].body.id]) await lp.call('DELETE', `${connections()}/${id}`)
  })
})

describe('quotas', () => {
  test(`a project holds ${QUOTAS.CONNECTION} connections; one more is 403 EG.00514003; deleting frees a unit`, async () => {
    const quota = QUOTAS.CONNECTION!
    await authoriseConnections(lp)
    const before = (await lp.call('GET', connections())).body.total
    assert.equal(before, 0)
    const ids: string[] = []
    for (let i = 0; i < quota; i++) {
      const response = await create(`q${i}`)
      assert.equal(response.status, 200, JSON.stringify(response.body))
      ids.push(response.body.id)
    }
    assertEgError(await create('one-too-many'), 403, 'EG.00514003')
    const shown = await lp.call('GET', `/v1/${lp.projectId}/quotas`, { query: { type: 'CONNECTION' } })
    assert.equal(shown.status, 200)
    assert.deepEqual(shown.body, {
      quotas: { resources: [{ name: 'CONNECTION', type: 'CONNECTION', quota, used: quota, max: quota, min: 0 }] },
    })
    // Parallel creates at the limit cannot overshoot it.
    await lp.call('DELETE', `${connections()}/${ids.pop()}`)
    const raced = await Promise.all(Array.from({ length: 5 }, (_, i) => create(`last-${i}`)))
    assert.equal(raced.filter((r) => r.status === 200).length, 1)
    for (const lost of raced.filter((r) => r.status !== 200)) assertEgError(lost, 403, 'EG.00514003')
    assert.equal((await lp.call('GET', connections())).body.total, quota)
  })

  test('every documented type is accepted; only CONNECTION is counted; an unknown type is EG.00014000', async () => {
    const all = await lp.call('GET', `/v1/${lp.projectId}/quotas`)
    assert.deepEqual(
      all.body.quotas.resources.map((r: { type: string }) => r.type),
      ['CONNECTION'],
    )
    assert.deepEqual((await lp.call('GET', `/v1/${lp.projectId}/quotas`, { query: { type: 'CHANNEL' } })).body, {
      quotas: { resources: [] },
    })
    assertEgError(await lp.call('GET', `/v1/${lp.projectId}/quotas`, { query: { type: 'BUCKET' } }), 400, 'EG.00014000')
  })
})

describe('the error envelope', () => {
  test('unexpected failures are 500 EG.00015000 in the EG envelope', () => {
    const error = egStyle.internal()
    assert.equal(error.status, 500)
    assert.deepEqual(egStyle.body(error, 'r1'), {
      error_code: 'EG.00015000',
      error_msg: 'Internal Server Error',
      error_details: 'Internal Server Error',
      request_id: 'r1',
    })
  })

  test("a URL naming another project is 403 EG.00014030; bad credentials are the gateway's 401 APIGW.0301", async () => {
    assertEgError(await lp.call('GET', '/v1/ffffffffffffffffffffffffffffffff/quotas'), 403, 'EG.00014030')
    const anonymous = await lp.call('GET', connections(), { as: 'anonymous' })
    assert.equal(anonymous.status, 401)
    assert.equal(anonymous.body.error_code, 'APIGW.0301')
  })
})
