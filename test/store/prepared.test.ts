import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { openStore, type Store } from '../../src/store/database.js'
import { insertRows, prepared } from '../../src/store/prepared.js'
import { temporaryDatabase } from '../support/database.js'

let store: Store
before(async () => {
  store = await openStore(await temporaryDatabase())
})
after(() => store.close())

const setting = prepared((db, v: { key: string }) => db.selectFrom('settings').select(['key', 'value']).where('key', '=', v.key))
const settingsBetween = prepared((db, v: { from: string; to: string }) =>
  db.selectFrom('settings').select('key').where('key', '>=', v.from).where('key', '<=', v.to).orderBy('key'),
)

test('a prepared query runs with the values of each call, in the order its placeholders stand', async () => {
  await insertRows(store.db, 'settings', [
    { key: 'prepared.a', value: '1' },
    { key: 'prepared.b', value: '2' },
    { key: 'prepared.c', value: '3' },
  ])
  assert.deepEqual(await setting.first(store.db, { key: 'prepared.b' }), { key: 'prepared.b', value: '2' })
  assert.deepEqual(await setting.first(store.db, { key: 'prepared.c' }), { key: 'prepared.c', value: '3' })
  assert.equal(await setting.first(store.db, { key: 'prepared.none' }), undefined)
  assert.deepEqual(
    (await settingsBetween.all(store.db, { from: 'prepared.b', to: 'prepared.c' })).map((r) => r.key),
    ['prepared.b', 'prepared.c'],
  )
  assert.deepEqual(
    (await settingsBetween.all(store.db, { from: 'prepared.a', to: 'prepared.a' })).map((r) => r.key),
    ['prepared.a'],
  )
})

test('inside a transaction too, and an insert of one row and of two use statements of their own', async () => {
  await store.db.transaction().execute(async (trx) => {
    await insertRows(trx, 'settings', [{ key: 'prepared.t1', value: 'x' }])
    await insertRows(trx, 'settings', [
      { key: 'prepared.t2', value: 'y' },
      { key: 'prepared.t3', value: 'z' },
    ])
    assert.deepEqual(await setting.first(trx, { key: 'prepared.t3' }), { key: 'prepared.t3', value: 'z' })
  })
  assert.deepEqual(
    (await settingsBetween.all(store.db, { from: 'prepared.t1', to: 'prepared.t9' })).map((r) => r.key),
    ['prepared.t1', 'prepared.t2', 'prepared.t3'],
  )
})

test('rows that give values to different columns are refused, not written in part', async () => {
  await assert.rejects(
    insertRows(store.db, 'settings', [{ key: 'prepared.x', value: '1' }, { key: 'prepared.y' } as never]),
    /the rows give values to different columns/,
  )
  assert.equal(await setting.first(store.db, { key: 'prepared.x' }), undefined)
})
