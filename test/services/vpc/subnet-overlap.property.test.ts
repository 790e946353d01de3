import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import fc from 'fast-check'
import { formatIpv4, parseCidr, cidrsOverlap, type Cidr } from '../../../src/platform/net/ipv4.js'
import { createTestApp, type TestApp } from '../../support/app.js'
import { readyVpc } from '../../support/vpc.js'

// CreateSubnet finds overlaps with one index seek (subnets.ts); this compares it with the obvious pairwise check
// over random sequences of blocks of mixed sizes, where overlaps are frequent.
let lp: TestApp
before(async () => {
  lp = await createTestApp()
})
after(() => lp.close())

const block = fc
  .record({ offset: fc.integer({ min: 0, max: 255 }), prefix: fc.integer({ min: 22, max: 28 }) })
  .map(({ offset, prefix }) => {
    const size = 2 ** (32 - prefix)
    const first = (parseCidr('10.20.0.0/16')!.first + offset * 256) & ~(size - 1)
    return `${formatIpv4(first >>> 0)}/${prefix}`
  })

test('CreateSubnet accepts a CIDR exactly when it overlaps no sibling (VPC.0204 otherwise)', async () => {
  let run = 0
  await fc.assert(
    fc.asyncProperty(fc.array(block, { minLength: 1, maxLength: 25 }), async (cidrs) => {
      const vpc = await readyVpc(lp, { name: `overlap-${run++}`, cidr: '10.20.0.0/16' })
      const accepted: Cidr[] = []
      for (const text of cidrs) {
        const cidr = parseCidr(text)!
        const expected = accepted.some((other) => cidrsOverlap(other, cidr)) ? 400 : 200
        const response = await lp.call('POST', `/v1/${lp.projectId}/subnets`, {
          body: { subnet: { vpc_id: vpc.id, name: 's', cidr: text, gateway_ip: formatIpv4(cidr.first + 1) } },
        })
        assert.equal(response.status, expected, `${text} after ${accepted.map((c) => c.text).join(', ')}: ${JSON.stringify(response.body)}`)
        if (expected === 400) assert.equal(response.body.code, 'VPC.0204')
        else accepted.push(cidr)
      }
    }),
    { numRuns: 25 },
  )
})
