/** The data plane settings, the linux data plane's requirements, and the simulated data plane's admin API. */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { after, before, describe, test } from 'node:test'
import { ConfigError, loadConfig } from '../../src/config.js'
import { missingRequirements } from '../../src/dataplane/linux/preflight.js'
import { createTestApp, type TestApp } from '../support/app.js'
import { readySubnet, readyVpc } from '../support/vpc.js'

describe('settings', () => {
  test('simulated by default, with the prefix lp- and a 5 s link check', () => {
    assert.deepEqual(loadConfig([], {}).config.dataplane, { driver: 'simulated', prefix: 'lp-', checkSeconds: 5 })
    const { config } = loadConfig(['--dataplane', 'linux'], {
      LINKPLANE_DATAPLANE_PREFIX: 'lpci7-',
      LINKPLANE_DATAPLANE_CHECK_SECONDS: '0.5',
    })
    assert.deepEqual(config.dataplane, { driver: 'linux', prefix: 'lpci7-', checkSeconds: 0.5 })
  })

  for (const env of [
    { LINKPLANE_DATAPLANE: 'ovs' },
    { LINKPLANE_DATAPLANE_PREFIX: 'LP-' },
    { LINKPLANE_DATAPLANE_PREFIX: '-lp' },
    { LINKPLANE_DATAPLANE_PREFIX: 'lp/' },
    { LINKPLANE_DATAPLANE_CHECK_SECONDS: '0' },
  ]) {
    test(`refuses ${JSON.stringify(env)}`, () => assert.throws(() => loadConfig([], env), ConfigError))
  }
})

describe('requirements of the linux data plane', () => {
  const host = (uid: number, capabilities: bigint, programs: string[]) => ({
    uid,
    capabilities,
    has: async (program: string) => programs.includes(program),
  })
  const all = ['ip', 'bridge', 'ping']
  const netAdmin = 1n << 12n
  const sysAdmin = 1n << 21n

  test('the two capabilities (root has them), iproute2 and ping are everything', async () => {
    assert.deepEqual(await missingRequirements(host(0, netAdmin | sysAdmin, all)), [])
    assert.deepEqual(await missingRequirements(host(1000, netAdmin | sysAdmin, all)), [])
  })

  test('each missing requirement is named; root without the capabilities (a container) is refused too', async () => {
    const missing = await missingRequirements(host(1000, netAdmin, ['ping']))
    assert.equal(missing.length, 2)
    assert.match(missing[0], /^root, or CAP_NET_ADMIN and CAP_SYS_ADMIN \(running as uid 1000, without CAP_SYS_ADMIN\)/)
    assert.match(missing[1], /iproute2/)
    assert.match((await missingRequirements(host(0, 0n, all)))[0], /uid 0, without CAP_NET_ADMIN and CAP_SYS_ADMIN/)
    assert.match((await missingRequirements(host(0, netAdmin | sysAdmin, ['ip', 'bridge'])))[0], /ping/)
  })

  test('the server refuses to start, saying what is missing', () => {
    // No PATH: `ip` and `ping` cannot be found, whoever runs this.
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
      env: {
        LINKPLANE_DATAPLANE: 'linux',
        LINKPLANE_DATABASE: ':memory:',
        LINKPLANE_PORT: '0',
        LINKPLANE_LOG_LEVEL: 'silent',
        PATH: '/nonexistent',
      },
      encoding: 'utf8',
      timeout: 30_000,
    })
    assert.equal(result.status, 2, result.stdout + result.stderr)
    assert.match(result.stderr, /the linux data plane \(LINKPLANE_DATAPLANE=linux\) needs .*iproute2.*ping/)
    assert.doesNotMatch(result.stdout, /listening/)
  })
})

describe('the simulated data plane', () => {
  let lp: TestApp
  before(async () => {
    lp = await createTestApp()
  })
  after(() => lp.close())

  test('realises nothing: an empty report, in sync; test hosts are refused, saying why', async () => {
    const report = await lp.call('GET', '/_linkplane/dataplane')
    assert.deepEqual(report.body, { driver: 'simulated', prefix: '', in_sync: true, objects: [], errors: [] })
    assert.deepEqual((await lp.call('POST', '/_linkplane/dataplane/reconcile', { body: {} })).body, report.body)
    const vpc = await readyVpc(lp, { name: 'sim', cidr: '10.0.0.0/16' })
    const subnet = await readySubnet(lp, { name: 'sim-1', cidr: '10.0.1.0/24', gateway_ip: '10.0.1.1', vpc_id: vpc.id })
    const refused = await lp.call('POST', '/_linkplane/dataplane/hosts', { body: { subnet_id: subnet.id } })
    assert.equal(refused.status, 409)
    assert.equal(refused.body.error_code, 'LINKPLANE.0409')
    assert.match(refused.body.error_msg, /LINKPLANE_DATAPLANE=linux/)
    assert.deepEqual((await lp.call('GET', '/_linkplane/dataplane/hosts')).body, { hosts: [] })
    assert.equal((await lp.call('DELETE', '/_linkplane/dataplane/hosts/00000000-0000-4000-8000-000000000000')).status, 404)
    const malformed = await lp.call('POST', '/_linkplane/dataplane/hosts', { body: { subnet: 'x' } })
    assert.equal(malformed.status, 400)
    assert.equal(malformed.body.error_code, 'LINKPLANE.0400')
  })

  test("the data plane API is the bootstrap administrator's", async () => {
    const anonymous = await lp.call('GET', '/_linkplane/dataplane', { as: 'anonymous' })
    assert.equal(anonymous.status, 401)
  })
})
