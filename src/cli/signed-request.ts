import { expectedSignature } from '../platform/auth/signature.js'

export interface AccessKey {
  accessKey: string
  secretKey: string
}

/** `20250728T083959Z`, the X-Sdk-Date format. */
const sdkDate = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')

/**
 * A request to a linkplane server signed with SDK-HMAC-SHA256, as the official SDKs sign theirs (the same
 * canonical form the server checks). Answers the status and the body as text.
 */
export async function signedRequest(
  base: string,
  key: AccessKey,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; text: string }> {
  const url = new URL(path, base)
  const date = sdkDate(new Date())
  const headers: Record<string, string> = { 'content-type': 'application/json', host: url.host, 'x-sdk-date': date }
  const signedHeaders = Object.keys(headers).sort()
  const raw = { method, url: `${url.pathname}${url.search}`, headers, body: body === undefined ? undefined : Buffer.from(body) }
  const auth = { algorithm: 'SDK-HMAC-SHA256' as const, accessKey: key.accessKey, signedHeaders, signature: '' }
  const signature = expectedSignature(auth, key.secretKey, raw, date)
  headers.authorization = `SDK-HMAC-SHA256 Access=${key.accessKey}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`
  const response = await fetch(url, { method, headers, body })
  return { status: response.status, text: await response.text() }
}
