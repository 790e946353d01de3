import assert from 'node:assert/strict'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { migrations } from '../../src/store/migrations/index.js'
import { createTestApp, type TestApp } from '../support/app.js'
import { temporaryFolder } from '../support/server-process.js'
import { readySubnet, readyVpc } from '../support/vpc.js'

const opened: TestApp[] = []
after(() => Promise.all(opened.map((lp) => lp.close())))

test('a database migrated before 0020 and 0021 were released (up to 0050 without them) gets them at the next start', async () => {
  // A SQLite file whatever the suite's engine: databases made by the embedded store before 0020 and 0021.
  const database = join(temporaryFolder(), 'linkplane.db')
  const released = Object.fromEntries(Object.entries(migrations).filter(([name]) => !/^002[01]-/.test(name) && name < '0051'))
  const earlier = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(database) }) })
  try {
    const provider = { getMigrations: async (): Promise<Record<string, Migration>> => released }
    const { error } = await new Migrator({ db: earlier, provider }).migrateToLatest()
    assert.equal(error, undefined)
  } finally {
    await earlier.destroy()
  }

  const lp = await createTestApp({ database })
  opened.push(lp)
  const vpc = await readyVpc(lp, { name: 'upgraded', cidr: '10.60.0.0/16' })
  const subnet = await readySubnet(lp, { name: 'upgraded', cidr: '10.60.1.0/24', gateway_ip: '10.60.1.1', vpc_id: vpc.id })
  const listed = await lp.call('GET', `/v1/${lp.projectId}/subnets`)
  assert.deepEqual(
    listed.body.subnets.map((s: { id: string }) => s.id),
    [subnet.id],
  )
  const sqlite = new SQLite(database, { readonly: true })
  try {
    const applied = sqlite.prepare('select name from kysely_migration order by name').pluck().all()
    assert.deepEqual(applied, Object.keys(migrations).sort())
  } finally {
    sqlite.close()
  }
})
