/**
 * The security suite, over real HTTP against a linkplane process: tampered and replayed signatures, wrong
 * keys and projects, dead tokens, cross-tenant reads, oversized and malicious requests. Every case gets its
 * documented status and envelope, and the database is byte-for-byte unchanged afterwards.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { TEST_CREDENTIALS, type Signer } from '../support/app.js'
import { databaseDumpAt } from '../support/database.js'
import { send, signed, type HttpResponse, type Outgoing } from '../support/http-client.js'
import { insertSecondTenant, type SecondTenant } from '../support/second-tenant.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase, type ServerProcess } from '../support/server-process.js'
import { openStore } from '../../src/store/database.js'

const admin: Signer = {
  accessKey: TEST_CREDENTIALS.accessKey,
  secretKey: TEST_CREDENTIALS.secretKey,
  projectId: TEST_CREDENTIALS.projectId,
}
const database = await temporaryDatabase()
let server: ServerProcess
let tenant: SecondTenant
const secrets: string[] = [TEST_CREDENTIALS.secretKey, TEST_CREDENTIALS.password, tenantSecret()]

function tenantSecret() {
  return 'secondTenantSecretKey000000000000000001'
}

const call = (
  signer: Signer | { token: string },
  method: string,
  path: string,
  options: { query?: Record<string, string>; body?: unknown } = {},
) => {
  if ('token' in signer) {
    const host = new URL(server.url).host
    return send(server.url, {
      method,
      path,
      query: options.query,
      headers: { 'content-type': 'application/json', host, 'x-auth-token': signer.token },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    })
  }
  return send(server.url, signed(server.url, signer, method, path, options))
}

async function ok(response: Promise<HttpResponse>, status: number): Promise<any> {
  const result = await response
  assert.equal(result.status, status, JSON.stringify(result.body))
  return result.body
}

/** Deletes a VPC made by a test, once it has left CREATING (a VPC being created is busy: VPC.0103). */
async function deleteVpc(id: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const response = await call(admin, 'DELETE', `${vpcs}/${id}`)
    if (response.status === 204) return
    assert.ok(response.status === 409 && attempt < 100, JSON.stringify(response.body))
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Sends a request that must be refused: the answer must match, and nothing may have been written. */
async function refused(outgoing: Outgoing | (() => Promise<HttpResponse>), status: number, code: string | number) {
  const before = await databaseDumpAt(database)
  const response = typeof outgoing === 'function' ? await outgoing() : await send(server.url, outgoing)
  assert.equal(response.status, status, JSON.stringify(response.body))
  const actualCode = response.body?.error_code ?? response.body?.error?.code
  assert.equal(actualCode, code, JSON.stringify(response.body))
  if (typeof code === 'string') assert.equal(response.body.request_id, response.headers['x-request-id'])
  assert.equal(await databaseDumpAt(database), before, 'nothing is written by a refused request')
  return response
}

async function signIn(name: string, password: string, domain = TEST_CREDENTIALS.user): Promise<string> {
  const response = await send(server.url, {
    method: 'POST',
    path: '/v3/auth/tokens',
    headers: { 'content-type': 'application/json', host: new URL(server.url).host },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name, password, domain: { name: domain } } } },
        scope: { project: { name: 'cn-north-4' } },
      },
    }),
  })
  assert.equal(response.status, 201, JSON.stringify(response.body))
  const token = response.headers['x-subject-token'] as string
  secrets.push(token)
  return token
}

const vpcBody = { vpc: { name: 'tamper', cidr: '10.0.0.0/16' } }
const vpcs = `/v1/${TEST_CREDENTIALS.projectId}/vpcs`

before(async () => {
  server = await startServer({ database, env: { ...SERVER_CREDENTIALS, LINKPLANE_LOG_LEVEL: 'debug' } })
  tenant = await insertSecondTenant(database)
})
after(() => server.stop())

describe('signatures', () => {
  test('a body, path, query or signed header changed after signing is 401 APIGW.0301', async () => {
    const good = signed(server.url, admin, 'POST', vpcs, { body: vpcBody })
    await refused({ ...good, body: JSON.stringify({ vpc: { name: 'tampered', cidr: '10.0.0.0/16' } }) }, 401, 'APIGW.0301')
    await refused({ ...good, path: `/v1/${TEST_CREDENTIALS.projectId}/subnets` }, 401, 'APIGW.0301')
    const list = signed(server.url, admin, 'GET', vpcs, { query: { limit: '1' } })
    await refused({ ...list, query: { limit: '2' } }, 401, 'APIGW.0301')
    await refused({ ...good, headers: { ...good.headers, 'x-project-id': tenant.projectId } }, 401, 'APIGW.0301')
    assert.equal((await send(server.url, list)).status, 200, 'the untampered request passes')
  })

  describe('the signature covers the body that runs', () => {
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
    const original = JSON.stringify(vpcBody)
    const other = JSON.stringify({ vpc: { name: 'smuggled', cidr: '172.16.0.0/12' } })
    /** Refused, nothing written; then a good request from the same address passes (the failure count resets). */
    const refusedBody = async (outgoing: Outgoing, message: RegExp) => {
      const response = await refused(outgoing, 401, 'APIGW.0301')
      assert.match(response.body.error_msg, message)
      await ok(call(admin, 'GET', vpcs), 200)
    }
    const signedWith = (headers: Record<string, string>, body = vpcBody) => {
      const request = signed(server.url, admin, 'POST', vpcs, { body, headers })
      assert.match(request.headers.Authorization, /SignedHeaders=[^,]*x-sdk-content-sha256/, 'the hash header is signed')
      return request
    }

    test("another body sent with an unsigned X-Sdk-Content-Sha256 of the signed body's hash is refused", async () => {
      const good = signed(server.url, admin, 'POST', vpcs, { body: vpcBody })
      await refusedBody(
        { ...good, headers: { ...good.headers, 'x-sdk-content-sha256': sha256(original) }, body: other },
        /X-Sdk-Content-Sha256 header does not match the request body/,
      )
    })
    test('a signed X-Sdk-Content-Sha256 with the body changed after signing is refused', async () => {
      const good = signedWith({ 'X-Sdk-Content-Sha256': sha256(original) })
      await refusedBody({ ...good, body: other }, /does not match the request body/)
      await refusedBody(
        { ...good, headers: { ...good.headers, 'x-sdk-content-sha256': sha256(other) }, body: other },
        /verify aksk signature fail/,
      )
    })
    test('UNSIGNED-PAYLOAD, signed or not, does not let a body run', async () => {
      await refusedBody({ ...signedWith({ 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' }), body: other }, /UNSIGNED-PAYLOAD is not accepted/)
      const good = signed(server.url, admin, 'POST', vpcs, { body: vpcBody })
      await refusedBody(
        { ...good, headers: { ...good.headers, 'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD' } },
        /UNSIGNED-PAYLOAD is not accepted/,
      )
    })
    test('a chunked body is hashed as received: the signed one runs, another one does not', async () => {
      const good = signedWith({ 'X-Sdk-Content-Sha256': sha256(original) })
      await refusedBody({ ...good, headers: { ...good.headers, 'transfer-encoding': 'chunked' }, body: other }, /does not match/)
      const created = await ok(send(server.url, { ...good, headers: { ...good.headers, 'transfer-encoding': 'chunked' } }), 200)
      assert.equal(created.vpc.name, 'tamper')
      assert.equal(created.vpc.cidr, '10.0.0.0/16')
      await deleteVpc(created.vpc.id)
    })
    test('a correct X-Sdk-Content-Sha256 (any case of hex) is accepted', async () => {
      const created = await ok(send(server.url, signedWith({ 'X-Sdk-Content-Sha256': sha256(original).toUpperCase() })), 200)
      await deleteVpc(created.vpc.id)
    })
  })

  test('a request replayed after 15 minutes is 401', async () => {
    const old = signed(server.url, admin, 'POST', vpcs, { body: vpcBody, date: new Date(Date.now() - 16 * 60 * 1000) })
    const response = await refused(old, 401, 'APIGW.0301')
    assert.match(response.body.error_msg, /15 minutes/)
  })

  test('an unknown AK, or the right AK with another SK, is 401 with the same message', async () => {
    const unknown = await refused(
      signed(server.url, { ...admin, accessKey: 'NOSUCHACCESSKEY00001' }, 'POST', vpcs, { body: vpcBody }),
      401,
      'APIGW.0301',
    )
    const wrongSk = await refused(
      signed(server.url, { ...admin, secretKey: 'x'.repeat(40) }, 'POST', vpcs, { body: vpcBody }),
      401,
      'APIGW.0301',
    )
    assert.equal(unknown.body.error_msg, wrongSk.body.error_msg)
  })

  test('5 failed signatures in a row lock that AK for 5 minutes; other keys are unaffected', async () => {
    const user = await ok(call(admin, 'POST', '/v3/users', { body: { user: { name: 'locked', password: 'Locked-password-1' } } }), 201)
    const key = (await ok(call(admin, 'POST', '/v3.0/OS-CREDENTIAL/credentials', { body: { credential: { user_id: user.user.id } } }), 201))
      .credential
    secrets.push(key.secret)
    const owner: Signer = { accessKey: key.access, secretKey: key.secret, projectId: TEST_CREDENTIALS.projectId }
    await ok(call(owner, 'GET', '/v3.0/OS-CREDENTIAL/credentials'), 200)
    for (let i = 0; i < 5; i++)
      await refused(
        signed(server.url, { ...owner, secretKey: 'y'.repeat(40) }, 'GET', '/v3.0/OS-CREDENTIAL/credentials'),
        401,
        'APIGW.0301',
      )
    const locked = await refused(() => call(owner, 'GET', '/v3.0/OS-CREDENTIAL/credentials'), 401, 'APIGW.0301')
    assert.match(locked.body.error_msg, /locked from this address for 5 minutes/)
    await ok(call(admin, 'GET', '/v3.0/OS-CREDENTIAL/credentials'), 200)
  })
})

describe('projects and tokens', () => {
  test("another account's project, in the URL or in X-Project-Id, is refused", async () => {
    await refused(() => call(admin, 'GET', `/v1/${tenant.projectId}/vpcs`), 400, 'VPC.0007')
    await refused(
      () => call({ ...admin, projectId: tenant.projectId }, 'POST', `/v1/${tenant.projectId}/vpcs`, { body: vpcBody }),
      400,
      'VPC.0007',
    )
    const token = await signIn(TEST_CREDENTIALS.user, TEST_CREDENTIALS.password)
    await refused(() => call({ token }, 'POST', `/v1/${tenant.projectId}/vpcs`, { body: vpcBody }), 400, 'VPC.0007')
  })

  test('an expired token is 401', async () => {
    const token = 'MIIlpExpiredTokenForTheSecuritySuite'
    const store = await openStore(database)
    try {
      const admin = await store.db
        .selectFrom('users')
        .select('id')
        .where('domain_id', '=', TEST_CREDENTIALS.domainId)
        .executeTakeFirstOrThrow()
      await store.db
        .insertInto('tokens')
        .values({
          token_hash: createHash('sha256').update(token).digest('hex'),
          user_id: admin.id,
          project_id: TEST_CREDENTIALS.projectId,
          methods: 'password',
          issued_at: new Date(Date.now() - 25 * 3600_000).toISOString(),
          expires_at: new Date(Date.now() - 3600_000).toISOString(),
        })
        .execute()
    } finally {
      await store.close()
    }
    const response = await refused(() => call({ token }, 'POST', vpcs, { body: vpcBody }), 401, 'APIGW.0301')
    assert.match(response.body.error_msg, /must be updated/)
  })

  test('the token of a deleted user is 401 at once', async () => {
    const user = await ok(call(admin, 'POST', '/v3/users', { body: { user: { name: 'short-lived', password: 'Short-lived-1' } } }), 201)
    const token = await signIn('short-lived', 'Short-lived-1')
    await ok(call({ token }, 'GET', `/v3/users/${user.user.id}`), 200)
    await ok(call(admin, 'DELETE', `/v3/users/${user.user.id}`), 204)
    await refused(() => call({ token }, 'GET', `/v3/users/${user.user.id}`), 401, 'APIGW.0301')
    await refused(() => call({ token }, 'POST', vpcs, { body: vpcBody }), 401, 'APIGW.0301')
  })
})

describe('cross-tenant reads by id', () => {
  test("every resource type of another account is not found, in the reading service's envelope", async () => {
    const other = tenant.signer
    const p = tenant.projectId
    const vpc = (await ok(call(other, 'POST', `/v1/${p}/vpcs`, { body: { vpc: { name: 'theirs', cidr: '10.0.0.0/16' } } }), 200)).vpc
    for (let i = 0; i < 100; i++) {
      if ((await call(other, 'GET', `/v1/${p}/vpcs/${vpc.id}`)).body.vpc.status === 'OK') break
      await new Promise((r) => setTimeout(r, 20))
    }
    const subnet = (
      await ok(
        call(other, 'POST', `/v1/${p}/subnets`, {
          body: { subnet: { name: 'theirs', vpc_id: vpc.id, cidr: '10.0.1.0/24', gateway_ip: '10.0.1.1' } },
        }),
        200,
      )
    ).subnet
    for (let i = 0; i < 100; i++) {
      if ((await call(other, 'GET', `/v1/${p}/subnets/${subnet.id}`)).body.subnet.status === 'ACTIVE') break
      await new Promise((r) => setTimeout(r, 20))
    }
    const ip = (await ok(call(other, 'POST', `/v1/${p}/privateips`, { body: { privateips: [{ subnet_id: subnet.id }] } }), 200))
      .privateips[0]
    const user = (await ok(call(other, 'POST', '/v3/users', { body: { user: { name: 'their-user' } } }), 201)).user
    const group = (await ok(call(other, 'POST', '/v3/groups', { body: { group: { name: 'their-group' } } }), 201)).group
    const role = (
      await ok(
        call(other, 'POST', '/v3.0/OS-ROLE/roles', {
          body: {
            role: {
              display_name: 'theirs',
              type: 'XA',
              description: '',
              policy: { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['vpc:*:*'] }] },
            },
          },
        }),
        201,
      )
    ).role
    const key = (await ok(call(other, 'POST', '/v3.0/OS-CREDENTIAL/credentials', { body: { credential: { user_id: user.id } } }), 201))
      .credential
    secrets.push(key.secret)

    const mine = `/v1/${TEST_CREDENTIALS.projectId}`
    const reads: Array<[string, number, string | number]> = [
      [`${mine}/vpcs/${vpc.id}`, 404, 'VPC.0003'],
      [`${mine}/subnets/${subnet.id}`, 404, 'VPC.0202'],
      [`${mine}/subnets/${subnet.id}/privateips`, 404, 'VPC.0202'],
      [`${mine}/privateips/${ip.id}`, 404, 'VPC.0704'],
      [`/v3/users/${user.id}`, 404, 404],
      [`/v3.0/OS-USER/users/${user.id}`, 404, 404],
      [`/v3/groups/${group.id}`, 404, 404],
      [`/v3/groups/${group.id}/users`, 404, 404],
      [`/v3.0/OS-ROLE/roles/${role.id}`, 404, 404],
      [`/v3/roles/${role.id}`, 404, 404],
      [`/v3.0/OS-CREDENTIAL/credentials/${key.access}`, 404, 404],
      [`/v3/projects/${p}`, 404, 404],
      [`/v3/projects/${p}/groups/${group.id}/roles`, 404, 404],
    ]
    for (const [path, status, code] of reads) await refused(() => call(admin, 'GET', path), status, code)
    // Writes by id are refused the same way.
    await refused(() => call(admin, 'DELETE', `/v3/users/${user.id}`), 404, 404)
    await refused(() => call(admin, 'PUT', `/v3/groups/${group.id}/users/${user.id}`), 404, 404)
    await refused(() => call(admin, 'DELETE', `${mine}/vpcs/${vpc.id}`), 404, 'VPC.0003')
    const lists = await ok(call(admin, 'GET', '/v3/users'), 200)
    assert.ok(!lists.users.some((u: { id: string }) => u.id === user.id))
  })
})

describe('request limits', () => {
  test("a body over 12 MB is 413, a deeply nested or over-long array body 400, in the gateway's envelope", async () => {
    const host = new URL(server.url).host
    const huge = Buffer.alloc(12 * 1024 * 1024 + 10, 0x20)
    await refused(
      {
        method: 'POST',
        path: vpcs,
        headers: { 'content-type': 'application/json', host, 'content-length': String(huge.length) },
        body: huge,
        earlyAnswer: true,
      },
      413,
      'APIGW.0201',
    )
    const deep = { vpc: JSON.parse('['.repeat(40) + ']'.repeat(40)) }
    await refused(signed(server.url, admin, 'POST', vpcs, { body: deep }), 400, 'APIGW.0201')
    const wide = {
      vpc: {
        name: 'wide',
        cidr: '10.0.0.0/16',
        routes: Array.from({ length: 2001 }, () => ({ destination: '0.0.0.0/0', nexthop: '10.0.0.1' })),
      },
    }
    await refused(signed(server.url, admin, 'PUT', `${vpcs}/x`, { body: wide }), 400, 'APIGW.0201')
  })

  test('a URL over 32 KB is 414, over 100 headers 400, over 64 KB of headers 431', async () => {
    const host = new URL(server.url).host
    await refused({ method: 'GET', path: `${vpcs}?marker=${'a'.repeat(33 * 1024)}`, headers: { host } }, 414, 'APIGW.0201')
    const many = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`x-extra-${i}`, 'v']))
    await refused({ method: 'GET', path: vpcs, headers: { host, ...many } }, 400, 'APIGW.0201')
    await refused({ method: 'GET', path: vpcs, headers: { host, 'x-big': 'b'.repeat(70 * 1024) } }, 431, 'APIGW.0201')
  })
})

describe('logs', () => {
  test('each denial is explained at debug level; no SK, password or token ever reaches the output', async () => {
    const user = (await ok(call(admin, 'POST', '/v3/users', { body: { user: { name: 'explained', password: 'Explained-pass-1' } } }), 201))
      .user
    const key = (await ok(call(admin, 'POST', '/v3.0/OS-CREDENTIAL/credentials', { body: { credential: { user_id: user.id } } }), 201))
      .credential
    secrets.push(key.secret, 'Explained-pass-1')
    await refused(
      () => call({ accessKey: key.access, secretKey: key.secret, projectId: TEST_CREDENTIALS.projectId }, 'POST', vpcs, { body: vpcBody }),
      403,
      'VPC.2201',
    )
    await new Promise((r) => setTimeout(r, 200))
    // The start-up banner shows the new bootstrap account's credentials once, by design; the logs (JSON lines) never do.
    const output = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .join('\n')
    assert.match(output, /IAM denied vpc:vpcs:create: no policy of explained allows it/)
    for (const secret of secrets) assert.ok(!output.includes(secret), `a secret (${secret.slice(0, 4)}...) appears in the logs`)
  })
})
