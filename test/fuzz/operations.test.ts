/**
 * Property-based fuzzing of every declared operation of every service: bodies and queries generated from
 * each declaration's own schemas (valid, near-valid and garbage values), numeric extremes in every query
 * parameter, path parameters as raw wire text (malformed escapes, dot segments, over-long ids, unicode), and
 * header-level faults. No answer is a 5xx, every answer has a request id, every error is in the service's
 * envelope (or the gateway's, for gateway refusals), and a refused request writes nothing.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { databaseDump } from '../support/database.js'
import type { TSchema } from 'typebox'
import { ApiError, gatewayStyle } from '../../src/platform/errors.js'
import type { ErrorStyle } from '../../src/platform/errors.js'
import { errorStyleOf, type Operation, type Service } from '../../src/platform/operation.js'
import { createTestApp, type CallOptions, type Response, type TestApp } from '../support/app.js'
import { MISSING_ID, pathParams, signedOperations } from '../support/operations.js'

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
  minimum?: number
  maximum?: number
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

/**
 * Numbers as text that no parser should turn into a 500: beyond any integer type, beyond a double, not a
 * number at all, or only almost one.
 */
const NUMERIC_EXTREMES = [
  '99999999999999999999999',
  '-99999999999999999999999',
  '1e400',
  '-1e400',
  '1e-400',
  '9007199254740993',
  '2147483648',
  '-2147483649',
  'NaN',
  'Infinity',
  '-0',
  '0x10',
  '1.5',
  ' 1',
]

/** A query value as text that the parameter's schema accepts (mostly: strings are any text). */
function queryText(schema: Schema): fc.Arbitrary<string> {
  if (schema.const !== undefined) return fc.constant(String(schema.const))
  if (schema.enum) return fc.constantFrom(...schema.enum.map(String))
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(queryText))
  if (schema.type === 'integer') {
    const min = Math.max(schema.minimum ?? -5, -5)
    return fc.integer({ min, max: Math.max(min, Math.min(schema.maximum ?? 3000, 3000)) }).map(String)
  }
  if (schema.type === 'boolean') return fc.constantFrom('true', 'false')
  return fc.oneof(fc.string({ maxLength: 20 }), fc.uuid())
}

/**
 * Query strings: well-formed ones so that the handler runs, and, more often, one
 * parameter given something odd: a numeric extreme, any text, an empty value. (Making every parameter odd
 * at once would only ever test the first check that fails.)
 */
function queryOf(schema: Schema | undefined): fc.Arbitrary<Record<string, string>> {
  const properties = schema?.properties ?? {}
  const names = Object.keys(properties)
  if (names.length === 0) return fc.constant({})
  // A few parameters at a time: filters and markers that match nothing would end most requests early.
  const wellFormed = fc
    .subarray(names, { maxLength: Math.min(2, names.length) })
    .chain((chosen) => fc.record(Object.fromEntries(chosen.map((name) => [name, queryText(properties[name])]))))
  const odd = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...NUMERIC_EXTREMES) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom('true', 'false', '') },
  )
  return fc.oneof(
    { weight: 1, arbitrary: wellFormed },
    {
      weight: 2,
      arbitrary: fc.tuple(wellFormed, fc.constantFrom(...names), odd).map(([query, name, value]) => ({ ...query, [name]: value })),
    },
  ) as fc.Arbitrary<Record<string, string>>
}

/**
 * A path parameter as it goes on the wire: usually an encoded value (a missing id, a uuid, any text,
 * unicode), sometimes raw bytes no client should send: malformed percent-escapes, dot segments, an
 * over-long id, numeric extremes (for integer ids).
 */
const wireParam: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(MISSING_ID) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }).map(encodeURIComponent) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '%ZZ',
      '%',
      'a%2',
      '%E2%82',
      '%C0%AF',
      '%00',
      '%FF%FE',
      '.',
      '..',
      '...',
      '%2e%2e',
      'a'.repeat(5000),
      ...NUMERIC_EXTREMES.map(encodeURIComponent),
    ),
  },
)

/** Sets a header, whatever the letter case it already has; undefined removes it. */
function setHeader(headers: Record<string, string>, name: string, value: string | undefined): Record<string, string> {
  const kept = Object.fromEntries(Object.entries(headers).filter(([key]) => key.toLowerCase() !== name))
  return value === undefined ? kept : { ...kept, [name]: value }
}

const printable = (maxLength: number) => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${maxLength}}$`))

/**
 * Header-level faults. `signed` ones are sent by a client that signs what it sends (so they reach the
 * service); `tampered` ones are changed after signing, and are chosen so that no key is ever found for them
 * (a wrong signature under a real AK would count towards its lockout and starve the rest of the run).
 */
interface HeaderFault {
  signed?: Record<string, string>
  tampered?: { name: string; value?: string }
}
const headerFault: fc.Arbitrary<HeaderFault> = fc.oneof(
  fc
    .oneof(
      fc.constantFrom(
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        'APPLICATION/JSON',
        'application/jsonx',
        '',
      ),
      printable(40),
    )
    .map((type) => ({ signed: { 'content-type': type } })),
  fc
    .constantFrom('gzip', 'br', 'deflate', 'identity', 'gzip, identity', 'x-unknown')
    .map((encoding) => ({ signed: { 'content-encoding': encoding } })),
  printable(40).map((project) => ({ signed: { 'x-project-id': project } })),
  fc
    .oneof(fc.constant('UNSIGNED-PAYLOAD'), fc.stringMatching(/^[0-9a-f]{64}$/), printable(64))
    .map((hash) => ({ signed: { 'x-sdk-content-sha256': hash } })),
  fc.tuple(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), printable(200)).map(([name, value]) => ({ signed: { [name]: value } })),
  printable(120).map((value) => ({ tampered: { name: 'authorization', value } })),
  printable(30).map((value) => ({ tampered: { name: 'x-sdk-date', value } })),
  fc.constant({ tampered: { name: 'x-sdk-date' } }),
  // No signature at all, and a token that is no token.
  printable(80).map((value) => ({ signed: { 'x-auth-token': value }, tampered: { name: 'authorization' } })),
)

function tamper(fault: HeaderFault | null): ((headers: Record<string, string>) => Record<string, string>) | undefined {
  const change = fault?.tampered
  return change && ((headers) => setHeader(headers, change.name, change.value))
}

function databaseState(): Promise<string> {
  return databaseDump(lp.linkplane.context.db)
}

const keysOf = (style: ErrorStyle) =>
  Object.keys(style.body(new ApiError(400, 'X.0000', 'sample'), 'rid'))
    .sort()
    .join(',')

/** The operation's path with `wire` values put in as they are (raw wire text), every other id encoded. */
function wirePath(operation: Operation, wire: Record<string, string> = {}): string {
  const params = pathParams(operation)
  return operation.path.replace(/:([A-Za-z_]+)/g, (_, name: string) => (name in wire ? wire[name] : encodeURIComponent(params[name])))
}

/**
 * Sends one request and checks what every answer keeps to: never a 5xx, always a request id, and an error
 * in the service's envelope (or the gateway's, for gateway refusals) that wrote nothing.
 */
async function sendChecked(service: Service, operation: Operation, path: string, options: CallOptions, sent: string): Promise<Response> {
  const envelopes = new Set([keysOf(errorStyleOf(service, operation)), keysOf(gatewayStyle)])
  const before = await databaseState()
  const response = await lp.call(operation.method, path, options)
  assert.ok(response.status < 500, `${response.status} ${JSON.stringify(response.body)} for ${sent}`)
  assert.match(String(response.headers['x-request-id']), /^[0-9a-f]{32}$/, `no request id for ${sent}`)
  if (response.status >= 400 && operation.method !== 'HEAD') {
    const keys = Object.keys(response.body ?? {})
      .sort()
      .join(',')
    assert.ok(envelopes.has(keys), `envelope ${keys} for ${JSON.stringify(response.body)} (${sent})`)
    assert.equal(await databaseState(), before, `a refused request wrote: ${sent}`)
  }
  return response
}

describe('fuzzing every operation of every service', () => {
  const cases = signedOperations()
  test('operations to fuzz', () => assert.ok(cases.length > 30))

  for (const { service, operation } of cases) {
    test(`${service.name} ${operation.name}`, async () => {
      const body = plain(operation.body)
      const ids = Object.keys(pathParams(operation)).filter((n) => n !== 'project_id' && n !== 'domain_id')
      await fc.assert(
        fc.asyncProperty(
          // Operations without a body still get one sometimes: the Node SDK sends `{}` with some GETs.
          body ? fc.option(valueOf(body), { freq: 8 }) : fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, fc.constant({})),
          queryOf(plain(operation.query)),
          fc.record(Object.fromEntries(ids.map((name) => [name, wireParam]))),
          fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, headerFault),
          async (payload, query, wire, fault) => {
            const path = wirePath(operation, wire as Record<string, string>)
            const options = { body: payload ?? undefined, query, headers: fault?.signed, afterSigning: tamper(fault) }
            await sendChecked(service, operation, path, options, JSON.stringify({ path, payload, query, fault }))
          },
        ),
        { numRuns: RUNS },
      )
    })
  }
})

describe('numeric extremes in every integer query parameter', () => {
  // Beyond any integer type, beyond a double, or no number at all: each is the service's own 400, on every
  // operation that takes an integer in its query (list limits and offsets, cursors).
  const extremes = ['99999999999999999999999', '-99999999999999999999999', '1e400', '-1e400', 'NaN', 'Infinity', '1.5']
  const cases = signedOperations().flatMap(({ service, operation }) =>
    Object.entries(plain(operation.query)?.properties ?? {})
      .filter(([, schema]) => schema.type === 'integer')
      .map(([name]) => ({ service, operation, name })),
  )
  test('there are integer query parameters to test', () => assert.ok(cases.length >= 10, String(cases.length)))

  for (const { service, operation, name } of cases) {
    test(`${service.name} ${operation.name} ?${name}=`, async () => {
      const badRequest = (operation.badRequest ?? errorStyleOf(service, operation).badRequest)('x')
      // Where the envelope writes the service's code (all but IAM's Keystone one), it is the bad-request code.
      const writesCode = JSON.stringify(errorStyleOf(service, operation).body(badRequest, 'rid')).includes(badRequest.code)
      const path = wirePath(operation)
      for (const value of extremes) {
        const response = await lp.call(operation.method, path, { query: { [name]: value } })
        assert.equal(response.status, 400, `${name}=${value}: ${response.status} ${JSON.stringify(response.body)}`)
        assert.equal(
          keysOf(errorStyleOf(service, operation)),
          Object.keys(response.body).sort().join(','),
          `${name}=${value}: ${JSON.stringify(response.body)}`,
        )
        if (writesCode)
          assert.ok(JSON.stringify(response.body).includes(badRequest.code), `${name}=${value}: ${JSON.stringify(response.body)}`)
      }
    })
  }
})

describe('odd path parameters on every operation', () => {
  // Each id of each operation, one at a time: a malformed escape is the gateway's 400 before any service;
  // anything else reaches the service, which answers in its own envelope (never Fastify's, never a 5xx).
  const odd = ['%ZZ', '%E2%82', 'a'.repeat(5000), '..', '%C3%A9t%C3%A9', '99999999999999999999999']
  for (const { service, operation } of signedOperations()) {
    const ids = Object.keys(pathParams(operation)).filter((n) => n !== 'project_id' && n !== 'domain_id')
    if (ids.length === 0) continue
    test(`${service.name} ${operation.name}`, async () => {
      for (const name of ids) {
        for (const value of odd) {
          const path = wirePath(operation, { [name]: value })
          const sent = `${operation.method} ${path.slice(0, 120)}`
          const response = await sendChecked(service, operation, path, { body: operation.body ? {} : undefined }, sent)
          const malformed = value === '%ZZ' || value === '%E2%82'
          if (malformed) assert.equal(response.status, 400, sent)
          if (malformed && operation.method !== 'HEAD') assert.equal(response.body.error_code, 'APIGW.0201', sent)
        }
      }
    })
  }
})
