import { createHmac, hash, hkdfSync, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/**
 * Huawei Cloud AK/SK request signatures (`SDK-HMAC-SHA256` and the derived `V11-HMAC-SHA256`), checked
 * the way the API gateway does: over the request exactly as it arrived, never over framework-decoded
 * values. The canonical form is what the official signers build: the Node SDK's (see the contracts, section 1.3)
 * and the Go signers' (`chnsz/golangsdk` `auth/core/signer`, `huaweicloud-sdk-go-v3` `core/auth/signer`),
 * which differ only in the URI form (UriForm) and in which headers they choose to sign.
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
  // The requests of one second carry the same date: the last one parsed is kept.
  if (value !== undefined && value === lastSdkDate.text) return new Date(lastSdkDate.time)
  const m = value && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!m) return null
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]))
  // Date.UTC rolls 13/32/60 over into the next unit; a real timestamp formats back to itself.
  const roundTrip = date.toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z'
  if (roundTrip !== value) return null
  lastSdkDate = { text: value, time: date.getTime() }
  return date
}

let lastSdkDate = { text: '', time: 0 }

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/

/** RFC 3986 unreserved characters stay; every other UTF-8 byte becomes %XX (upper-case hex). */
export function strictEncode(value: string): string {
  if (UNRESERVED.test(value)) return value // most path segments and query values: nothing to encode
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * How a signer turned the request path into the canonical URI. Both encode every segment strictly and end
 * with `/`; they differ only for paths holding percent-escapes:
 * - `wire`: the Node SDK encodes the path as it goes on the wire again, so `%20` becomes `%2520`;
 * - `decoded`: the Go signers (`chnsz/golangsdk`, which the Terraform provider uses, and
 *   `huaweicloud-sdk-go-v3`) split and encode the decoded path (Go's `URL.Path`), so `%20` stays `%20` and an
 *   encoded `%2F` splits the segment.
 * The gateway accepts a signature made either way, as it accepts requests from both SDKs.
 */
export type UriForm = 'wire' | 'decoded'

function canonicalUri(rawPath: string, form: UriForm): string {
  const path = form === 'wire' ? rawPath : decodeURIComponent(rawPath)
  const uri = path.split('/').map(strictEncode).join('/')
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
    .flatMap((key) =>
      values
        .get(key)!
        .sort()
        .map((value) => `${strictEncode(key)}=${strictEncode(value)}`),
    )
    .join('&')
}

function decodeQueryComponent(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text
  // `+` means a space to form encoders (the Go SDK); the Node SDK never sends one unencoded.
  return decodeURIComponent(text.replaceAll('+', ' '))
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name]
  return Array.isArray(value) ? value.join(',') : (value ?? '')
}

// crypto.hash, one call without a Hash object: half the cost of createHash for inputs this small.
function bodyHash(request: RawRequest): string {
  return request.body?.length ? hash('sha256', request.body, 'hex') : EMPTY_SHA256
}

/** The payload hash a signer puts in the canonical request: `X-Sdk-Content-Sha256` as given, else the body's. */
export function signedPayloadHash(request: RawRequest): string {
  const declared = request.headers['x-sdk-content-sha256']
  return typeof declared === 'string' ? declared : bodyHash(request)
}

/** The value with which a signer declares that the body is not covered by the signature. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'

/**
 * Why the payload hash a request declares cannot be trusted, or null when it can. The canonical request
 * takes `X-Sdk-Content-Sha256` literally, so a signature over one body would otherwise run any other body
 * sent with the first body's hash. The declared hash must be the SHA-256 of the bytes received.
 *
 * Decision on `UNSIGNED-PAYLOAD` (the Node SDK declares it for non-JSON bodies): accepted only when the
 * request has no body, where nothing unsigned can run; with a body it is refused, because every body
 * linkplane runs must be covered by the signature, and linkplane takes JSON bodies only, which every
 * official SDK signs in full.
 */
export function payloadProblem(request: RawRequest): string | null {
  const declared = request.headers['x-sdk-content-sha256']
  if (declared === undefined) return null
  if (typeof declared !== 'string') return 'the X-Sdk-Content-Sha256 header is given more than once'
  if (declared === UNSIGNED_PAYLOAD) {
    return request.body?.length ? 'UNSIGNED-PAYLOAD is not accepted with a request body: sign the body' : null
  }
  return declared.toLowerCase() === bodyHash(request) ? null : 'the X-Sdk-Content-Sha256 header does not match the request body'
}

/** The canonical request both sides hash; throws URIError on undecodable percent-escapes. */
export function canonicalRequest(request: RawRequest, signedHeaders: string[], form: UriForm = 'wire'): string {
  const q = request.url.indexOf('?')
  const path = q < 0 ? request.url : request.url.slice(0, q)
  const query = q < 0 ? '' : request.url.slice(q + 1)
  const headers = signedHeaders.map((name) => `${name}:${headerValue(request.headers, name)}\n`).join('')
  return [
    request.method.toUpperCase(),
    canonicalUri(path, form),
    canonicalQuery(query),
    headers,
    signedHeaders.join(';'),
    signedPayloadHash(request),
  ].join('\n')
}

function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex')
}

/** The signature the holder of `secretKey` would have produced for this request, with the given URI form. */
export function expectedSignature(
  auth: Authorization,
  secretKey: string,
  request: RawRequest,
  sdkDate: string,
  form: UriForm = 'wire',
): string {
  const canonicalHash = sha256Hex(canonicalRequest(request, auth.signedHeaders, form))
  if (auth.algorithm === 'SDK-HMAC-SHA256') {
    return createHmac('sha256', secretKey).update(`SDK-HMAC-SHA256\n${sdkDate}\n${canonicalHash}`).digest('hex')
  }
  // The derived key is HKDF-SHA256(ikm = SK, salt = AK, info = scope), used as its hex text.
  const derived = Buffer.from(hkdfSync('sha256', secretKey, auth.accessKey, auth.scope, 32)).toString('hex')
  return createHmac('sha256', derived).update(`V11-HMAC-SHA256\n${sdkDate}\n${auth.scope}\n${canonicalHash}`).digest('hex')
}

/**
 * Whether the request carries the signature the holder of `secretKey` makes, in either URI form (they only
 * differ when the path holds a percent-escape). Undecodable escapes cannot have been signed: false.
 */
export function signatureMatches(auth: Authorization, secretKey: string, request: RawRequest, sdkDate: string): boolean {
  const forms: UriForm[] = request.url.split('?')[0].includes('%') ? ['wire', 'decoded'] : ['wire']
  return forms.some((form) => {
    try {
      return signaturesEqual(expectedSignature(auth, secretKey, request, sdkDate, form), auth.signature)
    } catch {
      return false
    }
  })
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(received, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}
