import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { QUOTAS } from '../../src/services/eg/quotas.js'
import { eventually, TEST_CREDENTIALS } from '../support/app.js'
import { EG_TIME } from '../support/eg.js'
import { hcClient, sdkError, vpc, vpcClient } from '../support/huawei-sdk.js'
import { SPECS_MISSING, specErrors } from '../support/huawei-specs.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase, type ServerProcess } from '../support/server-process.js'
import { readySdkNetwork } from '../support/vpc.js'

/**
 * EventGrid through the official core SDK's HcClient against a linkplane process. There is no npm EG
 * client, so the requests are defined here the way Huawei's generated clients define theirs.
 */
const JSON_HEADERS = { 'Content-Type': 'application/json' }
const request = (method: string, url: string, extra: Record<string, unknown> = {}) => ({
  method,
  url,
  contentType: 'application/json',
  queryParams: {},
  pathParams: {},
  headers: JSON_HEADERS,
  ...extra,
})
const EG = {
  createConnection: (body: object) => request('POST', '/v1/{project_id}/connections', { data: body, responseHeaders: ['X-Request-Id'] }),
  listConnections: (queryParams: object = {}) => request('GET', '/v1/{project_id}/connections', { queryParams }),
  showDetailOfConnection: (id: string) =>
    request('GET', '/v1/{project_id}/connections/{connection_id}', { pathParams: { connection_id: id } }),
  updateConnection: (id: string, body: object) =>
    request('PUT', '/v1/{project_id}/connections/{connection_id}', {
      pathParams: { connection_id: id },
      data: body,
      responseHeaders: ['X-Request-Id'],
    }),
  deleteConnection: (id: string) =>
    request('DELETE', '/v1/{project_id}/connections/{connection_id}', { pathParams: { connection_id: id } }),
  createAgencies: (type: string) => request('POST', '/v1/{project_id}/service-agencies', { data: { type } }),
  listAgencies: (type: string) => request('GET', '/v1/{project_id}/service-agencies', { queryParams: { type } }),
  listQuotas: (type: string) => request('GET', '/v1/{project_id}/quotas', { queryParams: { type } }),
}

let server: ServerProcess
let client: any
let vpcId: string
let subnetId: string
const credentials = { accessKey: TEST_CREDENTIALS.accessKey, secretKey: TEST_CREDENTIALS.secretKey, projectId: TEST_CREDENTIALS.projectId }

/** The SDK adds the status (and the headers asked for) to the body it returns; the wire body is the rest. */
const wire = ({ httpStatusCode: _s, 'X-Request-Id': _r, ...body }: Record<string, unknown>) => body
const send = (options: object) => client.sendRequest(options)

async function expectError(call: Promise<unknown>, status: number, code: string) {
  const error = await sdkError(call)
  assert.deepEqual([error.httpStatusCode, error.errorCode], [status, code], JSON.stringify(error))
  assert.ok(error.errorMsg.length > 0)
  assert.match(error.requestId, /^[0-9a-f]{32}$/)
  return error
}

before(async () => {
  // Accounts start without EventGrid's agencies here, so that the refusal and CreateAgencies can be observed.
  server = await startServer({ database: await temporaryDatabase(), env: { ...SERVER_CREDENTIALS, LINKPLANE_EG_AGENCIES: 'off' } })
  client = hcClient(server.url, credentials)
  const vpcs = vpcClient(server.url, credentials)
  ;({ vpcId, subnetId } = await readySdkNetwork(vpcs, 'eg-sdk', 8))
})
after(() => server.stop())

const connection = (name: string, extra: object = {}) => EG.createConnection({ name, vpc_id: vpcId, subnet_id: subnetId, ...extra })

describe('EventGrid connections through HcClient', () => {
  test('without the service agency a connection is refused; CreateAgencies and ListAgencies authorise it', async () => {
    await expectError(send(connection('first')), 403, 'EG.00512003')
    assert.deepEqual(wire(await send(EG.listAgencies('TARGET_CONNECTION'))), { agencies: [] })
    const created = await send(EG.createAgencies('TARGET_CONNECTION'))
    assert.equal(created.httpStatusCode, 200)
    assert.deepEqual(wire(created), { agencies: ['EG_DELEGATE_FG_AGENCY'] })
    const listed = await send(EG.listAgencies('TARGET_CONNECTION'))
    assert.deepEqual(wire(listed), { agencies: ['EG_DELEGATE_FG_AGENCY'] })
    if (!SPECS_MISSING) {
      assert.deepEqual(specErrors('EG', 'CreateAgencies', 200, wire(created)), [])
      assert.deepEqual(specErrors('EG', 'ListAgencies', 200, wire(listed)), [])
    }
  })

  test('create, show, update, list, delete', async () => {
    const created = await send(connection('crud', { description: 'created by the SDK' }))
    assert.equal(created.httpStatusCode, 200)
    assert.match(created['X-Request-Id'], /^[0-9a-f]{32}$/)
    const id = created.id
    assert.deepEqual(
      [created.name, created.description, created.status, created.vpc_id, created.subnet_id],
      ['crud', 'created by the SDK', 'CREATING', vpcId, subnetId],
    )
    assert.match(created.created_time, EG_TIME)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'CreateConnection', 200, wire(created)), [])

    const ready = await eventually(
      () => send(EG.showDetailOfConnection(id)),
      (r: any) => r.status === 'CREATED',
    )
    assert.equal(ready.agency, 'EG_DELEGATE_FG_AGENCY')
    assert.deepEqual(wire(await send(EG.showDetailOfConnection(id))), wire(ready), 'a read is deterministic (Terraform import)')
    if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'ShowDetailOfConnection', 200, wire(ready)), [])

    const updated = await send(EG.updateConnection(id, { description: '' }))
    assert.equal(updated.httpStatusCode, 200)
    assert.match(updated['X-Request-Id'], /^[0-9a-f]{32}$/)
    assert.equal(updated.description, '')
    assert.match(updated.updated_time, EG_TIME)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'UpdateConnection', 200, wire(updated)), [])
    assert.equal((await send(EG.showDetailOfConnection(id))).description, '')

    const listed = await send(EG.listConnections({ name: 'crud' }))
    assert.deepEqual([listed.total, listed.size, listed.items.map((c: { id: string }) => c.id)], [1, 1, [id]])
    if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'ListConnections', 200, wire(listed)), [])

    const deleted = await send(EG.deleteConnection(id))
    assert.equal(deleted.httpStatusCode, 204)
    await expectError(send(EG.showDetailOfConnection(id)), 404, 'EG.00014040')
  })

  test('list paging, sorting (name:DESC is name:ASC reversed) and filters', async () => {
    const names = ['kilo', 'juliet', 'lima', 'india', 'kilo-2']
    for (const name of names) await send(connection(name))
    const asc = (await send(EG.listConnections({ sort: 'name:ASC' }))).items.map((c: { name: string }) => c.name)
    const desc = (await send(EG.listConnections({ sort: 'name:DESC' }))).items.map((c: { name: string }) => c.name)
    assert.deepEqual(asc, [...names].sort())
    assert.deepEqual(desc, [...asc].reverse())
    const paged: string[] = []
    for (let offset = 0; offset < names.length; offset += 2) {
      const page = await send(EG.listConnections({ sort: 'name:ASC', offset, limit: 2 }))
      assert.equal(page.total, names.length)
      paged.push(...page.items.map((c: { name: string }) => c.name))
    }
    assert.deepEqual(paged, asc)
    const newest = (await send(EG.listConnections({ limit: 1 }))).items[0].name
    assert.equal(newest, 'kilo-2', 'the default order is created_time:DESC')
    assert.deepEqual(
      (await send(EG.listConnections({ name: 'kilo' }))).items.map((c: { name: string }) => c.name),
      ['kilo'],
    )
    assert.deepEqual(
      (await send(EG.listConnections({ fuzzy_name: 'kil', sort: 'name:ASC' }))).items.map((c: { name: string }) => c.name),
      ['kilo', 'kilo-2'],
    )
    for (const c of (await send(EG.listConnections())).items) await send(EG.deleteConnection(c.id))
  })

  test('every error code the SDK can meet', async () => {
    const existing = await send(connection('errors'))
    await expectError(send(EG.createConnection({ name: 'x', vpc_id: vpcId })), 400, 'EG.00014000')
    await expectError(send(EG.listConnections({ limit: 0 })), 400, 'EG.00014000')
    await expectError(send(connection('default')), 400, 'EG.00513000')
    await expectError(send(connection('bad', { vpc_id: '00000000-0000-0000-0000-000000000000' })), 400, 'EG.00513000')
    await expectError(send(EG.listConnections({ sort: 'id:ASC' })), 400, 'EG.00513000')
    await expectError(send(connection('errors')), 400, 'EG.00513001')
    await expectError(send(EG.updateConnection(existing.id, { kafka_detail: { user_name: 'u' } })), 403, 'EG.00514004')
    await expectError(send(EG.showDetailOfConnection('00000000-0000-0000-0000-000000000000')), 404, 'EG.00014040')
    const other = hcClient(server.url, { ...credentials, projectId: 'ffffffffffffffffffffffffffffffff' })
    await expectError(other.sendRequest(EG.listConnections()), 403, 'EG.00014030')
    const wrongKey = hcClient(server.url, { ...credentials, secretKey: 'not-the-secret-key' })
    await expectError(wrongKey.sendRequest(EG.listConnections()), 401, 'APIGW.0301')
    await send(EG.deleteConnection(existing.id))
  })

  test('10 parallel creates with one name: exactly one succeeds, the others get EG.00513001', async () => {
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => send(connection('same-name'))))
    const won = results.filter((r) => r.status === 'fulfilled')
    assert.equal(won.length, 1)
    for (const lost of results.filter((r) => r.status === 'rejected')) {
      assert.deepEqual([lost.reason.httpStatusCode, lost.reason.errorCode], [400, 'EG.00513001'])
    }
    const listed = await send(EG.listConnections({ name: 'same-name' }))
    assert.equal(listed.total, 1)
    await send(EG.deleteConnection(listed.items[0].id))
  })

  test(`ListQuotas reports CONNECTION use; past the quota of ${QUOTAS.CONNECTION} creating is EG.00514003`, async () => {
    const quota = QUOTAS.CONNECTION!
    const start = (await send(EG.listQuotas('CONNECTION'))).quotas.resources[0]
    assert.deepEqual([start.type, start.quota, start.used], ['CONNECTION', quota, 0])
    const ids: string[] = []
    for (let i = 0; i < quota; i++) ids.push((await send(connection(`quota-${i}`))).id)
    await expectError(send(connection('quota-over')), 403, 'EG.00514003')
    assert.equal((await send(EG.listQuotas('CONNECTION'))).quotas.resources[0].used, quota)
    for (const id of ids) await send(EG.deleteConnection(id))
    assert.equal((await send(EG.listQuotas('CONNECTION'))).quotas.resources[0].used, 0)
  })
})
