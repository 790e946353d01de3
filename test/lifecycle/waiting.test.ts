/**
 * The lifecycle sleeps until the next due transition instead of polling: on SQLite (one server per file)
 * an idle server runs nothing at all; every transition still runs at its time, including those scheduled
 * while the lifecycle was busy running others.
 */
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, describe, it } from 'node:test'
import { createTestApp, eventually, type TestApp } from '../support/app.js'
import { TEST_ENGINE } from '../support/database.js'
import { onEveryStatement } from '../support/sql-statements.js'

let statements = 0
let commits = 0
onEveryStatement((sql) => {
  statements++
  if (/^commit/i.test(sql)) commits++
})

const apps: TestApp[] = []
after(() => Promise.all(apps.map((lp) => lp.close())))

async function app(mode: 'realistic' | 'immediate', scale: number): Promise<TestApp> {
  const lp = await createTestApp({ lifecycle: { mode, scale } })
  apps.push(lp)
  return lp
}

async function createVpc(lp: TestApp, name: string, octet: number): Promise<string> {
  const created = await lp.call('POST', `/v1/${lp.projectId}/vpcs`, { body: { vpc: { name, cidr: `10.${octet}.0.0/16` } } })
  assert.equal(created.status, 200, JSON.stringify(created.body))
  return created.body.vpc.id
}

const vpcStatus = async (lp: TestApp, id: string) => (await lp.call('GET', `/v1/${lp.projectId}/vpcs/${id}`)).body.vpc.status

describe('the lifecycle waits for the next due transition', () => {
  it(
    'an idle server on SQLite runs no statement while a transition waits for later',
    { skip: TEST_ENGINE === 'postgres' && 'on PostgreSQL each process looks once a second for the transitions of others' },
    async () => {
      // A VPC becomes OK 3 s after its creation, times 1,000: in 50 minutes.
      const lp = await app('realistic', 1000)
      const id = await createVpc(lp, 'waiting', 1)
      await sleep(100) // the lifecycle's look at its next due time, after the create
      const before = statements
      await sleep(2500)
      assert.equal(statements - before, 0, 'statements ran in 2.5 s of an idle server')
      assert.equal(await vpcStatus(lp, id), 'CREATING')
    },
  )

  it('a transition due later runs at its time, with nothing polling for it', async () => {
    // 3 s times 0.2: the VPC becomes OK 0.6 s after its creation.
    const lp = await app('realistic', 0.2)
    const started = Date.now()
    const id = await createVpc(lp, 'later', 2)
    assert.equal(await vpcStatus(lp, id), 'CREATING')
    await eventually(
      () => vpcStatus(lp, id),
      (status) => status === 'OK',
    )
    assert.ok(Date.now() - started >= 550, `OK after ${Date.now() - started} ms, before its due time`)
  })

  it('transitions scheduled while others run are not left waiting', async () => {
    // Immediate mode: every create wakes the lifecycle; twenty at a time, so that wakes come while it runs.
    const lp = await app('immediate', 1)
    for (let round = 0; round < 5; round++) {
      const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => createVpc(lp, `busy-${round}-${i}`, round * 20 + i)))
      for (const id of ids) {
        await eventually(
          () => vpcStatus(lp, id),
          (status) => status === 'OK',
          2000,
        )
      }
    }
  })

  it(
    'transitions due together commit together on SQLite, so they keep up with a steady load of writes',
    { skip: TEST_ENGINE === 'postgres' && 'PostgreSQL commits each transaction by itself' },
    async () => {
      // 3 s times 0.5: forty VPCs, created at once, become due together 1.5 s later.
      const lp = await app('realistic', 0.5)
      const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => createVpc(lp, `together-${i}`, 100 + i)))
      assert.equal(await vpcStatus(lp, ids[0]), 'CREATING')
      const before = commits
      for (const id of ids) {
        await eventually(
          () => vpcStatus(lp, id),
          (status) => status === 'OK',
          5000,
        )
      }
      // One commit each before (the lifecycle ran them one after another): 125 transitions a second against
      // 3,500 CreateSubnet, so subnets stayed UNKNOWN as long as the writes went on.
      assert.ok(commits - before <= 5, `${commits - before} commits for 40 transitions`)
    },
  )
})
