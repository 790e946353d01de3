/**
 * Three linkplane processes on one PostgreSQL database, with the load spread over all three, as a shared
 * control plane runs. They start together on an empty database; requests that only one of them may win
 * are sent to all three at once; one process is killed with SIGKILL in the middle of a load. Only on the
 * PostgreSQL run of the suite (LINKPLANE_TEST_DATABASE).
 */
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import { EgError } from '../../src/services/eg/errors.js'
import { EswError } from '../../src/services/esw/errors.js'
import { VpcError } from '../../src/services/vpc/errors.js'
import { migrations } from '../../src/store/migrations/index.js'
import { eventually, TEST_CREDENTIALS, type Signer } from '../support/app.js'
import { emptyPostgresDatabase, TEST_ENGINE, temporaryFolder } from '../support/database.js'
import { send, signed, type HttpResponse } from '../support/http-client.js'
import { exactly } from '../support/outcomes.js'
import { SERVER_CREDENTIALS, startServer, type ServerProcess } from '../support/server-process.js'

const skip =
  TEST_ENGINE === 'postgres' ? false : 'runs with LINKPLANE_TEST_DATABASE=postgres://... (several processes share one PostgreSQL database)'

const admin: Signer = {
  accessKey: TEST_CREDENTIALS.accessKey,
  secretKey: TEST_CREDENTIALS.secretKey,
  projectId: TEST_CREDENTIALS.projectId,
}
const other: Signer = {
  accessKey: 'OTHERTENANTKEY000001',
  secretKey: 'otherTenantSecretKey000000000000000001',
  projectId: '1b2c3d4e5f60718293a4b5c6d7e8f9a0',
}
/** A tenant whose AK a stranger's failed signatures lock (at one address: the test's). */
const guarded: Signer = {
  accessKey: 'GUARDEDTENANTKEY0001',
  secretKey: 'guardedTenantSecretKey00000000000000001',
  projectId: '2c3d4e5f60718293a4b5c6d7e8f9a0b1',
}
const p = TEST_CREDENTIALS.projectId
const WAIT = 60_000

describe('three processes on one PostgreSQL database', { skip }, () => {
  let database: string
  let servers: ServerProcess[] = []

  before(async () => {
    database = await emptyPostgresDatabase()
    const accounts = join(temporaryFolder(), 'accounts.json')
    const tenant = { name: 'other', project_id: other.projectId, access_key: other.accessKey, secret_key: other.secretKey }
    const locked = { name: 'guarded', project_id: guarded.projectId, access_key: guarded.accessKey, secret_key: guarded.secretKey }
    writeFileSync(accounts, JSON.stringify({ accounts: [tenant, locked] }))
    const env = {
      ...SERVER_CREDENTIALS,
      // Real durations, shortened: an ESW instance builds in 4.8 s, a VPC is OK in 0.06 s.
      LINKPLANE_LIFECYCLE: 'realistic',
      LINKPLANE_LIFECYCLE_SCALE: '0.02',
      LINKPLANE_PEERING_EXPIRY_SECONDS: '2',
      LINKPLANE_ACCOUNTS_FILE: accounts,
      // Each transition a process runs is logged at debug level: the logs show which ran where, and how often.
      LINKPLANE_LOG_LEVEL: 'debug',
    }
    servers = await Promise.all([0, 1, 2].map(() => startServer({ database, env })))
  })
  after(async () => {
    await Promise.all(servers.map((server) => server.stop()))
  })

  /** A request to process `i` (any number: taken modulo the live ones), signed as `as`. */
  const call = (i: number, method: string, path: string, body?: unknown, as = admin, to = servers): Promise<HttpResponse> => {
    const server = to[i % to.length]
    return send(server.url, signed(server.url, as, method, path, { body }))
  }
  /** `n` requests at once, spread over the processes in turn. */
  const spread = (n: number, request: (i: number) => Promise<HttpResponse>) => Promise.all(Array.from({ length: n }, (_, i) => request(i)))
  const ready = async (path: string, key: string, done: (r: any) => boolean) =>
    (
      await eventually(
        () => call(2, 'GET', path),
        (r) => r.status === 200 && done(r.body[key]),
        WAIT,
      )
    ).body[key]

  test('started together on an empty database, they migrated it once and made each account once', async () => {
    const client = new pg.Client({ connectionString: database })
    await client.connect()
    try {
      const applied = await client.query('select name from kysely_migration order by name')
      assert.deepEqual(
        applied.rows.map((r) => r.name),
        Object.keys(migrations),
      )
    } finally {
      await client.end()
    }
    for (let i = 0; i < 3; i++) {
      const listed = await call(i, 'GET', '/_linkplane/accounts')
      assert.deepEqual(
        listed.body.accounts.map((a: { name: string }) => a.name),
        [TEST_CREDENTIALS.user, 'other', 'guarded'],
      )
      const health = await send(servers[i].url, { method: 'GET', path: '/_linkplane/health', headers: {} })
      assert.deepEqual(health.body.database, { engine: 'postgres', reachable: true })
    }
  })

  test('30 creates of one subnet CIDR sent to all three at once: one subnet is made', async () => {
    const vpc = (await call(0, 'POST', `/v1/${p}/vpcs`, { vpc: { name: 'overlap', cidr: '10.10.0.0/16' } })).body.vpc
    await ready(`/v1/${p}/vpcs/${vpc.id}`, 'vpc', (v) => v.status === 'OK')
    const answers = await spread(30, (i) =>
      call(i, 'POST', `/v1/${p}/subnets`, { subnet: { name: `s${i}`, cidr: '10.10.1.0/24', gateway_ip: '10.10.1.1', vpc_id: vpc.id } }),
    )
    exactly(answers, 1, 200, VpcError.SubnetOverlaps)
  })

  test('8 ESW connections for a flavor that allows 3, sent to all three at once: 3 are made', async () => {
    const vpc = (await call(1, 'POST', `/v1/${p}/vpcs`, { vpc: { name: 'esw', cidr: '10.20.0.0/16' } })).body.vpc
    await ready(`/v1/${p}/vpcs/${vpc.id}`, 'vpc', (v) => v.status === 'OK')
    const subnets = await spread(9, (i) =>
      call(i, 'POST', `/v1/${p}/subnets`, {
        subnet: { name: `l2-${i}`, cidr: `10.20.${i}.0/24`, gateway_ip: `10.20.${i}.1`, vpc_id: vpc.id },
      }),
    )
    const [tunnel, ...l2] = subnets.map((r) => r.body.subnet)
    for (const subnet of subnets) await ready(`/v1/${p}/subnets/${subnet.body.subnet.id}`, 'subnet', (s) => s.status === 'ACTIVE')
    const created = await call(0, 'POST', `/v3/${p}/l2cg/instances`, {
      instance: {
        name: 'medium',
        flavor_ref: 'l2cg.medium.ha',
        ha_mode: 'ha',
        availability_zones: { primary: 'cn-north-4a', standby: 'cn-north-4b' },
        tunnel_info: { vpc_id: vpc.id, virsubnet_id: tunnel.id },
        charge_infos: { charge_mode: 'postPaid' },
      },
    })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const instance = await ready(`/v3/${p}/l2cg/instances/${created.body.instance.id}`, 'instance', (x) => x.status === 'active')
    const answers = await spread(8, (i) =>
      call(i, 'POST', `/v3/${p}/l2cg/instances/${instance.id}/connections`, {
        connection: {
          name: `c${i}`,
          vpc_id: vpc.id,
          virsubnet_id: l2[i].id,
          remote_infos: [{ segmentation_id: 100 + i, tunnel_ip: '192.168.111.111', tunnel_port: 4789 }],
        },
      }),
    )
    exactly(answers, 3, 201, EswError.ConnectionLimitReached)
  })

  test('60 EventGrid connections against a quota of 50, sent to all three at once: 50 are made', async () => {
    const vpc = (await call(2, 'POST', `/v1/${p}/vpcs`, { vpc: { name: 'eg', cidr: '10.30.0.0/16' } })).body.vpc
    await ready(`/v1/${p}/vpcs/${vpc.id}`, 'vpc', (v) => v.status === 'OK')
    const subnet = (
      await call(0, 'POST', `/v1/${p}/subnets`, { subnet: { name: 'eg', cidr: '10.30.1.0/24', gateway_ip: '10.30.1.1', vpc_id: vpc.id } })
    ).body.subnet
    await ready(`/v1/${p}/subnets/${subnet.id}`, 'subnet', (s) => s.status === 'ACTIVE')
    assert.equal((await call(1, 'POST', `/v1/${p}/service-agencies`, { type: 'TARGET_CONNECTION' })).status, 200)
    const answers = await spread(60, (i) =>
      call(i, 'POST', `/v1/${p}/connections`, { name: `eg-${i}`, vpc_id: vpc.id, subnet_id: subnet.id }),
    )
    exactly(answers, 50, 200, EgError.QuotaExceeded)
  })

  test('5 failed signatures spread over the three processes lock the AK at all of them', async () => {
    const forged = { ...guarded, secretKey: 'not-the-secret-key-of-this-tenant-at-all' }
    const vpcs = `/v1/${guarded.projectId}/vpcs`
    const failures = await spread(5, (i) => call(i, 'GET', vpcs, undefined, forged))
    assert.deepEqual(
      failures.map((r) => r.status),
      [401, 401, 401, 401, 401],
    )
    for (let i = 0; i < 3; i++) {
      const refused = await call(i, 'GET', vpcs, undefined, guarded)
      assert.equal(refused.status, 401, 'even a correct signature is refused while the AK is locked')
      assert.match(refused.body.error_msg, /locked/)
    }
  })

  test('a cross-tenant peering request expires once, whichever process gets there first', async () => {
    const mine = (await call(0, 'POST', `/v1/${p}/vpcs`, { vpc: { name: 'peer-a', cidr: '10.40.0.0/16' } })).body.vpc
    const theirs = (await call(1, 'POST', `/v1/${other.projectId}/vpcs`, { vpc: { name: 'peer-b', cidr: '10.41.0.0/16' } }, other)).body.vpc
    const requested = await call(2, 'POST', '/v2.0/vpc/peerings', {
      peering: {
        name: 'expiring',
        request_vpc_info: { vpc_id: mine.id },
        accept_vpc_info: { vpc_id: theirs.id, tenant_id: other.projectId },
      },
    })
    assert.equal(requested.body.peering?.status, 'PENDING_ACCEPTANCE', JSON.stringify(requested.body))
    const expired = await ready(`/v2.0/vpc/peerings/${requested.body.peering.id}`, 'peering', (x) => x.status === 'EXPIRED')
    assert.equal(expired.status, 'EXPIRED')
  })

  test('kill -9 of one process under load: every acknowledged write is there, every transition in flight runs once', async () => {
    const vpcs: string[] = []
    const instances: string[] = []
    /** VPCs created after the kill: their transition can only have run in a survivor, which logs it. */
    const later: string[] = []
    const network = (await call(1, 'POST', `/v1/${p}/vpcs`, { vpc: { name: 'load', cidr: '10.50.0.0/16' } })).body.vpc
    await ready(`/v1/${p}/vpcs/${network.id}`, 'vpc', (v) => v.status === 'OK')
    const tunnel = (
      await call(2, 'POST', `/v1/${p}/subnets`, {
        subnet: { name: 'load', cidr: '10.50.0.0/24', gateway_ip: '10.50.0.1', vpc_id: network.id },
      })
    ).body.subnet
    await ready(`/v1/${p}/subnets/${tunnel.id}`, 'subnet', (s) => s.status === 'ACTIVE')

    const [victim, ...survivors] = servers
    const instanceBody = (name: string) => ({
      instance: {
        name,
        flavor_ref: 'l2cg.small.ha',
        ha_mode: 'ha',
        availability_zones: { primary: 'cn-north-4a', standby: 'cn-north-4b' },
        tunnel_info: { vpc_id: network.id, virsubnet_id: tunnel.id },
        charge_infos: { charge_mode: 'postPaid' },
      },
    })
    // The victim acknowledges an instance whose 4.8 s build it will not live to finish: the survivors must.
    const early = await call(0, 'POST', `/v3/${p}/l2cg/instances`, instanceBody('victims'), admin, [victim])
    assert.equal(early.status, 201, JSON.stringify(early.body))
    instances.push(early.body.instance.id)

    // 60 writes, started 15 ms apart, round the processes that are alive when each starts; the victim is
    // killed once 15 of them have been answered.
    let killed = false
    let answered = 0
    let halfway: () => void
    const reachedHalfway = new Promise<void>((resolve) => (halfway = resolve))
    const load = Array.from({ length: 60 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 15))
      const instance = i % 10 === 0
      const path = instance ? `/v3/${p}/l2cg/instances` : `/v1/${p}/vpcs`
      const body = instance ? instanceBody(`load-${i}`) : { vpc: { name: `load-${i}`, cidr: '10.60.0.0/16' } }
      const afterKill = killed
      const answer = await call(i, 'POST', path, body, admin, afterKill ? survivors : servers).catch(() => undefined) // unanswered: not acknowledged
      if (answer && ++answered === 15) halfway()
      if (answer?.status === 201) instances.push(answer.body.instance.id)
      else if (answer?.status === 200) {
        vpcs.push(answer.body.vpc.id)
        if (afterKill) later.push(answer.body.vpc.id)
      } else if (answer) assert.fail(`an answered write failed: ${answer.status} ${JSON.stringify(answer.body)}`)
    })
    await reachedHalfway
    assert.equal(await victim.stop('SIGKILL'), null)
    killed = true
    await Promise.all(load)
    assert.ok(vpcs.length + instances.length >= 40, `${vpcs.length} VPCs and ${instances.length} instances acknowledged`)

    // Every acknowledged write, read through a survivor, reaches its final status.
    const read = (i: number) => (path: string, key: string, status: string) =>
      eventually(
        () => call(i, 'GET', path, undefined, admin, survivors),
        (r) => r.status === 200 && r.body[key].status === status,
        WAIT,
      )
    for (const id of vpcs) await read(0)(`/v1/${p}/vpcs/${id}`, 'vpc', 'OK')
    for (const id of instances) await read(1)(`/v3/${p}/l2cg/instances/${id}`, 'instance', 'active')

    // Nothing is left to run, and no transition ran twice, in any process (the victim's log included).
    const client = new pg.Client({ connectionString: database })
    await client.connect()
    try {
      const left = await client.query(`select kind, resource_id from lifecycle_tasks where kind <> 'esw.instance-deleted'`)
      assert.deepEqual(left.rows, [])
    } finally {
      await client.end()
    }
    const ran = new Map<string, number>()
    for (const server of servers) {
      for (const line of server.output().split('\n')) {
        if (!line.startsWith('{') || !line.includes('lifecycle: transition ran')) continue
        const { kind, resource } = JSON.parse(line)
        ran.set(`${kind} ${resource}`, (ran.get(`${kind} ${resource}`) ?? 0) + 1)
      }
    }
    const twice = [...ran].filter(([, count]) => count > 1)
    assert.deepEqual(twice, [])
    assert.ok(later.length > 0)
    for (const id of later) assert.equal(ran.get(`vpc.vpc-ready ${id}`), 1, `the transition of ${id} was logged once`)
    const expiries = [...ran.keys()].filter((key) => key.startsWith('vpc-peering.expire'))
    assert.equal(expiries.length, 1)
  })
})
