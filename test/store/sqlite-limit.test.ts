import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sqliteDatabase } from '../../src/store/sqlite.js'

// SQLite prepares a statement whose LIMIT is a bound parameter again at every run (see sqlite.ts).
test('on SQLite a LIMIT given as an integer is written into the SQL text, anything else stays a parameter', async () => {
  const db = sqliteDatabase(':memory:')
  try {
    const page = db.selectFrom('subnets').select('id').where('project_id', '=', 'p').limit(101).compile()
    assert.equal(page.sql, 'select "id" from "subnets" where "project_id" = ? limit 101')
    assert.deepEqual(page.parameters, ['p'])
    const huge = db
      .selectFrom('subnets')
      .select('id')
      .limit(2 ** 60)
      .compile()
    assert.equal(huge.sql, 'select "id" from "subnets" limit ?')
    assert.deepEqual(huge.parameters, [2 ** 60])
  } finally {
    await db.destroy()
  }
})
