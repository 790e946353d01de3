import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { services } from '../../src/services/index.js'
import { createTestApp, TEST_CREDENTIALS, type TestApp } from '../support/app.js'

let lp: TestApp
before(async () => {
  lp = await createTestApp({ lifecycle: { mode: 'manual', scale: 1 } })
})
after(() => lp.close())

describe('/_linkplane', () => {
  test('health answers without credentials', async () => {
    const response = await lp.call('GET', '/_linkplane/health', { as: 'anonymous' })
    assert.equal(response.status, 200)
    assert.equal(response.body.status, 'ok')
    assert.equal(response.body.lifecycle, 'manual')
  })

  test('everything else needs the bootstrap administrator: 401 without credentials', async () => {
    for (const [method, path] of [
      ['GET', '/_linkplane/openapi.json'],
      ['POST', '/_linkplane/lifecycle/advance'],
    ]) {
      const response = await lp.call(method, path, { as: 'anonymous', body: method === 'POST' ? {} : undefined })
      assert.equal(response.status, 401)
      assert.equal(response.body.error_code, 'APIGW.0301')
    }
  })

  test('the OpenAPI document lists every declared operation with its IAM action', async () => {
    const response = await lp.call('GET', '/_linkplane/openapi.json')
    assert.equal(response.status, 200)
    const operations = Object.values(
      response.body.paths as Record<
        string,
        Record<string, { operationId: string; 'x-huawei-operation': string; 'x-iam-action': string | null }>
      >,
    ).flatMap((methods) => Object.values(methods))
    const names = operations.map((o) => o['x-huawei-operation'])
    for (const service of services)
      for (const operation of service.operations) {
        const huaweiName = operation.huaweiName ?? operation.name
        assert.ok(names.includes(huaweiName), huaweiName)
      }
    const createVpc = operations.find((o) => o.operationId === 'CreateVpc')!
    assert.equal(createVpc['x-iam-action'], 'vpc:vpcs:create')
    assert.ok(response.body.paths['/v1/{project_id}/vpcs'].post.requestBody)
  })

  test('advance moves pending transitions one step and reports them', async () => {
    const vpc = (await lp.call('POST', `/v1/${TEST_CREDENTIALS.projectId}/vpcs`, { body: { vpc: { name: 'adv' } } })).body.vpc
    assert.deepEqual(await lp.advance(), [{ kind: 'vpc.vpc-ready', resource_id: vpc.id }])
    assert.deepEqual(await lp.advance(), [])
  })
})
