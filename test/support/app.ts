/**
 * An in-process linkplane for API tests: an in-memory store, fixed bootstrap credentials, and requests
 * signed by the official SDK's own signer (so these tests check interoperability, not our signer with
 * itself) and sent through `app.inject()`.
 */
import { stringify } from 'node:querystring'
import type { LightMyRequestResponse } from 'fastify'
import { buildApp, type Linkplane } from '../../src/app.js'
import type { Config } from '../../src/config.js'
import { expectedSignature } from '../../src/platform/auth/signature.js'
import { TEST_CREDENTIALS } from './credentials.js'
import { testAppDatabase } from './database.js'
import { AKSKSigner } from './huawei-sdk.js'

export { TEST_CREDENTIALS } from './credentials.js'

/**
 * Signs a request whose body is not the JSON of a value (a malformed body, say), which the SDK's signer
 * cannot produce: the signature is computed over the exact bytes, with the canonical form the SDK uses.
 */
function signRaw(method: string, path: string, query: object, headers: Record<string, string>, body: string, as: Signer) {
  const date = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
  const all = { ...headers, 'x-sdk-date': date }
  const signedHeaders = Object.keys(all)
    .map((h) => h.toLowerCase())
    .sort()
  const qs = stringify(query as Record<string, string>)
  const raw = { method, url: qs ? `${path}?${qs}` : path, headers: all, body: Buffer.from(body) }
  const auth = { algorithm: 'SDK-HMAC-SHA256' as const, accessKey: as.accessKey, signedHeaders, signature: '' }
  const signature = expectedSignature(auth, as.secretKey, raw, date)
  return {
    ...all,
    authorization: `SDK-HMAC-SHA256 Access=${as.accessKey}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`,
  }
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    host: '127.0.0.1',
    port: 0,
    database: ':memory:',
    region: 'cn-north-4',
    lifecycle: { mode: 'immediate', scale: 1 },
    // LINKPLANE_TEST_LOG_LEVEL=error shows what a failing test's server logged.
    logLevel: process.env.LINKPLANE_TEST_LOG_LEVEL ?? 'silent',
    iam: { mode: 'enforce', rateLimit: 0 },
    shutdownGraceSeconds: 10,
    bootstrap: { ...TEST_CREDENTIALS },
    ...overrides,
  }
}

export interface Signer {
  accessKey: string
  secretKey: string
  projectId?: string
}

export interface CallOptions {
  query?: Record<string, string | number | string[]>
  body?: unknown
  /** Extra headers (signed along with the others). */
  headers?: Record<string, string>
  as?: Signer | 'anonymous' | { token: string }
  /** The client address the request comes from (default 127.0.0.1). */
  remoteAddress?: string
  /** Changes the headers once signed, as a proxy or an attacker could (the signature no longer covers them). */
  afterSigning?: (headers: Record<string, string>) => Record<string, string>
}

export interface Response {
  status: number
  headers: LightMyRequestResponse['headers']
  body: any
}

export class TestApp {
  constructor(readonly linkplane: Linkplane) {}

  get app() {
    return this.linkplane.app
  }

  get projectId(): string {
    return TEST_CREDENTIALS.projectId
  }

  /** Sends a request signed as the bootstrap administrator (or `as` someone else, or anonymously). */
  async call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
    const query = options.query ?? {}
    const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
    let headers: Record<string, string> = { 'content-type': 'application/json', host: 'localhost:80', ...options.headers }
    const as = options.as ?? {
      accessKey: TEST_CREDENTIALS.accessKey,
      secretKey: TEST_CREDENTIALS.secretKey,
      projectId: TEST_CREDENTIALS.projectId,
    }
    if (as !== 'anonymous' && 'token' in as) {
      headers['x-auth-token'] = as.token
    } else if (as !== 'anonymous') {
      if (as.projectId) headers['x-project-id'] = as.projectId
      headers =
        typeof options.body === 'string'
          ? signRaw(method, path, query, headers, options.body, as)
          : AKSKSigner.sign(
              { method, endpoint: `http://localhost:80${path}`, headers, queryParams: query, data: options.body },
              { getAk: () => as.accessKey, getSk: () => as.secretKey },
            )
    }
    if (options.afterSigning) headers = options.afterSigning(headers)
    const qs = stringify(query as Record<string, string>)
    const response = await this.app.inject({
      method: method as 'GET',
      url: qs ? `${path}?${qs}` : path,
      headers,
      payload,
      remoteAddress: options.remoteAddress,
    })
    let body: unknown = undefined
    if (response.body !== '') {
      try {
        body = JSON.parse(response.body)
      } catch {
        body = response.body
      }
    }
    return { status: response.statusCode, headers: response.headers, body }
  }

  /** Moves every pending lifecycle transition one step (manual mode). */
  async advance(): Promise<Array<{ kind: string; resource_id: string }>> {
    const response = await this.call('POST', '/_linkplane/lifecycle/advance', { body: {} })
    if (response.status !== 200) throw new Error(`advance failed: ${JSON.stringify(response.body)}`)
    return response.body.moved
  }

  close(): Promise<void> {
    return this.app.close()
  }
}

/** A linkplane in this process with a database of its own (see database.ts for the engine). */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  return new TestApp(await buildApp(testConfig({ database: await testAppDatabase(), ...overrides })))
}

/** Polls `read` until `done` holds (transitions in immediate mode land within milliseconds). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`condition not reached in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** An in-process linkplane listening on a free loopback port, for clients that speak real HTTP. */
export async function listeningTestApp(overrides: Partial<Config> = {}): Promise<TestApp & { url: string }> {
  const lp = await createTestApp(overrides)
  const address = await lp.app.listen({ host: '127.0.0.1', port: 0 })
  return Object.assign(lp, { url: address })
}
