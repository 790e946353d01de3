/**
 * Property-based fuzzing of the admin operations that take rich bodies: fault rules and state documents.
 * No answer is a 5xx, every refusal is in the admin API's envelope, and a refused request changes nothing.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { createTestApp, type Response, type TestApp } from '../support/app.js'
import { readySubnet, readyVpc } from '../support/vpc.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 25)

let lp: TestApp
let valid: any
before(async () => {
  lp = await createTestApp()
  const vpc = await readyVpc(lp, { name: 'fuzzed', cidr: '10.0.0.0/16' })
  await readySubnet(lp, { name: 'fuzzed', cidr: '10.0.1.0/24', gateway_ip: '10.0.1.1', vpc_id: vpc.id })
  valid = (await lp.call('GET', '/_linkplane/state')).body
})
after(() => lp.close())

const state = async () => (await lp.call('GET', '/_linkplane/state')).body.data

function assertRefusal(response: Response, allowed: number[]) {
  assert.ok(response.status < 500, `${response.status} ${JSON.stringify(response.body)}`)
  if (allowed.includes(response.status)) return
  assert.ok([400, 404, 409].includes(response.status), `${response.status} ${JSON.stringify(response.body)}`)
  assert.deepEqual(Object.keys(response.body).sort(), ['error_code', 'error_msg', 'request_id'])
  assert.match(response.body.error_code, /^(LINKPLANE|APIGW)\.\d{4}$/)
}

const garbage = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', '__proto__', 'constructor', 'vpc', 'CreateVpc', 'vpc.vpc-ready', 'stall', 'fail', '10.0.0.0/16'),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
)

/** Rules near the valid ones: real names and values mixed with anything at all. */
const rule = fc.record(
  {
    service: fc.oneof(fc.constantFrom('vpc', 'esw', 'eg', 'cs', 'iam', 'admin', 'nova'), garbage),
    operation: fc.oneof(fc.constantFrom('CreateVpc', 'ListVpcs', 'CreateInstance', 'Health'), garbage),
    account: fc.oneof(fc.constant('tester'), garbage),
    transition: fc.oneof(fc.constantFrom('vpc.vpc-ready', 'eg.connection-ready', 'vpc-peering.expire'), garbage),
    resource_id: garbage,
    probability: fc.oneof(fc.constantFrom(0, 0.5, 1, 2, -1), garbage),
    count: fc.oneof(fc.constantFrom(0, 1, 3, -1, 1e12), garbage),
    error: fc.oneof(
      fc.record(
        { status: fc.oneof(fc.integer({ min: 100, max: 700 }), garbage), error_code: garbage, error_msg: garbage },
        { requiredKeys: [] },
      ),
      garbage,
    ),
    delay_ms: fc.oneof(fc.constantFrom(0, 1, 600_000, 600_001), garbage),
    lifecycle: fc.oneof(fc.constantFrom('stall', 'fail'), garbage),
  },
  { requiredKeys: [] },
)

describe('fuzzing the admin API', () => {
  test('CreateFault: a rule is created (then deleted) or refused with 400; never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(rule, async (body) => {
        const response = await lp.call('POST', '/_linkplane/faults', { body })
        assertRefusal(response, [201])
        if (response.status === 201) assert.equal((await lp.call('DELETE', `/_linkplane/faults/${response.body.fault.id}`)).status, 204)
        assert.deepEqual((await lp.call('GET', '/_linkplane/faults')).body.faults, [])
      }),
      { numRuns: RUNS * 4 },
    )
  })

  test('ImportState: a changed document is imported whole or refused, and a refusal changes nothing', async () => {
    const before = await state()
    const tables = Object.entries(valid.data as Record<string, Record<string, unknown[]>>).flatMap(([owner, t]) =>
      Object.keys(t).map((table) => [owner, table] as const),
    )
    const change = fc.oneof(
      // A value of a row changed to anything.
      fc.record({ at: fc.constantFrom(...tables), row: fc.nat(), column: fc.string({ maxLength: 12 }), pick: fc.nat(), value: garbage }),
      // The document's own fields changed.
      fc.record({ field: fc.constantFrom('format', 'version', 'schema', 'data'), value: garbage }),
    )
    await fc.assert(
      fc.asyncProperty(change, async (c) => {
        const document = structuredClone(valid)
        if ('field' in c) document[c.field] = c.value
        else {
          const rows = document.data[c.at[0]][c.at[1]] as Array<Record<string, unknown>>
          if (rows.length > 0) {
            const row = rows[c.row % rows.length]
            const columns = Object.keys(row)
            row[c.pick % 2 === 0 ? columns[c.pick % columns.length] : c.column] = c.value
          } else rows.push({ [c.column]: c.value })
        }
        const response = await lp.call('PUT', '/_linkplane/state', { body: document })
        assertRefusal(response, [200])
        if (response.status === 200) assert.equal((await lp.call('PUT', '/_linkplane/state', { body: valid })).status, 200)
        assert.deepEqual(await state(), before)
      }),
      { numRuns: RUNS * 4 },
    )
  })
})
