import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { adminService } from '../../src/admin/operations.js'
import { services } from '../../src/services/index.js'
import { COORDINATION_TABLES, STATE_TABLES } from '../../src/state/owners.js'
import { LATEST_SCHEMA, openScratchStore } from '../../src/store/scratch.js'
import { createTestApp, eventually, TEST_CREDENTIALS, type Signer, type TestApp } from '../support/app.js'
import { populateEveryService, type Read } from '../support/every-service.js'
import { signIn } from '../support/iam-users.js'
import { temporaryFolder } from '../support/server-process.js'
import { readySubnet, readyVpc } from '../support/vpc.js'

const opened: TestApp[] = []
async function app(...args: Parameters<typeof createTestApp>): Promise<TestApp> {
  const lp = await createTestApp(...args)
  opened.push(lp)
  return lp
}
after(() => Promise.all(opened.map((lp) => lp.close())))

/** What two answers tell, without what differs per request (request ids, the time of the answer). */
function comparable(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(comparable)
  if (body === null || typeof body !== 'object') return body
  return Object.fromEntries(
    Object.entries(body)
      .filter(([key]) => key !== 'request_id' && key !== 'current_time')
      .map(([key, value]) => [key, comparable(value)]),
  )
}

/** The declared operation a read calls. */
function operationOf(read: Read): string {
  for (const service of [...services, adminService(services)]) {
    for (const operation of service.operations) {
      const pattern = new RegExp(`^${operation.path.replace(/:[A-Za-z_]+/g, '[^/]+')}$`)
      if (operation.method === read.method && pattern.test(read.path)) return `${service.name}.${operation.name}`
    }
  }
  throw new Error(`no operation answers ${read.method} ${read.path}`)
}

async function exported(lp: TestApp, as?: Signer): Promise<any> {
  const response = await lp.call('GET', '/_linkplane/state', { as })
  assert.equal(response.status, 200, JSON.stringify(response.body))
  return response.body
}

async function imported(lp: TestApp, document: unknown): Promise<any> {
  const response = await lp.call('PUT', '/_linkplane/state', { body: document })
  assert.equal(response.status, 200, JSON.stringify(response.body))
  return response.body
}

const rowCounts = (document: any): Record<string, number> =>
  Object.fromEntries(
    Object.values(document.data as Record<string, Record<string, unknown[]>>).flatMap((tables) =>
      Object.entries(tables).map(([t, rows]) => [t, rows.length]),
    ),
  )

describe('the state document', () => {
  test('every table the migrations create has exactly one owner, and is in the document unless it coordinates processes', async () => {
    const scratch = await openScratchStore()
    try {
      const tables = (await scratch.db.introspection.getTables()).map((t) => t.name).sort()
      assert.deepEqual([...STATE_TABLES, ...COORDINATION_TABLES].sort(), tables)
      assert.equal(new Set(STATE_TABLES).size, STATE_TABLES.length)
    } finally {
      await scratch.close()
    }
    const document = await exported(await app())
    assert.deepEqual(Object.keys(rowCounts(document)).sort(), [...STATE_TABLES].sort())
    assert.deepEqual([document.format, document.version, document.schema], ['linkplane-state', 1, LATEST_SCHEMA])
  })

  test('only the bootstrap administrator exports, imports or resets', async () => {
    const lp = await app()
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await lp.call(method, '/_linkplane/state', { as: 'anonymous', body: method === 'PUT' ? {} : undefined })
      assert.deepEqual([response.status, response.body.error_code], [401, 'APIGW.0301'], method)
    }
  })
})

describe('an export imported on a fresh server', () => {
  test('gives the same answers to every read of every service, and exports the same document again', async () => {
    const a = await app()
    const reads = await populateEveryService(a)
    const document = await exported(a)
    const b = await app()
    const result = await imported(b, document)
    assert.deepEqual(result.schema, { document: LATEST_SCHEMA, imported: LATEST_SCHEMA })
    assert.equal(
      result.rows,
      Object.values(rowCounts(document)).reduce((n, c) => n + c, 0),
    )

    // The reads cover every read operation there is, but those that tell about the process rather than the
    // state (health, metrics) and the export itself.
    const covered = new Set(reads.map(operationOf))
    for (const service of [...services, adminService(services)]) {
      for (const operation of service.operations) {
        if (
          (operation.method === 'GET' || operation.method === 'HEAD') &&
          !['Health', 'GetMetrics', 'ExportState'].includes(operation.name)
        ) {
          assert.ok(covered.has(`${service.name}.${operation.name}`), `no read calls ${service.name}.${operation.name}`)
        }
      }
    }
    for (const read of reads) {
      const [before, after] = [await a.call(read.method, read.path, read.options), await b.call(read.method, read.path, read.options)]
      assert.ok(before.status < 300, `${read.method} ${read.path}: ${before.status} ${JSON.stringify(before.body)}`)
      assert.equal(after.status, before.status, `${read.method} ${read.path}`)
      assert.deepEqual(comparable(after.body), comparable(before.body), `${read.method} ${read.path}`)
    }
    assert.deepEqual((await exported(b)).data, document.data)

    // Writes carry on from where the export left them: the next Cloud Stream cluster id, free addresses.
    const cluster = (name: string, lp: TestApp) => lp.call('POST', `/v1.0/${lp.projectId}/reserved_cluster`, { body: { name } })
    assert.equal((await cluster('next', b)).body.payload.cluster_id, (await cluster('next', a)).body.payload.cluster_id)
  })

  test('pending transitions come along and move on there', async () => {
    const a = await app({ lifecycle: { mode: 'manual', scale: 1 } })
    const vpc = (await a.call('POST', `/v1/${a.projectId}/vpcs`, { body: { vpc: { name: 'pending', cidr: '10.9.0.0/16' } } })).body.vpc
    const b = await app({ lifecycle: { mode: 'manual', scale: 1 } })
    await imported(b, await exported(a))
    assert.equal((await b.call('GET', `/v1/${b.projectId}/vpcs/${vpc.id}`)).body.vpc.status, 'CREATING')
    assert.deepEqual(await b.advance(), [{ kind: 'vpc.vpc-ready', resource_id: vpc.id }])
    assert.equal((await b.call('GET', `/v1/${b.projectId}/vpcs/${vpc.id}`)).body.vpc.status, 'OK')
  })

  test('transitions due hours later in the document run at once on a server in immediate mode', async () => {
    // Scaled so that the VPC would be ready in an hour (3 s times 1,200) where it was created.
    const a = await app({ lifecycle: { mode: 'manual', scale: 1200 } })
    const vpc = (await a.call('POST', `/v1/${a.projectId}/vpcs`, { body: { vpc: { name: 'later', cidr: '10.9.0.0/16' } } })).body.vpc
    const b = await app()
    await readyVpc(b, { name: 'b', cidr: '10.8.0.0/16' }) // b's lifecycle has started and looked at its tasks
    await imported(b, await exported(a))
    await eventually(
      () => b.call('GET', `/v1/${b.projectId}/vpcs/${vpc.id}`),
      (r) => r.body.vpc.status === 'OK',
    )
  })

  test("the document's bootstrap account becomes the server's: its credentials work, the replaced ones do not", async () => {
    const a = await app()
    await readyVpc(a, { name: 'from-a', cidr: '10.10.0.0/16' })
    // A server whose bootstrap account was generated (nothing configured).
    const b = await app({ bootstrap: {} })
    const generated = { accessKey: b.linkplane.bootstrap.accessKey, secretKey: b.linkplane.bootstrap.secretKey }
    const response = await b.call('PUT', '/_linkplane/state', { body: await exported(a), as: generated })
    assert.equal(response.status, 200, JSON.stringify(response.body))
    const listed = await b.call('GET', `/v1/${TEST_CREDENTIALS.projectId}/vpcs`)
    assert.deepEqual(
      listed.body.vpcs.map((v: { name: string }) => v.name),
      ['from-a'],
    )
    assert.equal((await b.call('GET', '/_linkplane/accounts')).status, 200, 'the imported bootstrap administrator is the administrator')
    assert.equal((await b.call('GET', '/_linkplane/accounts', { as: generated })).status, 401)
  })
})

describe('an export from an older schema', () => {
  // Written at schema 0009-cs (before IAM policies and fault rules): a VPC with a subnet and a private IP, an
  // EventGrid connection, a Cloud Stream cluster, and a VPC still CREATING with its transition pending.
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/state-0009-cs.json', import.meta.url), 'utf8'))

  test('is migrated, then imported: same rows, the newer tables empty, same answers', async () => {
    assert.equal(fixture.schema, '0009-cs')
    const lp = await app({ lifecycle: { mode: 'manual', scale: 1 } })
    const result = await imported(lp, fixture)
    assert.deepEqual(result.schema, { document: '0009-cs', imported: LATEST_SCHEMA })
    const after = await exported(lp)
    assert.equal(after.schema, LATEST_SCHEMA)
    // Every row is there as written, with what the later migrations added: VPCs got two settings (0011's defaults).
    const added: Record<string, Record<string, unknown>> = { vpcs: { enhanced_local_route: 0, block_service_endpoint_states: 'off' } }
    // In any order: a table's rows come out as the database reads them, and PostgreSQL moves an updated row
    // (an import that allocates an address updates its subnet's revision).
    const inOneOrder = (rows: object[]) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
    for (const [owner, tables] of Object.entries(fixture.data as Record<string, Record<string, object[]>>)) {
      for (const [table, rows] of Object.entries(tables))
        assert.deepEqual(
          inOneOrder(after.data[owner][table]),
          inOneOrder(rows.map((row) => ({ ...row, ...added[table] }))),
          `${owner}.${table}`,
        )
    }
    assert.deepEqual(after.data.faults.fault_rules, [])
    assert.deepEqual(after.data.iam.iam_groups, [])

    const pid = TEST_CREDENTIALS.projectId
    const vpcs = (await lp.call('GET', `/v1/${pid}/vpcs`)).body.vpcs
    assert.deepEqual(
      vpcs.map((v: { name: string; status: string }) => [v.name, v.status]),
      [
        ['old', 'OK'],
        ['eg-net', 'OK'],
        ['still-creating', 'CREATING'],
      ],
    )
    const subnet = (await lp.call('GET', `/v1/${pid}/subnets`, { query: { vpc_id: vpcs[0].id } })).body.subnets[0]
    assert.equal(subnet.status, 'ACTIVE')
    const privateIps = (await lp.call('GET', `/v1/${pid}/subnets/${subnet.id}/privateips`)).body.privateips
    assert.ok(
      privateIps.some((p: { device_owner: string }) => p.device_owner === ''),
      'the reserved private IP',
    )
    const eg = (await lp.call('GET', `/v1/${pid}/connections`)).body.items
    assert.deepEqual(
      eg.map((c: { name: string; status: string }) => [c.name, c.status]),
      [['old-eg', 'CREATED']],
    )
    const clusters = (await lp.call('GET', `/v1.0/${pid}/reserved_clusters`)).body.payload.clusters
    assert.deepEqual(
      clusters.map((c: { name: string; status_code: number; cluster_id: number }) => [c.name, c.status_code, c.cluster_id]),
      [['old-cluster', 5, 100000]],
    )
    // The pending transition moves on, and new writes work (the next cluster id follows the old one).
    assert.deepEqual(
      (await lp.advance()).map((m) => m.kind),
      ['vpc.vpc-ready'],
    )
    const next = await lp.call('POST', `/v1.0/${pid}/reserved_cluster`, { body: { name: 'new-cluster' } })
    assert.equal(next.body.payload.cluster_id, 100001)
    // The IAM tables that came later work for the imported account.
    assert.equal((await lp.call('POST', '/v3/groups', { body: { group: { name: 'after-migration' } } })).status, 201)
  })
})

describe('an import that cannot be done changes nothing', () => {
  let a: TestApp
  let b: TestApp
  let valid: any
  before(async () => {
    a = await app()
    const vpc = await readyVpc(a, { name: 'a-vpc', cidr: '10.20.0.0/16' })
    await readySubnet(a, { name: 'a-subnet', cidr: '10.20.1.0/24', gateway_ip: '10.20.1.1', vpc_id: vpc.id })
    valid = await exported(a)
    b = await app()
    await readyVpc(b, { name: 'keep-me', cidr: '10.21.0.0/16' })
  })

  const names = async () => (await b.call('GET', `/v1/${b.projectId}/vpcs`)).body.vpcs.map((v: { name: string }) => v.name)
  const changed = (change: (document: any) => void) => {
    const document = structuredClone(valid)
    change(document)
    return document
  }

  test('every broken document is refused with 400 and a reason that says where', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ format: 'something', version: 1, schema: LATEST_SCHEMA, data: {} }, /not a linkplane state document/],
      [changed((d) => (d.version = 2)), /document version 2: this linkplane reads version 1/],
      [changed((d) => (d.schema = '9999-future')), /schema "9999-future" is unknown here .* newer linkplane/],
      [changed((d) => (d.data.vpc.nope = [])), /data\.vpc\.nope: no such table/],
      [changed((d) => (d.data.vpc.kysely_migration = [])), /data\.vpc\.kysely_migration: no such table/],
      [changed((d) => (d.data.other = { vpcs: d.data.vpc.vpcs })), /data\.other\.vpcs: the table appears twice/],
      [changed((d) => (d.data.vpc.vpcs[0].cidr = 5)), /data\.vpc\.vpcs\[0\]\.cidr: expected a string/],
      [changed((d) => (d.data.vpc.subnets[0].cidr_first = 1.5)), /data\.vpc\.subnets\[0\]\.cidr_first: expected an integer/],
      [changed((d) => (d.data.vpc.vpcs[0].colour = 'red')), /data\.vpc\.vpcs\[0\]\.colour: no such column/],
      [changed((d) => delete d.data.vpc.vpcs[0].name), /data\.vpc\.vpcs\[0\]\.name: missing/],
      [changed((d) => (d.data.vpc.vpcs[0].id = null)), /data\.vpc\.vpcs\[0\]\.id: may not be null/],
      [changed((d) => (d.data.vpc.vpcs[0] = [])), /data\.vpc\.vpcs\[0\]: a row is a JSON object/],
      [changed((d) => d.data.vpc.vpcs.push(d.data.vpc.vpcs[0])), /the rows break a database constraint/],
      [changed((d) => (d.data.vpc.subnets[0].vpc_id = 'no-such-vpc')), /the rows break a database constraint/],
      [
        changed((d) => (d.data.iam.settings = d.data.iam.settings.filter((s: any) => s.key !== 'bootstrap_user_id'))),
        /no bootstrap account/,
      ],
    ]
    for (const [document, reason] of cases) {
      const response = await b.call('PUT', '/_linkplane/state', { body: document })
      assert.equal(response.status, 400, `${reason}: ${JSON.stringify(response.body)}`)
      assert.equal(response.body.error_code, 'LINKPLANE.0400')
      assert.match(response.body.error_msg, reason)
      assert.deepEqual(await names(), ['keep-me'])
    }
  })

  test("a document whose bootstrap ids disagree with the server's configuration is refused with 409", async () => {
    const otherKey = { accessKey: 'OTHERACCESSKEY000001', secretKey: TEST_CREDENTIALS.secretKey }
    const other = await app({ bootstrap: { ...TEST_CREDENTIALS, ...otherKey, domainId: 'a'.repeat(32), projectId: 'b'.repeat(32) } })
    const response = await b.call('PUT', '/_linkplane/state', { body: await exported(other, otherKey) })
    assert.equal(response.status, 409, JSON.stringify(response.body))
    assert.equal(response.body.error_code, 'LINKPLANE.0409')
    assert.match(response.body.error_msg, /LINKPLANE_DOMAIN_ID/)
    assert.deepEqual(await names(), ['keep-me'])
    // And a good one still goes in afterwards.
    await imported(b, valid)
    assert.deepEqual(await names(), ['a-vpc'])
  })
})

describe('reset', () => {
  test('leaves what a fresh server has, and the bootstrap account with its credentials and tokens', async () => {
    const lp = await app()
    await populateEveryService(lp)
    const token = await signIn(lp, TEST_CREDENTIALS.user, TEST_CREDENTIALS.password)
    const reset = await lp.call('DELETE', '/_linkplane/state')
    assert.equal(reset.status, 200, JSON.stringify(reset.body))
    assert.deepEqual(reset.body, { accounts_created: [] })

    const fresh = rowCounts(await exported(await app()))
    const counts = rowCounts(await exported(lp))
    assert.ok(counts.tokens >= 1, 'the bootstrap tokens are kept')
    assert.deepEqual({ ...counts, tokens: 0 }, { ...fresh, tokens: 0 })

    assert.deepEqual((await lp.call('GET', `/v1/${lp.projectId}/vpcs`)).body.vpcs, [])
    assert.deepEqual((await lp.call('GET', `/v1/${lp.projectId}/vpcs`, { as: { token } })).body.vpcs, [])
    assert.deepEqual(
      (await lp.call('GET', '/_linkplane/accounts')).body.accounts.map((a: { name: string }) => a.name),
      [TEST_CREDENTIALS.user],
    )
    assert.deepEqual((await lp.call('GET', '/_linkplane/faults')).body.faults, [])
    const cluster = await lp.call('POST', `/v1.0/${lp.projectId}/reserved_cluster`, { body: { name: 'first-again' } })
    assert.equal(cluster.body.payload.cluster_id, 100000)
    // The lifecycle keeps running on the reset state.
    await eventually(
      () => lp.call('GET', `/v1.0/${lp.projectId}/reserved_cluster/${cluster.body.payload.cluster_id}`),
      (r) => r.body.payload.status_code === 5,
    )
  })

  test('creates the accounts of the accounts file again, showing their secrets once', async () => {
    const file = join(temporaryFolder(), 'accounts.json')
    const given = { name: 'given', access_key: 'GIVENACCESSKEY000001', secret_key: 'g'.repeat(40), password: 'Given-password-1' }
    writeFileSync(file, JSON.stringify({ accounts: [given, { name: 'generated' }] }))
    const lp = await app({ accountsFile: file })
    await readyVpc(lp, { name: 'gone', cidr: '10.30.0.0/16' })
    const reset = await lp.call('DELETE', '/_linkplane/state')
    assert.equal(reset.status, 200, JSON.stringify(reset.body))
    const created = reset.body.accounts_created
    assert.deepEqual(
      created.map((a: { name: string }) => a.name),
      ['given', 'generated'],
    )
    assert.equal(created[0].access_key, given.access_key)
    assert.match(created[1].secret_key, /^[A-Za-z0-9]{40}$/)
    const signer = { accessKey: given.access_key, secretKey: given.secret_key, projectId: created[0].project_id }
    assert.equal((await lp.call('GET', `/v1/${created[0].project_id}/vpcs`, { as: signer })).status, 200)
    assert.deepEqual((await lp.call('GET', `/v1/${lp.projectId}/vpcs`)).body.vpcs, [])
  })
})
