import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, TEST_CREDENTIALS, type TestApp } from '../../support/app.js'
import { SPECS_MISSING, specErrors, type Deviation } from '../../support/huawei-specs.js'

let lp: TestApp
before(async () => {
  lp = await createTestApp()
})
after(() => lp.close())

const passwordBody = (password: string, scope?: unknown) => ({
  auth: {
    identity: {
      methods: ['password'],
      password: { user: { name: TEST_CREDENTIALS.user, password, domain: { name: TEST_CREDENTIALS.user } } },
    },
    ...(scope ? { scope } : {}),
  },
})
const signIn = (password: string, scope: unknown = { project: { name: 'cn-north-4' } }, query = {}) =>
  lp.call('POST', '/v3/auth/tokens', { as: 'anonymous', body: passwordBody(password, scope), query })

/** Typed string in Huawei's definitions, but null in its own examples (and in Keystone). */
const NULL_LINKS: Deviation = { path: /(links\/(next|previous)|parent_region_id)$/, keyword: 'type', why: 'examples show null' }

function assertKeystoneError(response: { status: number; body: any }, status: number) {
  assert.equal(response.status, status, JSON.stringify(response.body))
  assert.equal(response.body.error.code, status)
  assert.equal(typeof response.body.error.message, 'string')
  assert.equal(typeof response.body.error.title, 'string')
}

describe('tokens', () => {
  test('a password sign-in answers 201, the token in X-Subject-Token, and a Keystone body', async () => {
    const response = await signIn(TEST_CREDENTIALS.password)
    assert.equal(response.status, 201, JSON.stringify(response.body))
    assert.match(response.headers['x-subject-token'] as string, /^MII/)
    const token = response.body.token
    assert.deepEqual(token.project, {
      id: TEST_CREDENTIALS.projectId,
      name: 'cn-north-4',
      domain: { id: TEST_CREDENTIALS.domainId, name: TEST_CREDENTIALS.user },
    })
    assert.deepEqual(token.methods, ['password'])
    assert.match(token.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
    assert.equal(Date.parse(token.expires_at) - Date.parse(token.issued_at), 24 * 3600 * 1000)
    assert.ok(token.catalog.some((entry: { type: string }) => entry.type === 'vpc'))
    if (!SPECS_MISSING) assert.deepEqual(specErrors('IAM', 'KeystoneCreateUserTokenByPassword', 201, response.body), [])
  })

  test('nocatalog empties the catalogue; a domain scope gives a domain token', async () => {
    const response = await signIn(TEST_CREDENTIALS.password, { domain: { name: TEST_CREDENTIALS.user } }, { nocatalog: 'true' })
    assert.equal(response.status, 201)
    assert.deepEqual(response.body.token.catalog, [])
    assert.deepEqual(response.body.token.domain, { id: TEST_CREDENTIALS.domainId, name: TEST_CREDENTIALS.user })
    assert.equal(response.body.token.project, undefined)
  })

  test('a wrong password or user is 401 "The username or password is wrong."', async () => {
    const wrong = await signIn('not-it')
    assertKeystoneError(wrong, 401)
    assert.equal(wrong.body.error.message, 'The username or password is wrong.')
    assert.equal(wrong.headers['x-subject-token'], undefined)
  })

  test('a project of another account, or an unknown one, cannot be the scope', async () => {
    assertKeystoneError(await signIn(TEST_CREDENTIALS.password, { project: { id: 'ffffffffffffffffffffffffffffffff' } }), 401)
    assertKeystoneError(await signIn(TEST_CREDENTIALS.password, { project: { name: 'eu-west-0' } }), 401)
  })

  test('a malformed body is 400 "The request body is invalid"', async () => {
    const response = await lp.call('POST', '/v3/auth/tokens', { as: 'anonymous', body: { auth: { identity: {} } } })
    assertKeystoneError(response, 400)
    assert.equal(response.body.error.message, 'The request body is invalid')
  })

  test('GET /v3/auth/tokens validates a token and echoes X-Subject-Token', async () => {
    const token = (await signIn(TEST_CREDENTIALS.password)).headers['x-subject-token'] as string
    const response = await lp.call('GET', '/v3/auth/tokens', { as: { token }, headers: { 'x-subject-token': token } })
    assert.equal(response.status, 200, JSON.stringify(response.body))
    assert.equal(response.headers['x-subject-token'], token)
    assert.equal(response.body.token.user.name, TEST_CREDENTIALS.user)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('IAM', 'KeystoneValidateToken', 200, response.body), [])
    assertKeystoneError(await lp.call('GET', '/v3/auth/tokens', { as: { token }, headers: { 'x-subject-token': 'MIIunknown' } }), 404)
  })
})

describe('projects, domains and regions (what the SDKs discover with)', () => {
  test("GET /v3/projects?name=<region> finds exactly the account's project in this region", async () => {
    const response = await lp.call('GET', '/v3/projects', { query: { name: 'cn-north-4' } })
    assert.equal(response.status, 200)
    assert.deepEqual(
      response.body.projects.map((p: { id: string }) => p.id),
      [TEST_CREDENTIALS.projectId],
    )
    assert.equal(response.body.projects[0].domain_id, TEST_CREDENTIALS.domainId)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('IAM', 'KeystoneListProjects', 200, response.body, [NULL_LINKS]), [])
    const none = await lp.call('GET', '/v3/projects', { query: { name: 'eu-west-0' } })
    assert.deepEqual(none.body.projects, [])
  })

  test('GET /v3/projects/{id} shows a project of the account; others are 404', async () => {
    const response = await lp.call('GET', `/v3/projects/${TEST_CREDENTIALS.projectId}`)
    assert.equal(response.status, 200)
    assert.equal(response.body.project.name, 'cn-north-4')
    assertKeystoneError(await lp.call('GET', '/v3/projects/ffffffffffffffffffffffffffffffff'), 404)
  })

  test('GET /v3/auth/projects, /v3/auth/domains and /v3/regions', async () => {
    const projects = await lp.call('GET', '/v3/auth/projects')
    assert.equal(projects.body.projects[0].id, TEST_CREDENTIALS.projectId)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('IAM', 'KeystoneListAuthProjects', 200, projects.body, [NULL_LINKS]), [])
    const domains = await lp.call('GET', '/v3/auth/domains')
    assert.deepEqual(
      domains.body.domains.map((d: { id: string; name: string }) => [d.id, d.name]),
      [[TEST_CREDENTIALS.domainId, TEST_CREDENTIALS.user]],
    )
    const regions = await lp.call('GET', '/v3/regions')
    assert.deepEqual(
      regions.body.regions.map((r: { id: string; type: string }) => [r.id, r.type]),
      [['cn-north-4', 'public']],
    )
    if (!SPECS_MISSING) assert.deepEqual(specErrors('IAM', 'KeystoneListRegions', 200, regions.body, [NULL_LINKS]), [])
  })

  test('these need credentials', async () => {
    for (const path of ['/v3/projects', '/v3/auth/projects', '/v3/auth/domains', '/v3/regions']) {
      const response = await lp.call('GET', path, { as: 'anonymous' })
      assert.equal(response.status, 401)
      assert.equal(response.body.error_code, 'APIGW.0301')
    }
  })
})
