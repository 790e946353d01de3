import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import Type from 'typebox'
import { ItemCache, itemCaches, sizeItemCaches } from '../../src/platform/item-cache.js'
import { responseSerialiser, SerialisedJson } from '../../src/platform/serialise.js'

const Item = Type.Object({ id: Type.String(), name: Type.String(), size: Type.Integer() })
const List = Type.Object({ items: Type.Array(Item), total: Type.Integer(), marker: Type.Optional(Type.String()) })

describe('response serialisation', () => {
  const serialise = (value: unknown) => responseSerialiser(List)(value).toString()
  const serialised = (json: string) => new SerialisedJson([Buffer.from(json)])

  test('an answer without serialised parts is written by its schema: undeclared fields dropped', () => {
    const json = serialise({ total: 1, items: [{ id: 'a', name: 'x', size: 3, secret: 'no' }], extra: true })
    assert.deepEqual(JSON.parse(json), { items: [{ id: 'a', name: 'x', size: 3 }], total: 1 })
  })

  test('serialised items are written as they are, the other fields by their schemas, in the declared order', () => {
    const json = serialise({ total: 2, extra: true, items: serialised('[{"id":"a","name":"x","size":3}]'), marker: 'm' })
    assert.equal(json, '{"items":[{"id":"a","name":"x","size":3}],"total":2,"marker":"m"}')
  })

  test('a missing required field is refused as fast-json-stringify refuses it', () => {
    assert.throws(() => serialise({ items: serialised('[]') }), /"total" is required/)
    assert.throws(() => serialise({ items: [] }), /"total" is required/)
  })
})

describe('the item cache', () => {
  const item = (id: string, name = `name-${id}`) => ({ id, name, size: id.length })

  test('serialises each item once per version, and again when its version changes', async () => {
    const cache = new ItemCache(Item)
    const loaded: string[][] = []
    const names = new Map([
      ['a', 'first'],
      ['b', 'second'],
    ])
    const load = async (ids: string[]) => {
      loaded.push(ids)
      return ids.map((id) => item(id, names.get(id)))
    }
    const first = await cache.list(
      [
        { id: 'a', version: 0 },
        { id: 'b', version: 0 },
      ],
      load,
    )
    assert.deepEqual(JSON.parse((first.items as unknown as SerialisedJson).json), [item('a', 'first'), item('b', 'second')])
    names.set('b', 'renamed')
    const second = await cache.list(
      [
        { id: 'b', version: 1 },
        { id: 'a', version: 0 },
      ],
      load,
    )
    assert.deepEqual(loaded, [['a', 'b'], ['b']])
    assert.deepEqual(JSON.parse((second.items as unknown as SerialisedJson).json), [item('b', 'renamed'), item('a', 'first')])
    assert.deepEqual(second.ids, ['b', 'a'])
  })

  test('an item its loader no longer finds (deleted between the two reads) is left out of the page', async () => {
    const cache = new ItemCache(Item)
    const page = await cache.list(
      [
        { id: 'a', version: 0 },
        { id: 'gone', version: 0 },
      ],
      async (ids) => ids.filter((id) => id !== 'gone').map((id) => item(id)),
    )
    assert.deepEqual(page.ids, ['a'])
    assert.deepEqual(JSON.parse((page.items as unknown as SerialisedJson).json), [item('a')])
  })

  /** A cache with room for `items` items, and what its loader was asked for. */
  function sized(items: number) {
    const cache = new ItemCache(Item, items * JSON.stringify(item('a')).length)
    const loaded: string[] = []
    const list = (...ids: string[]) =>
      cache.list(
        ids.map((id) => ({ id, version: 0 })),
        async (missing) => {
          loaded.push(...missing)
          return missing.map((id) => item(id))
        },
      )
    return { loaded, list }
  }

  test('keeps at most its size, dropping the least recently used items first', async () => {
    const { loaded, list } = sized(3)
    await list('a', 'b', 'c')
    await list('a') // a is now the most recently used: b goes first
    await list('d') // the cache is full: d comes in when it is asked for again
    await list('d')
    loaded.length = 0
    await list('a', 'c', 'd')
    assert.deepEqual(loaded, [])
    await list('b')
    assert.deepEqual(loaded, ['b'])
  })

  test('once full, keeps what it holds while pages ask for other items once each', async () => {
    const { loaded, list } = sized(2)
    await list('a', 'b')
    const once = await list('c', 'd', 'e')
    assert.deepEqual(JSON.parse((once.items as unknown as SerialisedJson).json), [item('c'), item('d'), item('e')])
    loaded.length = 0
    await list('a', 'b')
    assert.deepEqual(loaded, [])
  })

  test('a cache of size 0 keeps nothing: every page loads its items, and sees every change', async () => {
    const cache = new ItemCache(Item, 0)
    const loaded: string[][] = []
    let name = 'first'
    const load = async (ids: string[]) => {
      loaded.push(ids)
      return ids.map((id) => item(id, name))
    }
    const keys = [{ id: 'a', version: 0 }]
    for (let i = 0; i < 3; i++) await cache.list(keys, load)
    name = 'second' // the same version: a cache that kept the item would still answer 'first'
    const last = await cache.list(keys, load)
    assert.equal(loaded.length, 4)
    assert.deepEqual(JSON.parse((last.items as unknown as SerialisedJson).json), [item('a', 'second')])
  })

  test("a database's caches take the size its server is configured with (LINKPLANE_LIST_CACHE_MB)", async () => {
    const db = {}
    sizeItemCaches(db, 0)
    const cache = itemCaches(Item)(db)
    let loads = 0
    const load = async (ids: string[]) => {
      loads++
      return ids.map((id) => item(id))
    }
    await cache.list([{ id: 'a', version: 0 }], load)
    await cache.list([{ id: 'a', version: 0 }], load)
    assert.equal(loads, 2)
    // Another database, not sized: the default cache keeps the item.
    const other = itemCaches(Item)({})
    await other.list([{ id: 'a', version: 0 }], load)
    await other.list([{ id: 'a', version: 0 }], load)
    assert.equal(loads, 3)
  })
})
