/**
 * Each table has one owner, the folder whose `tables.ts` declares it (or `store/settings.ts`), and only
 * code in that folder queries it: other services go through the owner's exported functions. Read from the
 * sources, so a new query on another service's table fails here, naming the file and the table.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const SRC = join(ROOT, 'src')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** Table name -> owning folder, from every `interface ...Tables { name: ... }` declaration. */
function owners(): Map<string, string> {
  const owned = new Map<string, string>()
  for (const file of files(SRC)) {
    const text = readFileSync(file, 'utf8')
    for (const [, body] of text.matchAll(/export interface \w+Tables\s*{([\s\S]*?)\n}/g)) {
      for (const [, table] of body.matchAll(/^ {2}(\w+):/gm)) {
        assert.ok(!owned.has(table), `table ${table} is declared twice`)
        owned.set(table, dirname(file))
      }
    }
  }
  return owned
}

/** Tables a source file queries: through Kysely's builders, or named in raw SQL. */
function tablesQueried(text: string, known: Set<string>): string[] {
  const found = new Set<string>()
  for (const [, table] of text.matchAll(
    /\b(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|replaceInto|mergeInto)\(\s*['"`](\w+)/g,
  )) {
    found.add(table)
  }
  // store/prepared.ts's insertRows(db, 'table', rows)
  for (const [, table] of text.matchAll(/\binsertRows\([^,]+,\s*['"`](\w+)/g)) found.add(table)
  for (const [, template] of text.matchAll(/sql(?:<[^`]*?>)?`([^`]*)`/g)) {
    for (const [, table] of template.matchAll(/\b(?:from|into|update|join)\s+(\w+)/gi)) if (known.has(table)) found.add(table)
  }
  return [...found]
}

describe('table ownership', () => {
  const owned = owners()

  test('the tables are declared', () => {
    for (const table of ['vpcs', 'subnets', 'ip_allocations', 'users', 'projects', 'esw_connections', 'lifecycle_tasks', 'settings']) {
      assert.ok(owned.has(table), `${table} has no owner`)
    }
  })

  test("no code queries another owner's tables", () => {
    const breaches: string[] = []
    for (const file of files(SRC)) {
      if (file.includes(`${join('store', 'migrations')}`)) continue // the schema's history creates every table
      for (const table of tablesQueried(readFileSync(file, 'utf8'), new Set(owned.keys()))) {
        const owner = owned.get(table)
        if (owner === undefined) breaches.push(`${relative(ROOT, file)}: ${table} is not declared in any tables.ts`)
        else if (!file.startsWith(owner + '/'))
          breaches.push(`${relative(ROOT, file)} queries ${table} (owned by ${relative(ROOT, owner)})`)
      }
    }
    assert.deepEqual(breaches, [])
  })

  test("the check sees queries: a query on another service's table is a breach", () => {
    const known = new Set(owned.keys())
    assert.deepEqual(tablesQueried("db.selectFrom('subnets').innerJoin('vpcs as v', 'v.id', 'x')", known), ['subnets', 'vpcs'])
    assert.deepEqual(tablesQueried("await insertRows(trx, 'subnets', [row])", known), ['subnets'])
    assert.deepEqual(tablesQueried('sql`update settings set value = 1`', known), ['settings'])
  })
})
