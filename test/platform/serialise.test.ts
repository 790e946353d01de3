import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fastJsonStringify from 'fast-json-stringify'
import { Type } from 'typebox'
import { literalUnionsAsEnums, schemaSerialiser } from '../../src/platform/serialise.js'

const Item = Type.Object({
  kind: Type.Union([Type.Literal('WEBHOOK'), Type.Literal('KAFKA')]),
  mode: Type.Optional(Type.Union([Type.Literal('on'), Type.Literal('off')])),
  // Not only string literals: left as it is.
  size: Type.Union([Type.Integer(), Type.Null()]),
  tags: Type.Array(Type.Object({ action: Type.Union([Type.Literal('create'), Type.Literal('delete')]), key: Type.String() })),
})

describe('response serialisers', () => {
  it('write unions of string literals as string enums, everywhere in the schema, and leave other unions', () => {
    const rewritten = literalUnionsAsEnums(Item) as any
    assert.deepEqual(rewritten.properties.kind, { type: 'string', enum: ['WEBHOOK', 'KAFKA'] })
    assert.deepEqual(rewritten.properties.mode, { type: 'string', enum: ['on', 'off'] })
    assert.deepEqual(rewritten.properties.tags.items.properties.action, { type: 'string', enum: ['create', 'delete'] })
    assert.ok(Array.isArray(rewritten.properties.size.anyOf))
    assert.deepEqual(rewritten.required, ['kind', 'size', 'tags'])
  })

  it('leave the declared schema as it was (requests are validated with it)', () => {
    const before = JSON.stringify(Item)
    literalUnionsAsEnums(Item)
    assert.equal(JSON.stringify(Item), before)
    assert.ok(Array.isArray((Item.properties.kind as any).anyOf))
  })

  it('serialise every value of the union as fast-json-stringify did with the union', () => {
    const withUnions = fastJsonStringify(Item)
    const serialise = schemaSerialiser(Item)
    for (const value of [
      { kind: 'WEBHOOK', size: 3, tags: [] },
      { kind: 'KAFKA', mode: 'off', size: null, tags: [{ action: 'delete', key: 'k' }], extra: 'dropped' },
      { kind: 'WEBHOOK', mode: 'on', size: 0, tags: [{ action: 'create', key: 'a "quoted" key' }] },
    ]) {
      assert.equal(serialise(value), withUnions(value))
    }
  })
})
