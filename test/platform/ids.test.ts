import assert from 'node:assert/strict'
import { test } from 'node:test'
import { newHexId, newId } from '../../src/platform/ids.js'

test('resource ids are UUIDs in the hyphenated form, version 7, each sorting after the one before', () => {
  const ids = Array.from({ length: 1000 }, () => newId())
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.equal(new Set(ids).size, ids.length)
  assert.deepEqual([...ids].sort(), ids)
  // The time in front is now's, in milliseconds.
  const millis = parseInt(newId().replace('-', '').slice(0, 12), 16)
  assert.ok(Math.abs(millis - Date.now()) < 5000, `${millis} is not about ${Date.now()}`)
})

test('project, account, user and request ids stay 32 random hex characters', () => {
  const ids = Array.from({ length: 100 }, () => newHexId())
  for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/)
  assert.equal(new Set(ids).size, ids.length)
})
