import assert from 'node:assert/strict'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import {
  canonicalRequest,
  expectedSignature,
  parseAuthorization,
  parseSdkDate,
  signaturesEqual,
  strictEncode,
  type RawRequest,
} from '../../../src/platform/auth/signature.js'
import { basicCredentials, core } from '../../support/huawei-sdk.js'

/**
 * The signing vectors are produced live by the official SDK: it sends requests to a capture server,
 * and each captured request must verify with the SK, and stop verifying once any signed part changes.
 */
const AK = 'HPUAEXAMPLEACCESSKEY'
const SK = 'exampleSecretKey0123456789abcdefghijklmn'
const PROJECT = '0123456789abcdef0123456789abcdef'

let captured: RawRequest[] = []
let endpoint = ''
const server = createServer((req: IncomingMessage, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    captured.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) })
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
  })
})

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
after(() => server.close())

async function sendWithSdk(options: Record<string, unknown>, derived = false): Promise<RawRequest> {
  captured = []
  let credentials = basicCredentials({ accessKey: AK, secretKey: SK, projectId: PROJECT })
  let builder = new core.ClientBuilder((c: unknown) => c).withEndpoint(endpoint)
  if (derived) {
    credentials = credentials.withRegionId('cn-north-4')
    // The predicate must be wrapped: passing the static method unbound throws inside the SDK.
    credentials = credentials.withDerivedPredicate((r: unknown) => core.BasicCredentials.getDefaultDerivedPredicate(r))
    builder = builder.withDerivedAuthServiceName('vpc')
  }
  const client = builder.withCredential(credentials).build()
  await client.sendRequest({ contentType: 'application/json', queryParams: {}, pathParams: {}, headers: {}, ...options })
  assert.equal(captured.length, 1)
  return captured[0]
}

function verifies(request: RawRequest): boolean {
  const auth = parseAuthorization(String(request.headers.authorization))
  assert.ok(auth, `unparsable Authorization: ${request.headers.authorization}`)
  const date = String(request.headers['x-sdk-date'])
  return signaturesEqual(expectedSignature(auth, SK, request, date), auth.signature)
}

const cases: Array<[string, Record<string, unknown>]> = [
  ['GET with reserved and non-ASCII query values', { method: 'GET', url: '/v1/{project_id}/vpcs', queryParams: { q: "a b!*'()~é", z: 'z:x/y', limit: 5 } }],
  ['GET with an array query value', { method: 'GET', url: '/v1/{project_id}/vpcs', queryParams: { id: ['c', 'a', 'b'], name: '' } }],
  ['POST with a non-ASCII JSON body', { method: 'POST', url: '/v1/{project_id}/vpcs', data: { vpc: { name: 'héllo 世界', description: '"quoted" <x>' } } }],
  ['DELETE with a space and a slash in a path parameter', { method: 'DELETE', url: '/v1/{project_id}/things/{thing_id}', pathParams: { thing_id: 'a b/c' } }],
  ['PUT without a body', { method: 'PUT', url: '/v2.0/vpc/peerings/{peering_id}/accept', pathParams: { peering_id: 'p-1' } }],
  ['GET with a {} body, as the SDK sends to IAM', { method: 'GET', url: '/v3/projects', queryParams: { name: 'cn-north-4' }, data: {} }],
  ['POST with a non-JSON body (unsigned payload)', { method: 'POST', url: '/v1/{project_id}/upload', contentType: 'text/plain', data: 'raw text' }],
]

describe('signatures produced by the official SDK verify', () => {
  for (const [name, options] of cases) {
    test(`SDK-HMAC-SHA256: ${name}`, async () => {
      const request = await sendWithSdk(options)
      assert.match(String(request.headers.authorization), /^SDK-HMAC-SHA256 Access=HPUAEXAMPLEACCESSKEY, /)
      assert.ok(verifies(request))
    })
    test(`V11-HMAC-SHA256: ${name}`, async () => {
      const request = await sendWithSdk(options, true)
      assert.match(String(request.headers.authorization), /^V11-HMAC-SHA256 Credential=HPUAEXAMPLEACCESSKEY\/\d{8}\/cn-north-4\/vpc, /)
      assert.ok(verifies(request))
    })
  }
})

describe('a signature stops verifying when a signed part changes', () => {
  let original: RawRequest
  before(async () => {
    original = await sendWithSdk({ method: 'POST', url: '/v1/{project_id}/vpcs', queryParams: { a: '1' }, data: { vpc: { name: 'x' } } })
    assert.ok(verifies(original))
  })
  const tamperings: Array<[string, (r: RawRequest) => RawRequest]> = [
    ['body', (r) => ({ ...r, body: Buffer.from(r.body!.toString().replace('"x"', '"y"')) })],
    ['path', (r) => ({ ...r, url: r.url.replace('/vpcs', '/subnets') })],
    ['query', (r) => ({ ...r, url: r.url.replace('a=1', 'a=2') })],
    ['added query parameter', (r) => ({ ...r, url: `${r.url}&b=2` })],
    ['method', (r) => ({ ...r, method: 'PUT' })],
    ['signed header', (r) => ({ ...r, headers: { ...r.headers, 'x-project-id': 'ffffffffffffffffffffffffffffffff' } })],
    ['date', (r) => ({ ...r, headers: { ...r.headers, 'x-sdk-date': '20200101T000000Z' } })],
  ]
  for (const [part, tamper] of tamperings) {
    test(part, () => assert.equal(verifies(tamper(original)), false))
  }
  test('wrong secret key', () => {
    const auth = parseAuthorization(String(original.headers.authorization))!
    const forged = expectedSignature(auth, 'another-secret', original, String(original.headers['x-sdk-date']))
    assert.equal(signaturesEqual(forged, auth.signature), false)
  })
})

describe('building blocks', () => {
  test('strictEncode keeps only RFC 3986 unreserved characters', () => {
    assert.equal(strictEncode("a b!*'()~é-_.z"), 'a%20b%21%2A%27%28%29~%C3%A9-_.z')
  })
  test('the canonical URI re-encodes wire escapes and ends with a slash', () => {
    const request: RawRequest = { method: 'get', url: '/v1/a%20b', headers: {}, body: undefined }
    assert.equal(canonicalRequest(request, []).split('\n')[1], '/v1/a%2520b/')
  })
  test('query keys and repeated values are sorted', () => {
    const request: RawRequest = { method: 'GET', url: '/x?b=2&a=z&a=y&c', headers: {}, body: undefined }
    assert.equal(canonicalRequest(request, []).split('\n')[2], 'a=y&a=z&b=2&c=')
  })
  test('X-Sdk-Date parsing', () => {
    assert.equal(parseSdkDate('20250728T083959Z')?.toISOString(), '2025-07-28T08:39:59.000Z')
    assert.equal(parseSdkDate('2025-07-28T08:39:59Z'), null)
    assert.equal(parseSdkDate('20251328T083959Z'), null)
  })
  test('malformed Authorization headers are rejected', () => {
    assert.equal(parseAuthorization('Basic abc'), null)
    assert.equal(parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=, Signature=x'), null)
    assert.equal(parseAuthorization('V11-HMAC-SHA256 Credential=AK, SignedHeaders=host, Signature=x'), null)
  })
})
