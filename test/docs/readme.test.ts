import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { adminService } from '../../src/admin/operations.js'
import { operationTable, withOperationTable } from '../../src/platform/operation-table.js'
import { services } from '../../src/services/index.js'

test('the README lists every declared operation with its IAM action (run `npm run docs` when this fails)', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const table = operationTable([...services, adminService(services)])
  assert.equal(readme, withOperationTable(readme, table))
  for (const service of services)
    for (const op of service.operations) assert.ok(readme.includes(`| \`${op.huaweiName ?? op.name}\` |`), op.name)
})
