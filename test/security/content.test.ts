/**
 * What the gateway reads, over real HTTP against a linkplane process: only JSON bodies, never a
 * Content-Encoding it would have to ignore (tampering with it after signing included), and every refusal
 * Fastify or Node's parser makes before a route runs answered in the gateway's envelope, with the request
 * id of its log line. Nothing refused writes anything.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { connect } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { gzipSync } from 'node:zlib'
import { TEST_CREDENTIALS, type Signer } from '../support/app.js'
import { AKSKSigner } from '../support/huawei-sdk.js'
import { databaseDumpAt } from '../support/database.js'
import { send, signed, type HttpResponse, type Outgoing } from '../support/http-client.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase, type ServerProcess } from '../support/server-process.js'

const admin: Signer = {
  accessKey: TEST_CREDENTIALS.accessKey,
  secretKey: TEST_CREDENTIALS.secretKey,
  projectId: TEST_CREDENTIALS.projectId,
}
const vpcs = `/v1/${TEST_CREDENTIALS.projectId}/vpcs`
const vpcBody = { vpc: { name: 'content', cidr: '10.0.0.0/16' } }
const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex')
let database: string
let server: ServerProcess

before(async () => {
  database = await temporaryDatabase()
  // Manual lifecycle: resources created by one test do not change status under the next one's snapshot.
  server = await startServer({ database, env: { ...SERVER_CREDENTIALS, LINKPLANE_LOG_LEVEL: 'info', LINKPLANE_LIFECYCLE: 'manual' } })
})
after(() => server.stop())

const envelopeKeys = (body: object) => Object.keys(body).sort().join(',')
const VPC_ENVELOPE = 'code,error_code,error_msg,message,request_id'
const GATEWAY_ENVELOPE = 'error_code,error_msg,request_id'

/** Sends a request that must be refused with `status` and `code` in `envelope`; nothing may be written. */
async function refused(outgoing: Outgoing, status: number, code: string, envelope: string): Promise<HttpResponse> {
  const before = await databaseDumpAt(database)
  const response = await send(server.url, outgoing)
  assert.equal(response.status, status, JSON.stringify(response.body))
  assert.equal(envelopeKeys(response.body), envelope, JSON.stringify(response.body))
  assert.equal(response.body.error_code, code)
  assert.equal(response.body.request_id, response.headers['x-request-id'])
  assert.equal(await databaseDumpAt(database), before, 'nothing is written by a refused request')
  return response
}

/** The server's JSON log line carrying `requestId` (logs are written as the answer completes). */
async function logLine(requestId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const line = server
      .output()
      .split('\n')
      .find((l) => l.startsWith('{') && l.includes(requestId))
    if (line) return JSON.parse(line)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  assert.fail(`no log line for request ${requestId}`)
}

describe('only JSON bodies are read', () => {
  test('a body without a Content-Type, or with another type, is 415 in the service envelope', async () => {
    // Signed without any Content-Type: the signature is good, the body is still not read.
    const { host } = new URL(server.url)
    const untyped = AKSKSigner.sign(
      {
        method: 'POST',
        endpoint: `${server.url}${vpcs}`,
        headers: { host, 'x-project-id': admin.projectId },
        queryParams: {},
        data: vpcBody,
      },
      { getAk: () => admin.accessKey, getSk: () => admin.secretKey },
    )
    assert.ok(!Object.keys(untyped).some((name) => name.toLowerCase() === 'content-type'))
    const response = await refused(
      { method: 'POST', path: vpcs, headers: untyped, body: JSON.stringify(vpcBody) },
      415,
      'VPC.0101',
      VPC_ENVELOPE,
    )
    assert.match(response.body.error_msg, /not no Content-Type/)
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'multipart/form-data; boundary=x']) {
      const typed = signed(server.url, admin, 'POST', vpcs, { body: vpcBody, headers: { 'content-type': type } })
      const refusal = await refused(typed, 415, 'VPC.0101', VPC_ENVELOPE)
      assert.match(refusal.body.error_msg, /must be JSON with Content-Type application\/json/)
    }
  })

  test("JSON types with parameters and in any case are read; a GET with the SDK's `{}` body is answered", async () => {
    for (const type of ['application/json;charset=utf8', 'Application/JSON; charset=UTF-8']) {
      const response = await send(
        server.url,
        signed(server.url, admin, 'POST', vpcs, {
          body: { vpc: { name: `typed-${type.length}`, cidr: '10.0.0.0/16' } },
          headers: { 'content-type': type },
        }),
      )
      assert.equal(response.status, 200, JSON.stringify(response.body))
    }
    const listing = signed(server.url, admin, 'GET', '/v3/projects', { body: {} })
    // Node's client sends a GET body only with a length (axios, under the SDK, always gives one).
    const projects = await send(server.url, { ...listing, headers: { ...listing.headers, 'content-length': '2' } })
    assert.equal(projects.status, 200, JSON.stringify(projects.body))
  })

  test('a body holding __proto__ is refused with a message that names it', async () => {
    const body = '{"vpc":{"name":"proto","cidr":"10.0.0.0/16","__proto__":{"admin":true}}}'
    const outgoing = signed(server.url, admin, 'POST', vpcs, { body: vpcBody, headers: { 'X-Sdk-Content-Sha256': sha256(body) } })
    const response = await refused({ ...outgoing, body }, 400, 'VPC.0101', VPC_ENVELOPE)
    assert.match(response.body.error_msg, /__proto__/)
    assert.doesNotMatch(response.body.error_msg, /not valid JSON/)
  })
})

describe('Content-Encoding is never ignored', () => {
  const gzipped = gzipSync(JSON.stringify(vpcBody))

  test('a gzip body, signed as sent with its Content-Encoding, is refused (415), not decoded', async () => {
    const outgoing = signed(server.url, admin, 'POST', vpcs, {
      body: vpcBody,
      headers: { 'Content-Encoding': 'gzip', 'X-Sdk-Content-Sha256': sha256(gzipped) },
    })
    assert.match(outgoing.headers.Authorization, /SignedHeaders=content-encoding;/)
    const response = await refused({ ...outgoing, body: gzipped }, 415, 'VPC.0101', VPC_ENVELOPE)
    assert.match(response.body.error_msg, /Content-Encoding gzip is not supported/)
  })

  test('an encoding added after signing is refused; identity is read', async () => {
    const good = signed(server.url, admin, 'POST', vpcs, { body: vpcBody })
    for (const encoding of ['gzip', 'br', 'deflate', 'x-unknown']) {
      await refused({ ...good, headers: { ...good.headers, 'content-encoding': encoding } }, 415, 'VPC.0101', VPC_ENVELOPE)
    }
    const identity = await send(server.url, { ...good, headers: { ...good.headers, 'content-encoding': 'identity' } })
    assert.equal(identity.status, 200, JSON.stringify(identity.body))
  })

  test('a signed encoding removed, or a body compressed after signing, is 401: the signature covers both', async () => {
    const withEncoding = signed(server.url, admin, 'POST', vpcs, {
      body: vpcBody,
      headers: { 'Content-Encoding': 'gzip', 'X-Sdk-Content-Sha256': sha256(gzipped) },
    })
    const { ['Content-Encoding']: _removed, ...stripped } = withEncoding.headers
    await refused({ ...withEncoding, headers: stripped, body: gzipped }, 401, 'APIGW.0301', GATEWAY_ENVELOPE)
    const plain = signed(server.url, admin, 'POST', vpcs, { body: vpcBody })
    await refused(
      { ...plain, headers: { ...plain.headers, 'content-encoding': 'gzip' }, body: gzipped },
      401,
      'APIGW.0301',
      GATEWAY_ENVELOPE,
    )
  })
})

describe("what Fastify and Node refuse before a route runs answers in the gateway's envelope, logged", () => {
  test('a malformed percent-escape in a path parameter is 400 APIGW.0201, logged with its request id', async () => {
    for (const id of ['%ZZ', '%E2%82', 'a%2']) {
      const response = await refused(signed(server.url, admin, 'GET', `${vpcs}/${id}`), 400, 'APIGW.0201', GATEWAY_ENVELOPE)
      assert.match(response.body.error_msg, /malformed percent-escape/)
      const line = await logLine(response.body.request_id)
      assert.equal(line.status, 400)
    }
  })

  test('a 5,000-character id reaches its service (404 VPC.0003); a path parameter beyond 32 KB is 414 APIGW.0201', async () => {
    const long = await refused(signed(server.url, admin, 'GET', `${vpcs}/${'a'.repeat(5000)}`), 404, 'VPC.0003', VPC_ENVELOPE)
    assert.equal((await logLine(long.body.request_id)).operation, 'ShowVpc')
    const huge = await refused(signed(server.url, admin, 'GET', `${vpcs}/${'a'.repeat(33 * 1024)}`), 414, 'APIGW.0201', GATEWAY_ENVELOPE)
    await logLine(huge.body.request_id)
  })

  test('an unknown method on a known path is 404 APIGW.0101, logged', async () => {
    const response = await refused(signed(server.url, admin, 'PATCH', vpcs), 404, 'APIGW.0101', GATEWAY_ENVELOPE)
    assert.equal((await logLine(response.body.request_id)).status, 404)
  })

  test('oversized headers (431) and a malformed request line (400) are answered on the socket, logged', async () => {
    const { host } = new URL(server.url)
    const big = await refused(
      { method: 'GET', path: vpcs, headers: { host, 'x-big': 'b'.repeat(70 * 1024) } },
      431,
      'APIGW.0201',
      GATEWAY_ENVELOPE,
    )
    assert.equal((await logLine(big.body.request_id)).status, 431)
    const raw = await new Promise<string>((resolve, reject) => {
      const { hostname, port } = new URL(server.url)
      const socket = connect(Number(port), hostname)
      let text = ''
      socket.on('data', (chunk) => (text += chunk))
      socket.on('close', () => resolve(text))
      socket.on('error', reject)
      socket.write('NOT A REQUEST\r\n\r\n')
    })
    assert.match(raw, /^HTTP\/1\.1 400 Bad Request\r\n/)
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))
    assert.equal(envelopeKeys(body), GATEWAY_ENVELOPE)
    assert.match(raw, new RegExp(`\r\nX-Request-Id: ${body.request_id}\r\n`))
    assert.equal((await logLine(body.request_id)).status, 400)
  })
})
