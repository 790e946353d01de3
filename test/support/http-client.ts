/**
 * Requests over real HTTP to a linkplane process, signed by the official SDK's signer, with every byte
 * under the test's control (so a test can change a request after signing it, as an attacker would).
 */
import { request } from 'node:http'
import { stringify } from 'node:querystring'
import type { Signer } from './app.js'
import { AKSKSigner } from './huawei-sdk.js'

export interface HttpResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: any
}

export interface Outgoing {
  method: string
  path: string
  query?: Record<string, string>
  headers: Record<string, string>
  body?: string | Buffer
  /** Send the headers first and the body only if the server has not answered within a second. */
  earlyAnswer?: boolean
}

/** Signs a request as `signer` (the SDK's signer; `date` in the past makes an old, replayed request). */
export function signed(
  base: string,
  signer: Signer,
  method: string,
  path: string,
  options: { query?: Record<string, string>; body?: unknown; date?: Date; headers?: Record<string, string> } = {},
): Outgoing {
  const host = new URL(base).host
  const headers: Record<string, string> = { 'content-type': 'application/json', host, ...options.headers }
  if (signer.projectId) headers['x-project-id'] = signer.projectId
  if (options.date)
    headers['X-Sdk-Date'] = options.date
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '')
  const signedHeaders = AKSKSigner.sign(
    { method, endpoint: `${base}${path}`, headers, queryParams: options.query ?? {}, data: options.body },
    { getAk: () => signer.accessKey, getSk: () => signer.secretKey },
  )
  return {
    method,
    path,
    query: options.query,
    headers: signedHeaders,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  }
}

export function send(base: string, outgoing: Outgoing): Promise<HttpResponse> {
  const url = new URL(base)
  const qs = outgoing.query ? stringify(outgoing.query) : ''
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent: false,
        host: url.hostname,
        port: url.port,
        method: outgoing.method,
        path: qs ? `${outgoing.path}?${qs}` : outgoing.path,
        headers: outgoing.headers,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let body: unknown = text
          try {
            body = text === '' ? undefined : JSON.parse(text)
          } catch {}
          resolve({ status: res.statusCode!, headers: res.headers, body })
        })
      },
    )
    // The server may answer (413) and close before a huge body is written: the answer is what counts.
    // (If the connection drops with no answer at all, that is an error too, a moment later.)
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') setTimeout(() => reject(error), 2000)
      else reject(error)
    })
    if (outgoing.body !== undefined && outgoing.earlyAnswer) {
      // The gateway refuses an oversized body from its Content-Length alone: send the headers, and the body
      // only if no answer comes first (a body written into a refused, closing connection loses the answer).
      req.flushHeaders()
      const timer = setTimeout(() => req.end(outgoing.body), 1000)
      req.on('response', () => clearTimeout(timer))
      return
    }
    if (outgoing.body !== undefined) req.write(outgoing.body)
    req.end()
  })
}
