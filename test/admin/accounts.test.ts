import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, describe, test } from 'node:test'
import { buildApp } from '../../src/app.js'
import { createTestApp, TestApp, testConfig, TEST_CREDENTIALS } from '../support/app.js'
import { temporaryDatabase, temporaryFolder } from '../support/server-process.js'
import { createTenant, tenantVpc } from '../support/tenants.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

let lp: TestApp
before(async () => {
  lp = await createTestApp()
})
after(() => lp.close())

const signIn = (domain: string, user: string, password: string, project = 'cn-north-4') =>
  lp.call('POST', '/v3/auth/tokens', {
    as: 'anonymous',
    body: {
      auth: {
        identity: { methods: ['password'], password: { user: { name: user, password, domain: { name: domain } } } },
        scope: { project: { name: project } },
      },
    },
  })

describe('POST /_linkplane/accounts', () => {
  test('creates a working account and shows its secrets once', async () => {
    const response = await lp.call('POST', '/_linkplane/accounts', { body: { name: 'acme' } })
    assert.equal(response.status, 201, JSON.stringify(response.body))
    const account = response.body.account
    assert.deepEqual(Object.keys(account).sort(), ['access_key', 'domain_id', 'name', 'password', 'project_id', 'secret_key', 'user'])
    assert.equal(account.name, 'acme')
    assert.equal(account.user, 'acme')
    assert.match(account.domain_id, /^[0-9a-f]{32}$/)
    assert.match(account.project_id, /^[0-9a-f]{32}$/)
    assert.match(account.access_key, /^[A-Z0-9]{20}$/)

    // Its AK/SK signs requests in its own project; its password signs in.
    const signer = { accessKey: account.access_key, secretKey: account.secret_key }
    const projects = await lp.call('GET', '/v3/projects', { as: signer, query: { name: 'cn-north-4' } })
    assert.equal(projects.status, 200)
    assert.deepEqual(
      projects.body.projects.map((p: { id: string }) => p.id),
      [account.project_id],
    )
    const token = await signIn('acme', 'acme', account.password)
    assert.equal(token.status, 201, JSON.stringify(token.body))
    assert.equal(token.body.token.project.id, account.project_id)
    const vpcs = await lp.call('GET', `/v1/${account.project_id}/vpcs`, { as: { token: token.headers['x-subject-token'] as string } })
    assert.deepEqual(vpcs.body, { vpcs: [] })

    // Only a hash of the password is stored; the listing carries no secret.
    const row = await lp.linkplane.context.db
      .selectFrom('users')
      .select('password_hash')
      .where('domain_id', '=', account.domain_id)
      .executeTakeFirstOrThrow()
    assert.match(row.password_hash, /^scrypt\$/)
    assert.ok(!row.password_hash.includes(account.password))
    const listed = await lp.call('GET', '/_linkplane/accounts')
    assert.equal(listed.status, 200)
    const entry = listed.body.accounts.find((a: { name: string }) => a.name === 'acme')
    assert.deepEqual(entry, {
      name: 'acme',
      domain_id: account.domain_id,
      project_id: account.project_id,
      user: 'acme',
      access_key: account.access_key,
      created_at: entry.created_at,
    })
    assert.equal(listed.body.accounts[0].name, TEST_CREDENTIALS.user, 'the bootstrap account comes first')
    assert.ok(!JSON.stringify(listed.body).includes(account.secret_key))
    assert.ok(!JSON.stringify(listed.body).includes(account.password))
  })

  test('a taken name is 409, an invalid one 400, a missing one 400', async () => {
    await createTenant(lp, 'taken')
    const again = await lp.call('POST', '/_linkplane/accounts', { body: { name: 'taken' } })
    assert.equal(again.status, 409)
    assert.equal(again.body.error_code, 'LINKPLANE.0409')
    for (const body of [{ name: '' }, { name: 'has space' }, { name: '9starts-with-digit' }, {}, { name: 42 }]) {
      const bad = await lp.call('POST', '/_linkplane/accounts', { body })
      assert.equal(bad.status, 400, JSON.stringify(body))
      assert.equal(bad.body.error_code, 'LINKPLANE.0400')
    }
    const count = await lp.linkplane.context.db
      .selectFrom('domains')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const listed = await lp.call('GET', '/_linkplane/accounts')
    assert.equal(listed.body.accounts.length, Number(count.n), 'nothing half-written')
  })

  test('only the bootstrap administrator may create or list accounts', async () => {
    const tenant = await createTenant(lp, 'notadmin')
    for (const [method, body] of [
      ['POST', { name: 'sneaky' }],
      ['GET', undefined],
    ] as const) {
      const refused = await lp.call(method, '/_linkplane/accounts', { as: tenant.signer, body })
      assert.equal(refused.status, 403)
      assert.equal(refused.body.error_code, 'APIGW.0302')
      const anonymous = await lp.call(method, '/_linkplane/accounts', { as: 'anonymous', body })
      assert.equal(anonymous.status, 401)
    }
    const listed = await lp.call('GET', '/_linkplane/accounts')
    assert.ok(!listed.body.accounts.some((a: { name: string }) => a.name === 'sneaky'))
  })

  test("a tenant cannot read, change or learn of another tenant's VPCs", async () => {
    const a = await createTenant(lp, 'iso-a')
    const b = await createTenant(lp, 'iso-b')
    const vpc = await tenantVpc(lp, a, { name: 'secret-vpc', cidr: '10.1.0.0/16' })
    // By id in B's own project: not found, exactly as for an id that does not exist.
    const read = await lp.call('GET', `/v1/${b.projectId}/vpcs/${vpc.id}`, { as: b.signer })
    const unknown = await lp.call('GET', `/v1/${b.projectId}/vpcs/00000000-0000-0000-0000-000000000000`, { as: b.signer })
    assert.equal(read.status, 404)
    assert.deepEqual({ ...read.body, request_id: '' }, { ...unknown.body, request_id: '' })
    // Naming A's project in the URL with B's credentials: refused before anything is looked up.
    const cross = await lp.call('GET', `/v1/${a.projectId}/vpcs/${vpc.id}`, { as: b.signer })
    assert.equal(cross.status, 400)
    assert.equal(cross.body.code, 'VPC.0007')
    // X-Project-Id of A's project with B's key: no project, no access.
    const header = await lp.call('GET', `/v1/${a.projectId}/vpcs`, { as: { ...b.signer, projectId: a.projectId } })
    assert.equal(header.status, 400)
    const update = await lp.call('PUT', `/v1/${b.projectId}/vpcs/${vpc.id}`, { as: b.signer, body: { vpc: { name: 'mine' } } })
    assert.equal(update.status, 404)
    const remove = await lp.call('DELETE', `/v1/${b.projectId}/vpcs/${vpc.id}`, { as: b.signer })
    assert.equal(remove.status, 404)
    const list = await lp.call('GET', `/v1/${b.projectId}/vpcs`, { as: b.signer })
    assert.deepEqual(list.body.vpcs, [])
    const still = await lp.call('GET', `/v1/${a.projectId}/vpcs/${vpc.id}`, { as: a.signer })
    assert.equal(still.body.vpc.name, 'secret-vpc')
  })
})

describe('LINKPLANE_ACCOUNTS_FILE', () => {
  test('creates the listed accounts at start, generates what is missing, and leaves existing ones alone', async () => {
    const database = await temporaryDatabase()
    const file = join(temporaryFolder(), 'accounts.json')
    const given = {
      name: 'filed',
      domain_id: 'aa'.repeat(16),
      project_id: 'bb'.repeat(16),
      user: 'filed_admin',
      password: 'Filed-password-1',
      access_key: 'FILEDACCESSKEY000001',
      secret_key: 'filedSecretKey00000000000000000000000001',
    }
    writeFileSync(file, JSON.stringify({ accounts: [given, { name: 'generated' }] }))
    const first = await buildApp(testConfig({ database, accountsFile: file }))
    try {
      assert.deepEqual(
        first.bootstrap.accountsCreated.map((a) => a.name),
        ['filed', 'generated'],
      )
      assert.deepEqual(first.bootstrap.accountsCreated[0], given)
      const generated = first.bootstrap.accountsCreated[1]
      assert.match(generated.secret_key, /^[A-Za-z0-9]{40}$/)
      const app = new TestApp(first)
      const vpcs = await app.call('GET', `/v1/${given.project_id}/vpcs`, {
        as: { accessKey: given.access_key, secretKey: given.secret_key },
      })
      assert.equal(vpcs.status, 200, JSON.stringify(vpcs.body))
      await app.call('POST', `/v1/${given.project_id}/vpcs`, {
        as: { accessKey: given.access_key, secretKey: given.secret_key },
        body: { vpc: { name: 'kept' } },
      })
    } finally {
      await first.app.close()
    }
    // Second start with a changed file: the existing account keeps its keys and resources.
    writeFileSync(file, JSON.stringify({ accounts: [{ ...given, access_key: 'OTHERACCESSKEY000001', secret_key: 'x'.repeat(40) }] }))
    const second = await buildApp(testConfig({ database, accountsFile: file }))
    try {
      assert.deepEqual(second.bootstrap.accountsCreated, [])
      const app = new TestApp(second)
      const vpcs = await app.call('GET', `/v1/${given.project_id}/vpcs`, {
        as: { accessKey: given.access_key, secretKey: given.secret_key },
      })
      assert.deepEqual(
        vpcs.body.vpcs.map((v: { name: string }) => v.name),
        ['kept'],
      )
      const listed = await app.call('GET', '/_linkplane/accounts')
      assert.deepEqual(
        listed.body.accounts.map((a: { name: string }) => a.name),
        [TEST_CREDENTIALS.user, 'filed', 'generated'],
      )
    } finally {
      await second.app.close()
    }
  })

  test('an invalid file stops the start with a reason', async () => {
    const database = await temporaryDatabase()
    const file = join(temporaryFolder(), 'accounts.json')
    for (const content of [
      'not json',
      '{"accounts": {}}',
      '{"accounts": [{"user": "x"}]}',
      '{"accounts": [{"name": "x", "project_id": "short"}]}',
    ]) {
      writeFileSync(file, content)
      await assert.rejects(buildApp(testConfig({ database, accountsFile: file })), /accounts\.json/)
    }
  })
})

describe('linkplane accounts', () => {
  const cli = (database: string, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'accounts', ...args, '--database', database], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LINKPLANE_LOG_LEVEL: 'silent' },
    })

  test('create prints the account with its secrets; list shows them without', async () => {
    const database = await temporaryDatabase()
    const created = cli(database, 'create', 'cli-tenant')
    assert.equal(created.status, 0, created.stderr)
    const { account } = JSON.parse(created.stdout)
    assert.equal(account.name, 'cli-tenant')
    assert.match(account.secret_key, /^[A-Za-z0-9]{40}$/)
    const again = cli(database, 'create', 'cli-tenant')
    assert.equal(again.status, 2)
    assert.match(again.stderr, /already exists/)
    const listed = cli(database, 'list')
    assert.equal(listed.status, 0, listed.stderr)
    const lines = listed.stdout.trim().split('\n')
    assert.equal(lines.length, 3, listed.stdout) // header, bootstrap account, cli-tenant
    assert.ok(lines[2].startsWith(`cli-tenant  ${account.domain_id}  ${account.project_id}  cli-tenant  ${account.access_key}`))
    assert.ok(!listed.stdout.includes(account.secret_key))
    assert.ok(!listed.stdout.includes(account.password))
    assert.equal(cli(database, 'create').status, 2)
  })
})
