/**
 * The README's walk-through script (examples/esw-over-vxlan.mjs), run as written against a linkplane process
 * with the linux data plane, under this file's own prefix; then the ping it prints.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { TEST_CREDENTIALS } from '../support/app.js'
import { linuxSkipReason, privatePrefix } from '../support/linux.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase } from '../support/server-process.js'

const skip = await linuxSkipReason()
const prefix = skip ? '' : privatePrefix()

describe('the README walk-through', { skip }, () => {
  test('two instances and crossing connections made with the SDK, test hosts, and a ping across', async () => {
    assert.match(readFileSync('README.md', 'utf8'), /\nnode examples\/esw-over-vxlan\.mjs\n/)
    const server = await startServer({
      database: await temporaryDatabase(),
      env: { ...SERVER_CREDENTIALS, LINKPLANE_DATAPLANE: 'linux', LINKPLANE_DATAPLANE_PREFIX: prefix },
    })
    const output = execFileSync(process.execPath, ['examples/esw-over-vxlan.mjs'], {
      env: {
        PATH: process.env.PATH,
        LINKPLANE_ENDPOINT: server.url,
        LINKPLANE_ACCESS_KEY: TEST_CREDENTIALS.accessKey,
        LINKPLANE_SECRET_KEY: TEST_CREDENTIALS.secretKey,
        LINKPLANE_PROJECT_ID: TEST_CREDENTIALS.projectId,
      },
      encoding: 'utf8',
      timeout: 120_000,
    })
    const lines = output.trim().split('\n')
    assert.equal(lines.length, 5, output)
    assert.match(lines[0], /^vpc-a: connection \S+ connected \(VNI 5001, 10\.10\.0\.10 -> 10\.10\.0\.20\)$/)
    assert.match(lines[2], /^vpc-b: connection \S+ connected \(VNI 5001, 10\.10\.0\.20 -> 10\.10\.0\.10\)$/)
    const ping = lines[4].split(' ')
    assert.deepEqual(ping.slice(0, 3), ['ip', 'netns', 'exec'])
    assert.ok(ping[3].startsWith(`${prefix}host-`))
    const answer = execFileSync(ping[0], ping.slice(1), { encoding: 'utf8', timeout: 20_000 })
    assert.match(answer, /3 packets transmitted, 3 received, 0% packet loss/)
    await server.stop()
  })
})
