/**
 * Property-based fuzzing of every declared operation of every service: bodies and queries generated from
 * each declaration's own schemas (valid, near-valid and garbage values). No answer is a 5xx, every error is
 * in the service's envelope (or the gateway's, for gateway refusals), and a refused request writes nothing.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { databaseDump } from '../support/database.js'
import type { TSchema } from 'typebox'
import { ApiError, gatewayStyle } from '../../src/platform/errors.js'
import type { ErrorStyle } from '../../src/platform/errors.js'
import { createTestApp, type TestApp } from '../support/app.js'
import { fillPath, pathParams, signedOperations } from '../support/operations.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 25)

let lp: TestApp
before(async () => {
  // Manual lifecycle: nothing moves by itself between the before/after snapshots of a request.
  lp = await createTestApp({ lifecycle: { mode: 'manual', scale: 1 } })
})
after(() => lp.close())

type Schema = {
  type?: string
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  enum?: unknown[]
  const?: unknown
  anyOf?: Schema[]
}
const plain = (schema: TSchema | undefined): Schema | undefined => (schema ? JSON.parse(JSON.stringify(schema)) : undefined)

const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '10.0.0.0/16',
    '256.1.1.1',
    '0.0.0.0/0',
    '<script>',
    "' OR 1=1 --",
    '../../etc',
    '%00',
    '\u0000',
    'a'.repeat(300),
    '__proto__',
  ),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
)

/** Values for a schema: usually of its shape (so the handler is reached), sometimes anything at all. */
function valueOf(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 5) return garbage
  let shaped: fc.Arbitrary<unknown>
  if (schema.const !== undefined) shaped = fc.constant(schema.const)
  else if (schema.enum) shaped = fc.constantFrom(...schema.enum)
  else if (schema.anyOf) shaped = fc.oneof(...schema.anyOf.map((s) => valueOf(s, depth + 1)))
  else if (schema.type === 'object' && schema.properties) {
    const entries = Object.entries(schema.properties)
    shaped = fc.record(Object.fromEntries(entries.map(([name, s]) => [name, valueOf(s, depth + 1)])), {
      requiredKeys: entries.map(([name]) => name).filter((name) => schema.required?.includes(name)),
    })
  } else if (schema.type === 'array') shaped = fc.array(valueOf(schema.items, depth + 1), { maxLength: 3 })
  else if (schema.type === 'string')
    shaped = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('10.0.1.0/24', '10.0.1.1', 'name-1', '0'), fc.uuid())
  else if (schema.type === 'integer') shaped = fc.oneof(fc.integer({ min: -5, max: 3000 }), fc.constant(2 ** 53))
  else if (schema.type === 'number') shaped = fc.double({ noNaN: true })
  else if (schema.type === 'boolean') shaped = fc.boolean()
  else shaped = garbage
  return fc.oneof({ arbitrary: shaped, weight: 4 }, { arbitrary: garbage, weight: 1 })
}

/** Query values are text on the wire. */
function queryOf(schema: Schema | undefined): fc.Arbitrary<Record<string, string>> {
  const names = Object.keys(schema?.properties ?? {})
  if (names.length === 0) return fc.constant({})
  return fc.record(
    Object.fromEntries(
      names.map((name) => [
        name,
        fc.oneof(fc.string({ maxLength: 20 }), fc.integer({ min: -3, max: 3000 }).map(String), fc.constantFrom('true', 'false', '')),
      ]),
    ),
    {
      requiredKeys: [],
    },
  ) as fc.Arbitrary<Record<string, string>>
}

function databaseState(): Promise<string> {
  return databaseDump(lp.linkplane.context.db)
}

const keysOf = (style: ErrorStyle) =>
  Object.keys(style.body(new ApiError(400, 'X.0000', 'sample'), 'rid'))
    .sort()
    .join(',')

describe('fuzzing every operation of every service', () => {
  const cases = signedOperations()
  test('operations to fuzz', () => assert.ok(cases.length > 30))

  for (const { service, operation } of cases) {
    test(`${service.name} ${operation.name}`, async () => {
      const envelopes = new Set([keysOf(service.errors), keysOf(gatewayStyle)])
      const body = plain(operation.body)
      await fc.assert(
        fc.asyncProperty(
          body ? fc.option(valueOf(body), { freq: 8 }) : fc.constant(undefined),
          queryOf(plain(operation.query)),
          fc.option(fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.uuid()), { freq: 2 }),
          async (payload, query, id) => {
            const params = pathParams(
              operation,
              id
                ? Object.fromEntries(
                    Object.keys(pathParams(operation))
                      .filter((n) => n !== 'project_id' && n !== 'domain_id')
                      .map((n) => [n, id]),
                  )
                : {},
            )
            const before = await databaseState()
            const response = await lp.call(operation.method, fillPath(operation, params), { body: payload ?? undefined, query })
            assert.ok(
              response.status < 500,
              `${response.status} ${JSON.stringify(response.body)} for ${JSON.stringify({ payload, query, params })}`,
            )
            if (response.status >= 400 && operation.method !== 'HEAD') {
              const keys = Object.keys(response.body ?? {})
                .sort()
                .join(',')
              assert.ok(envelopes.has(keys), `envelope ${keys} for ${JSON.stringify(response.body)}`)
              assert.equal(await databaseState(), before, `a refused request wrote: ${JSON.stringify({ payload, query, params })}`)
            }
          },
        ),
        { numRuns: RUNS },
      )
    })
  }
})
