import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/**
 * Huawei Cloud AK/SK request signatures (`SDK-HMAC-SHA256` and the derived `V11-HMAC-SHA256`), checked
 * the way the API gateway does: over the request exactly as it arrived, never over framework-decoded
 * values. The canonical form mirrors what the official SDK signs (see the contracts, section 1.3).
 */

export interface RawRequest {
  method: string
  /** Path and query as on the wire (Node's `req.url`). */
  url: string
  headers: IncomingHttpHeaders
  body: Buffer | undefined
}

export type Authorization =
  | { algorithm: 'SDK-HMAC-SHA256'; accessKey: string; signedHeaders: string[]; signature: string }
  | {
      algorithm: 'V11-HMAC-SHA256'
      accessKey: string
      /** `YYYYMMDD/region/service`: the HKDF info the signing key is derived with. */
      scope: string
      signedHeaders: string[]
      signature: string
    }

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/** Parses an `Authorization` header; null when it is not one of the two AK/SK schemes. */
export function parseAuthorization(header: string): Authorization | null {
  const match = /^(SDK-HMAC-SHA256|V11-HMAC-SHA256) (.*)$/.exec(header)
  if (!match) return null
  const fields = new Map<string, string>()
  for (const part of match[2].split(',')) {
    const eq = part.indexOf('=')
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  const signedHeaders = fields.get('SignedHeaders')?.split(';').filter(Boolean)
  const signature = fields.get('Signature')
  if (!signedHeaders?.length || !signature) return null
  if (match[1] === 'SDK-HMAC-SHA256') {
    const accessKey = fields.get('Access')
    return accessKey ? { algorithm: 'SDK-HMAC-SHA256', accessKey, signedHeaders, signature } : null
  }
  const credential = fields.get('Credential')
  const slash = credential?.indexOf('/') ?? -1
  if (!credential || slash <= 0) return null
  return {
    algorithm: 'V11-HMAC-SHA256',
    accessKey: credential.slice(0, slash),
    scope: credential.slice(slash + 1),
    signedHeaders,
    signature,
  }
}

/** `20250728T083959Z` -> Date; null when malformed. */
export function parseSdkDate(value: string | undefined): Date | null {
  const m = value && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!m) return null
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]))
  // Date.UTC rolls 13/32/60 over into the next unit; a real timestamp formats back to itself.
  const roundTrip = date.toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z'
  return roundTrip === value ? date : null
}

/** RFC 3986 unreserved characters stay; every other UTF-8 byte becomes %XX (upper-case hex). */
export function strictEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function canonicalUri(rawPath: string): string {
  // Each wire segment is encoded again (so `%20` becomes `%2520`), as the SDK encodes the path it sends.
  const uri = rawPath.split('/').map(strictEncode).join('/')
  return uri.endsWith('/') ? uri : `${uri}/`
}

function canonicalQuery(rawQuery: string): string {
  const values = new Map<string, string[]>()
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const key = decodeQueryComponent(eq < 0 ? pair : pair.slice(0, eq))
    const value = eq < 0 ? '' : decodeQueryComponent(pair.slice(eq + 1))
    const list = values.get(key)
    if (list) list.push(value)
    else values.set(key, [value])
  }
  // Keys sort by their decoded names and repeated values sort too, as the SDK does before encoding.
  return [...values.keys()]
    .sort()
    .flatMap((key) => values.get(key)!.sort().map((value) => `${strictEncode(key)}=${strictEncode(value)}`))
    .join('&')
}

function decodeQueryComponent(text: string): string {
  // `+` means a space to form encoders (the Go SDK); the Node SDK never sends one unencoded.
  return decodeURIComponent(text.replaceAll('+', ' '))
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name]
  return Array.isArray(value) ? value.join(',') : (value ?? '')
}

/** The canonical request both sides hash; throws URIError on undecodable percent-escapes. */
export function canonicalRequest(request: RawRequest, signedHeaders: string[]): string {
  const q = request.url.indexOf('?')
  const path = q < 0 ? request.url : request.url.slice(0, q)
  const query = q < 0 ? '' : request.url.slice(q + 1)
  const headers = signedHeaders.map((name) => `${name}:${headerValue(request.headers, name)}\n`).join('')
  const contentSha = request.headers['x-sdk-content-sha256']
  const payloadHash =
    typeof contentSha === 'string'
      ? contentSha
      : request.body?.length
        ? createHash('sha256').update(request.body).digest('hex')
        : EMPTY_SHA256
  return [request.method.toUpperCase(), canonicalUri(path), canonicalQuery(query), headers, signedHeaders.join(';'), payloadHash].join(
    '\n',
  )
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** The signature the holder of `secretKey` would have produced for this request. */
export function expectedSignature(auth: Authorization, secretKey: string, request: RawRequest, sdkDate: string): string {
  const canonicalHash = sha256Hex(canonicalRequest(request, auth.signedHeaders))
  if (auth.algorithm === 'SDK-HMAC-SHA256') {
    return createHmac('sha256', secretKey).update(`SDK-HMAC-SHA256\n${sdkDate}\n${canonicalHash}`).digest('hex')
  }
  // The derived key is HKDF-SHA256(ikm = SK, salt = AK, info = scope), used as its hex text.
  const derived = Buffer.from(hkdfSync('sha256', secretKey, auth.accessKey, auth.scope, 32)).toString('hex')
  return createHmac('sha256', derived).update(`V11-HMAC-SHA256\n${sdkDate}\n${auth.scope}\n${canonicalHash}`).digest('hex')
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(received, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}
