/**
 * The two Go signers, re-implemented from their source so that tests can sign requests exactly as they do:
 * - `chnsz/golangsdk` `auth/core/signer` (signer.go, derived_signer.go, escape.go), used by the Terraform
 *   provider through its `ProviderClient.doRequest` (provider_client.go), snapshot 83ad1d270e52;
 * - `huaweicloud/huaweicloud-sdk-go-v3` `core/auth/signer` (signer.go, derived_signer.go), snapshot 1cd70eb6f730.
 *
 * Both build the same canonical request as the Node SDK except for two things: the canonical URI encodes the
 * *decoded* path (Go's `URL.Path`), and the signed headers are whatever is in Go's header map when they sign,
 * which never holds `host`. golangsdk signs every header present; the Go SDK leaves out `content-type` and any
 * header whose name holds `_`.
 */
import { createHash, createHmac, hkdfSync } from 'node:crypto'

export interface GoCredentials {
  accessKey: string
  secretKey: string
}

/** The V11 (derived key) variant: the service name and region the key is derived for. */
export interface Derivation {
  service: string
  region: string
}

/** A request as Go holds it while signing: the URL (path and query as they go on the wire), headers, body. */
export interface GoRequest {
  method: string
  url: URL
  /** Header names in Go's canonical form (`X-Sdk-Date`); one value each. */
  header: Record<string, string>
  body: Buffer
}

/** escape.go: RFC 3986 unreserved characters stay, every other byte becomes %XX. */
export function goEscape(text: string): string {
  let out = ''
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte)
    out += /[A-Za-z0-9_\-~.]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** `20060102T150405Z`, Go's layout for X-Sdk-Date. */
export function goSdkDate(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

function canonicalUri(decodedPath: string): string {
  const uri = decodedPath.split('/').map(goEscape).join('/')
  return uri.endsWith('/') ? uri : `${uri}/`
}

/** Keys sorted, each key's values sorted, both escaped: the canonical query of both Go signers. */
function canonicalQuery(params: Map<string, string[]>): string {
  return [...params.keys()]
    .sort()
    .flatMap((key) => [...params.get(key)!].sort().map((value) => `${goEscape(key)}=${goEscape(value)}`))
    .join('&')
}

function queryParams(url: URL): Map<string, string[]> {
  const params = new Map<string, string[]>()
  for (const [key, value] of url.searchParams) params.set(key, [...(params.get(key) ?? []), value])
  return params
}

function canonicalHeaders(header: Record<string, string>, signed: string[]): string {
  const lower = new Map(Object.entries(header).map(([name, value]) => [name.toLowerCase(), value]))
  return signed.map((name) => `${name}:${(lower.get(name) ?? '').trim()}`).join('\n') + '\n'
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

function authorization(canonical: string, signed: string[], date: string, c: GoCredentials, derived?: Derivation): string {
  const hash = sha256Hex(canonical)
  if (!derived) {
    const signature = createHmac('sha256', c.secretKey).update(`SDK-HMAC-SHA256\n${date}\n${hash}`).digest('hex')
    return `SDK-HMAC-SHA256 Access=${c.accessKey}, SignedHeaders=${signed.join(';')}, Signature=${signature}`
  }
  const info = `${date.slice(0, 8)}/${derived.region}/${derived.service}`
  const key = Buffer.from(hkdfSync('sha256', c.secretKey, c.accessKey, info, 32)).toString('hex')
  const signature = createHmac('sha256', key).update(`V11-HMAC-SHA256\n${date}\n${info}\n${hash}`).digest('hex')
  return `V11-HMAC-SHA256 Credential=${c.accessKey}/${info}, SignedHeaders=${signed.join(';')}, Signature=${signature}`
}

function payloadHash(request: GoRequest): string {
  return request.header['X-Sdk-Content-Sha256'] ?? sha256Hex(request.body)
}

/**
 * golangsdk's `Signer.Sign` / `DerivedSigner.Sign`: sets `X-Sdk-Date` (unless present) and `Authorization`,
 * and, as `CanonicalQueryString` does, writes the canonical (sorted) query back into the URL.
 */
export function golangsdkSign(request: GoRequest, credentials: GoCredentials, now = new Date(), derived?: Derivation): void {
  request.header['X-Sdk-Date'] ??= goSdkDate(now)
  const signed = Object.keys(request.header)
    .map((name) => name.toLowerCase())
    .sort()
  const query = canonicalQuery(queryParams(request.url))
  request.url.search = query
  const canonical = [
    request.method,
    canonicalUri(decodeURIComponent(request.url.pathname)),
    query,
    canonicalHeaders(request.header, signed),
    signed.join(';'),
    payloadHash(request),
  ].join('\n')
  request.header.Authorization = authorization(canonical, signed, request.header['X-Sdk-Date'], credentials, derived)
}

/**
 * huaweicloud-sdk-go-v3's `Signer.Sign`: signs every header param except `Content-Type` and names holding `_`,
 * over the path as filled in (decoded) and the query params before they are encoded into the URL.
 */
export function goV3Sign(request: GoRequest, credentials: GoCredentials, now = new Date(), derived?: Derivation): void {
  const contentType = request.header['Content-Type']
  if (contentType !== undefined && !contentType.includes('application/json') && !contentType.includes('application/bson')) {
    request.header['X-Sdk-Content-Sha256'] = 'UNSIGNED-PAYLOAD'
  }
  request.header['X-Sdk-Date'] ??= goSdkDate(now)
  const signed = Object.keys(request.header)
    .filter((name) => !name.toLowerCase().startsWith('content-type') && !name.includes('_'))
    .map((name) => name.toLowerCase())
    .sort()
  const canonical = [
    request.method,
    canonicalUri(decodeURIComponent(request.url.pathname)),
    canonicalQuery(queryParams(request.url)),
    canonicalHeaders(request.header, signed),
    signed.join(';'),
    payloadHash(request),
  ].join('\n')
  request.header.Authorization = authorization(canonical, signed, request.header['X-Sdk-Date'], credentials, derived)
}

/**
 * JSON as Go's `json.Encoder` (with SetEscapeHTML(false)) writes a `map[string]interface{}`: keys sorted at
 * every level, and a trailing newline. Both Go clients marshal bodies this way, and sign those bytes.
 */
export function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v
  return `${JSON.stringify(sorted(value))}\n`
}
