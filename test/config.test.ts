import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ConfigError, loadConfig } from '../src/config.js'

describe('configuration', () => {
  test('defaults', () => {
    const { config } = loadConfig([], {})
    assert.deepEqual(
      { host: config.host, port: config.port, database: config.database, region: config.region, lifecycle: config.lifecycle },
      {
        host: '127.0.0.1',
        port: 8080,
        database: './data/linkplane.db',
        region: 'cn-north-4',
        lifecycle: { mode: 'realistic', scale: 0.05 },
      },
    )
    assert.equal(config.egAgencies, 'authorise')
    assert.equal(loadConfig(['--eg-agencies', 'off'], {}).config.egAgencies, 'off')
    assert.equal(config.shutdownGraceSeconds, 10)
    assert.deepEqual(config.bootstrap, {
      accessKey: undefined,
      secretKey: undefined,
      projectId: undefined,
      domainId: undefined,
      user: undefined,
      password: undefined,
    })
  })

  test('environment variables, overridden by flags', () => {
    const { config, positionals } = loadConfig(['serve', '--port', '9000', '--lifecycle=manual'], {
      LINKPLANE_PORT: '8081',
      LINKPLANE_REGION: 'ap-southeast-1',
      LINKPLANE_DATABASE: ':memory:',
    })
    assert.deepEqual(positionals, ['serve'])
    assert.equal(config.port, 9000)
    assert.equal(config.region, 'ap-southeast-1')
    assert.equal(config.database, ':memory:')
    assert.equal(config.lifecycle.mode, 'manual')
  })

  for (const [env, message] of [
    [{ LINKPLANE_PORT: '70000' }, /invalid port/],
    [{ LINKPLANE_LIFECYCLE: 'fast' }, /invalid lifecycle mode/],
    [{ LINKPLANE_PROJECT_ID: 'ABC' }, /LINKPLANE_PROJECT_ID must be 32/],
    [{ LINKPLANE_ACCESS_KEY: 'AK' }, /given together/],
    [{ LINKPLANE_REGION: 'Bad Region' }, /invalid region/],
    [{ LINKPLANE_EG_AGENCIES: 'yes' }, /invalid EventGrid agencies/],
    [{ LINKPLANE_SHUTDOWN_GRACE_SECONDS: '-1' }, /invalid shutdown grace period/],
    [{ LINKPLANE_SHUTDOWN_GRACE_SECONDS: 'soon' }, /invalid shutdown grace period/],
    [{ LINKPLANE_LIST_CACHE_MB: '-1' }, /invalid list cache size/],
    [{ LINKPLANE_LIST_CACHE_MB: 'lots' }, /invalid list cache size/],
  ] as const) {
    test(`refuses ${JSON.stringify(env)}`, () => {
      assert.throws(
        () => loadConfig([], env),
        (e: unknown) => e instanceof ConfigError && message.test(e.message),
      )
    })
  }

  test('unknown flags are refused', () => {
    assert.throws(() => loadConfig(['--nope', 'x'], {}), ConfigError)
  })
})
