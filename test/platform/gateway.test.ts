import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, TEST_CREDENTIALS, type TestApp } from '../support/app.js'
import { expectedSignature } from '../../src/platform/auth/signature.js'
import { AKSKSigner } from '../support/huawei-sdk.js'

let lp: TestApp
before(async () => {
  lp = await createTestApp()
})
after(() => lp.close())

function assertGatewayError(response: { status: number; body: any; headers: any }, status: number, code: string) {
  assert.equal(response.status, status, JSON.stringify(response.body))
  assert.deepEqual(Object.keys(response.body).sort(), ['error_code', 'error_msg', 'request_id'])
  assert.equal(response.body.error_code, code)
  assert.equal(response.body.request_id, response.headers['x-request-id'])
  assert.doesNotMatch(JSON.stringify(response.body), /at .*\.(ts|js):\d+/)
}

/** Signs like the SDK, with `X-Sdk-Date` set to `date`; `mutate` then alters the signed request. */
function signed(path: string, date: Date, secretKey = TEST_CREDENTIALS.secretKey) {
  const sdkDate = `${date.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`
  return AKSKSigner.sign(
    {
      method: 'GET',
      endpoint: `http://localhost:80${path}`,
      headers: { 'content-type': 'application/json', host: 'localhost:80', 'X-Sdk-Date': sdkDate },
      queryParams: {},
    },
    { getAk: () => TEST_CREDENTIALS.accessKey, getSk: () => secretKey },
  )
}

describe('the gateway', () => {
  test('every response carries a 32-hex X-Request-Id, different each time', async () => {
    const a = await lp.call('GET', '/_linkplane/health', { as: 'anonymous' })
    const b = await lp.call('GET', `/v1/${lp.projectId}/vpcs`)
    assert.match(a.headers['x-request-id'] as string, /^[0-9a-f]{32}$/)
    assert.match(b.headers['x-request-id'] as string, /^[0-9a-f]{32}$/)
    assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id'])
  })

  test('an unknown route is 404 APIGW.0101', async () => {
    assertGatewayError(await lp.call('GET', '/v9/nothing/here'), 404, 'APIGW.0101')
    assertGatewayError(await lp.call('PATCH', `/v1/${lp.projectId}/vpcs`), 404, 'APIGW.0101')
  })

  test('a request without credentials is 401 APIGW.0301', async () => {
    assertGatewayError(await lp.call('GET', `/v1/${lp.projectId}/vpcs`, { as: 'anonymous' }), 401, 'APIGW.0301')
  })

  test('a signature made with another secret key, or an unknown access key, is 401 APIGW.0301', async () => {
    const path = `/v1/${lp.projectId}/vpcs`
    const headers = signed(path, new Date(), 'not-the-secret')
    assertGatewayError(await lp.app.inject({ method: 'GET', url: path, headers }).then(json), 401, 'APIGW.0301')
    const unknown = await lp.call('GET', path, { as: { accessKey: 'UNKNOWNACCESSKEY0000', secretKey: 'x' } })
    assertGatewayError(unknown, 401, 'APIGW.0301')
    assert.equal(unknown.body.error_msg, JSON.parse((await lp.app.inject({ method: 'GET', url: path, headers })).body).error_msg)
  })

  test('an X-Sdk-Date more than 15 minutes off is refused; within 15 minutes it is accepted', async () => {
    const path = `/v1/${lp.projectId}/vpcs`
    const now = Date.now()
    for (const offset of [-16, 16]) {
      const headers = signed(path, new Date(now + offset * 60_000))
      assertGatewayError(await lp.app.inject({ method: 'GET', url: path, headers }).then(json), 401, 'APIGW.0301')
    }
    for (const offset of [-14, 14]) {
      const headers = signed(path, new Date(now + offset * 60_000))
      assert.equal((await lp.app.inject({ method: 'GET', url: path, headers })).statusCode, 200)
    }
  })

  test('a correct signature that does not cover X-Sdk-Date is refused', async () => {
    const path = `/v1/${lp.projectId}/vpcs`
    const sdkDate = `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`
    const headers = { 'content-type': 'application/json', host: 'localhost:80', 'x-sdk-date': sdkDate }
    const auth = {
      algorithm: 'SDK-HMAC-SHA256' as const,
      accessKey: TEST_CREDENTIALS.accessKey,
      signedHeaders: ['content-type', 'host'],
      signature: '',
    }
    const signature = expectedSignature(auth, TEST_CREDENTIALS.secretKey, { method: 'GET', url: path, headers, body: undefined }, sdkDate)
    const authorization = `SDK-HMAC-SHA256 Access=${TEST_CREDENTIALS.accessKey}, SignedHeaders=content-type;host, Signature=${signature}`
    const response = json(await lp.app.inject({ method: 'GET', url: path, headers: { ...headers, authorization } }))
    assertGatewayError(response, 401, 'APIGW.0301')
    assert.match(response.body.error_msg, /x-sdk-date/)
  })

  test('a body over 12 MB is 413 APIGW.0201', async () => {
    const response = await lp.call('POST', `/v1/${lp.projectId}/vpcs`, { body: { vpc: { description: 'x'.repeat(12 * 1024 * 1024) } } })
    assertGatewayError(response, 413, 'APIGW.0201')
  })

  test('a token from IAM authenticates service calls', async () => {
    const token = await lp.call('POST', '/v3/auth/tokens', {
      as: 'anonymous',
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: {
              user: { name: TEST_CREDENTIALS.user, password: TEST_CREDENTIALS.password, domain: { name: TEST_CREDENTIALS.user } },
            },
          },
          scope: { project: { name: 'cn-north-4' } },
        },
      },
    })
    assert.equal(token.status, 201, JSON.stringify(token.body))
    const list = await lp.call('GET', `/v1/${lp.projectId}/vpcs`, { as: { token: token.headers['x-subject-token'] as string } })
    assert.equal(list.status, 200)
    assertGatewayError(await lp.call('GET', `/v1/${lp.projectId}/vpcs`, { as: { token: 'MIIforged' } }), 401, 'APIGW.0301')
  })

  test("an X-Project-Id of another account leaves the call without a project (the service's project error)", async () => {
    const response = await lp.call('GET', `/v1/${lp.projectId}/vpcs`, {
      as: { accessKey: TEST_CREDENTIALS.accessKey, secretKey: TEST_CREDENTIALS.secretKey, projectId: 'ffffffffffffffffffffffffffffffff' },
    })
    assert.equal(response.status, 400)
    assert.equal(response.body.error_code, 'VPC.0007')
  })
})

function json(response: { statusCode: number; body: string; headers: any }) {
  return { status: response.statusCode, body: JSON.parse(response.body), headers: response.headers }
}
