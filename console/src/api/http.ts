/**
 * Every request the console makes goes through here: same origin, JSON, the signed-in user's token in
 * `X-Auth-Token`. Answers are sorted into what the console shows differently: IAM denials (403) are the
 * user's permissions at work, a 401 means the session is over, anything else is the API's own error.
 */

export interface ApiAnswer {
  status: number
  /** The body exactly as the server sent it. */
  text: string
  /** The body parsed as JSON (undefined when empty or not JSON). */
  body: any
  headers: Headers
}

/** What an error body says, whichever service's envelope it comes in. */
export interface ErrorDetails {
  status: number
  code: string
  message: string
}

/** The caller's IAM policies do not allow this request. */
export class Denied extends Error {
  constructor(readonly details: ErrorDetails) {
    super(details.message)
  }
}

/** The API refused or failed the request (anything but a denial or an ended session). */
export class ApiFailure extends Error {
  constructor(readonly details: ErrorDetails) {
    super(details.message)
  }
}

/** The token is no longer accepted (expired, or the user's password changed): the user signs in again. */
export class SessionEnded extends Error {}

export function errorDetails(status: number, body: any, text: string): ErrorDetails {
  // Most services answer error_code/error_msg (VPC adds code/message, Cloud Stream error_id/error_cause);
  // IAM answers Keystone's {"error": {code, message}}.
  const code = body?.error_code ?? body?.code ?? body?.error_id ?? (body?.error ? `HTTP ${body.error.code}` : `HTTP ${status}`)
  const message = body?.error_msg ?? body?.message ?? body?.error_cause ?? body?.error?.message ?? (text.trim() || 'no details')
  return { status, code: String(code), message: String(message) }
}

export async function request(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (options.token) headers['X-Auth-Token'] = options.token
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    cache: 'no-store',
  })
  const text = await response.text()
  let body: any = undefined
  try {
    body = text === '' ? undefined : JSON.parse(text)
  } catch {
    // Not JSON: the text is kept as it came.
  }
  return { status: response.status, text, body, headers: response.headers }
}

/** A request as the signed-in user: a 2xx answer, or one of the errors above. */
export async function call(token: string, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  const answer = await request(method, path, { token, body })
  if (answer.status >= 200 && answer.status < 300) return answer
  const details = errorDetails(answer.status, answer.body, answer.text)
  if (answer.status === 401) throw new SessionEnded(details.message)
  if (answer.status === 403) throw new Denied(details)
  throw new ApiFailure(details)
}
