import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, eventually, type TestApp } from '../../support/app.js'
import { assertEgError, authoriseConnections, readyNetwork, type Network } from '../../support/eg.js'
import { SPECS_MISSING, specErrors } from '../../support/huawei-specs.js'

let lp: TestApp
let net: Network
const base = () => `/v1/${lp.projectId}/connections`
const list = (query: Record<string, string | number> = {}) => lp.call('GET', base(), { query })
const names = (response: { body: any }) => response.body.items.map((c: { name: string }) => c.name)
const NAMES = ['bravo', 'alpha', 'delta_100', 'charlie', 'Echo', 'alpha-2']

before(async () => {
  lp = await createTestApp()
  net = await readyNetwork(lp, 1)
  await authoriseConnections(lp)
  // One after the other, so that creation times order them as listed here.
  for (const name of NAMES) {
    const response = await lp.call('POST', base(), { body: { name, vpc_id: net.vpc.id, subnet_id: net.subnet.id } })
    assert.equal(response.status, 200, JSON.stringify(response.body))
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  // Settled, so that updated_time no longer moves: the transitions ran in creation order.
  await eventually(list, (r) => r.body.items.every((c: { status: string }) => c.status === 'CREATED'))
})
after(() => lp.close())

describe('ListConnections', () => {
  test('default: every connection, newest first, with total and size', async () => {
    const response = await list()
    assert.equal(response.status, 200)
    assert.deepEqual(names(response), [...NAMES].reverse())
    assert.equal(response.body.total, NAMES.length)
    assert.equal(response.body.size, NAMES.length)
    if (!SPECS_MISSING) assert.deepEqual(specErrors('EG', 'ListConnections', 200, response.body), [])
  })

  test('sort=name:DESC is exactly sort=name:ASC reversed; created_time:ASC is creation order', async () => {
    const asc = names(await list({ sort: 'name:ASC' }))
    const desc = names(await list({ sort: 'name:DESC' }))
    assert.deepEqual(asc, [...NAMES].sort())
    assert.deepEqual(desc, [...asc].reverse())
    assert.deepEqual(names(await list({ sort: 'created_time:ASC' })), NAMES)
    assert.deepEqual(names(await list({ sort: 'updated_time:asc' })), NAMES)
  })

  test('offset and limit page through the sorted list; total counts every match', async () => {
    const sorted = [...NAMES].sort()
    const pages: string[] = []
    for (let offset = 0; offset < NAMES.length; offset += 4) {
      const page = await list({ sort: 'name:ASC', offset, limit: 4 })
      assert.equal(page.body.total, NAMES.length)
      assert.equal(page.body.size, page.body.items.length)
      pages.push(...names(page))
    }
    assert.deepEqual(pages, sorted)
    const beyond = await list({ offset: 100 })
    assert.deepEqual([beyond.body.total, beyond.body.size, beyond.body.items], [NAMES.length, 0, []])
  })

  test('the default page is 15 items', async () => {
    const many = await createTestApp()
    try {
      const n = await readyNetwork(many, 1)
      await authoriseConnections(many)
      for (let i = 0; i < 16; i++) {
        await many.call('POST', `/v1/${many.projectId}/connections`, { body: { name: `c${i}`, vpc_id: n.vpc.id, subnet_id: n.subnet.id } })
      }
      const page = await many.call('GET', `/v1/${many.projectId}/connections`)
      assert.deepEqual([page.body.total, page.body.size], [16, 15])
    } finally {
      await many.close()
    }
  })

  test('name matches exactly; fuzzy_name is a substring, ignoring case, with % and _ taken literally', async () => {
    assert.deepEqual(names(await list({ name: 'alpha' })), ['alpha'])
    assert.deepEqual(names(await list({ name: 'alph' })), [])
    assert.deepEqual(names(await list({ fuzzy_name: 'alpha', sort: 'name:ASC' })), ['alpha', 'alpha-2'])
    assert.deepEqual(names(await list({ fuzzy_name: 'ECH' })), ['Echo'])
    assert.deepEqual(names(await list({ fuzzy_name: 'a_1' })), ['delta_100'])
    // As LIKE wildcards, `l_` would match alpha, charlie and delta, and `%` everything.
    assert.deepEqual(names(await list({ fuzzy_name: 'l_' })), [])
    assert.deepEqual(names(await list({ fuzzy_name: '%' })), [])
    const filtered = await list({ fuzzy_name: 'a', limit: 1, sort: 'name:ASC' })
    assert.deepEqual([filtered.body.total, filtered.body.size], [5, 1])
  })

  test('a bad sort is EG.00513000; a bad offset or limit is EG.00014000', async () => {
    for (const sort of ['name', 'name:UP', 'vpc_id:ASC', 'name:ASC,id:DESC']) assertEgError(await list({ sort }), 400, 'EG.00513000')
    for (const query of [{ limit: 0 }, { limit: 1001 }, { offset: -1 }, { limit: 'ten' }] as Array<Record<string, string | number>>)
      assertEgError(await list(query), 400, 'EG.00014000')
  })

  test("only the caller's project is listed; another project's URL is EG.00014030", async () => {
    const other = await lp.call('GET', '/v1/ffffffffffffffffffffffffffffffff/connections')
    assertEgError(other, 403, 'EG.00014030')
  })
})
