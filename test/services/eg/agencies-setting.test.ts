/**
 * LINKPLANE_EG_AGENCIES: on Huawei a person authorises EventGrid's service agencies once in the console, and
 * Terraform has no resource for it. With `authorise` (the default) every account linkplane creates (the
 * bootstrap account, the accounts file, the admin API, the CLI) starts authorised; with `off` none does,
 * and connections are refused until CreateAgencies (the refusal itself is tested in agencies-quotas.test.ts).
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import { buildApp } from '../../../src/app.js'
import type { Config } from '../../../src/config.js'
import { TestApp, testConfig, type Signer } from '../../support/app.js'
import { assertEgError, readyNetwork } from '../../support/eg.js'
import { SERVER_CREDENTIALS, temporaryDatabase, temporaryFolder } from '../../support/server-process.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const SCENARIOS = ['TARGET_CONNECTION', 'CUSTOM_SOURCE_RABBITMQ', 'EG_RESTORE_AGENCY']

/** The agencies each scenario lists for a project, `[]` where it is not authorised. */
async function agencies(lp: TestApp, projectId: string, as?: Signer): Promise<string[][]> {
  const lists = []
  for (const type of SCENARIOS) {
    const listed = await lp.call('GET', `/v1/${projectId}/service-agencies`, { query: { type }, ...(as ? { as } : {}) })
    assert.equal(listed.status, 200, JSON.stringify(listed.body))
    lists.push(listed.body.agencies)
  }
  return lists
}

const AUTHORISED = [['EG_DELEGATE_FG_AGENCY'], ['EG_DELEGATE_FG_AGENCY', 'EG_AGENCY'], ['EG_RESTORE_AGENCY']]
const NONE = [[], [], []]

async function withApp(overrides: Partial<Config>, run: (lp: TestApp) => Promise<void>) {
  const lp = new TestApp(await buildApp(testConfig(overrides)))
  try {
    await run(lp)
  } finally {
    await lp.close()
  }
}

describe('LINKPLANE_EG_AGENCIES=authorise (the default)', () => {
  test('the bootstrap, accounts-file, admin-API and CLI accounts start authorised; a connection needs no CreateAgencies', async () => {
    const file = await temporaryDatabase()
    // The CLI writes its account into the database before the server starts on it.
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'accounts', 'create', 'cli-tenant', '--database', file],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, LINKPLANE_LOG_LEVEL: 'silent', ...SERVER_CREDENTIALS },
      },
    )
    assert.equal(cli.status, 0, cli.stderr)
    const fromCli = JSON.parse(cli.stdout).account
    const accountsFile = join(temporaryFolder(), 'accounts.json')
    writeFileSync(accountsFile, JSON.stringify({ accounts: [{ name: 'filed' }] }))

    await withApp({ database: file, accountsFile }, async (lp) => {
      assert.equal(lp.linkplane.context.config.egAgencies, undefined, 'unset means authorise, as loadConfig defaults it')
      const fromFile = lp.linkplane.bootstrap.accountsCreated[0]
      const fromApi = (await lp.call('POST', '/_linkplane/accounts', { body: { name: 'api-tenant' } })).body.account
      assert.deepEqual(await agencies(lp, lp.projectId), AUTHORISED, 'bootstrap account')
      for (const account of [fromCli, fromFile, fromApi]) {
        const as = { accessKey: account.access_key, secretKey: account.secret_key }
        assert.deepEqual(await agencies(lp, account.project_id, as), AUTHORISED, account.name)
      }

      const net = await readyNetwork(lp, 3)
      const created = await lp.call('POST', `/v1/${lp.projectId}/connections`, {
        body: { name: 'no-console-needed', vpc_id: net.vpc.id, subnet_id: net.subnet.id },
      })
      assert.equal(created.status, 200, JSON.stringify(created.body))
      assert.equal(created.body.agency, 'EG_DELEGATE_FG_AGENCY')
    })
  })
})

describe('LINKPLANE_EG_AGENCIES=off', () => {
  test('new accounts start without agencies and connections are refused until CreateAgencies', async () => {
    await withApp({ egAgencies: 'off' }, async (lp) => {
      const fromApi = (await lp.call('POST', '/_linkplane/accounts', { body: { name: 'api-tenant' } })).body.account
      assert.deepEqual(await agencies(lp, lp.projectId), NONE)
      assert.deepEqual(await agencies(lp, fromApi.project_id, { accessKey: fromApi.access_key, secretKey: fromApi.secret_key }), NONE)
      const net = await readyNetwork(lp, 4)
      const body = { name: 'needs-consent', vpc_id: net.vpc.id, subnet_id: net.subnet.id }
      assertEgError(await lp.call('POST', `/v1/${lp.projectId}/connections`, { body }), 403, 'EG.00512003')
      await lp.call('POST', `/v1/${lp.projectId}/service-agencies`, { body: { type: 'TARGET_CONNECTION' } })
      assert.equal((await lp.call('POST', `/v1/${lp.projectId}/connections`, { body })).status, 200)
    })
  })
})
