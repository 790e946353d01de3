/**
 * Errors as every Huawei API answers them: an HTTP status, a service code (`VPC.0003`, `l2cg.9923`,
 * `EG.00014000` ...) and a message, written in the envelope of the service that raised it.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The envelope to write this error in when it is not the route's own service (the gateway's errors). */
    readonly style?: ErrorStyle,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** How one service writes errors, and which of its codes the platform uses for the failures it detects. */
export interface ErrorStyle {
  body(error: ApiError, requestId: string): Record<string, unknown>
  /** Schema-validation failures and malformed JSON. */
  badRequest(reason: string): ApiError
  /** A project id in the URL that is not the caller's project. */
  projectMismatch(urlProjectId: string): ApiError
  /** Anything unexpected; the cause is logged, never sent. */
  internal(): ApiError
  /** The caller's policies do not allow `action` (default: the gateway's 403 APIGW.0302). */
  forbidden?(action: string): ApiError
}

export interface ErrorEntry<A extends unknown[]> {
  status: number
  code: string
  message: (...args: A) => string
}

export type ErrorFactory<A extends unknown[]> = ((...args: A) => ApiError) & {
  readonly status: number
  readonly code: string
  readonly sample: string
}

/**
 * Declares a service's error catalogue once; each entry becomes a factory (`VpcError.VpcNotFound(id)`)
 * that also exposes its status and code, so tests and documentation read the same table.
 */
export function defineErrors<T extends Record<string, ErrorEntry<any[]>>>(
  entries: T,
  style?: ErrorStyle,
): { [K in keyof T]: ErrorFactory<Parameters<T[K]['message']>> } {
  const factories: Record<string, ErrorFactory<unknown[]>> = {}
  for (const [name, entry] of Object.entries(entries)) {
    const factory = (...args: unknown[]) => new ApiError(entry.status, entry.code, entry.message(...args), style)
    const placeholders = Array.from({ length: entry.message.length }, () => 'xxx')
    factories[name] = Object.assign(factory, { status: entry.status, code: entry.code, sample: entry.message(...placeholders) })
  }
  return factories as never
}

/** Envelope shared by the API gateway and the newer Huawei APIs: `{error_code, error_msg, request_id}`. */
export function gatewayBody(error: ApiError, requestId: string): Record<string, unknown> {
  return { error_code: error.code, error_msg: error.message, request_id: requestId }
}

/**
 * Neutron's envelope (`{"NeutronError": {type, message, detail}}`), used by Huawei's Neutron-derived APIs,
 * with `error_code`/`error_msg` beside it because the SDKs read only those.
 */
export function neutronBody(error: ApiError, requestId: string, type: string): Record<string, unknown> {
  return {
    NeutronError: { type, message: error.message, detail: '' },
    error_code: error.code,
    error_msg: error.message,
    request_id: requestId,
  }
}

/** The API gateway in front of every service: authentication, routing and size limits. */
export const gatewayStyle: ErrorStyle = {
  body: gatewayBody,
  badRequest: (reason) => GatewayError.BadRequest(reason),
  projectMismatch: () => GatewayError.Unauthorized("the project in the URL is not the caller's project"),
  internal: () => new ApiError(500, 'APIGW.0103', 'The backend service is unavailable', gatewayStyle),
}

export const GatewayError = defineErrors(
  {
    NoSuchApi: { status: 404, code: 'APIGW.0101', message: () => 'The API does not exist or has not been published in the environment' },
    BadRequest: { status: 400, code: 'APIGW.0201', message: (reason: string) => `Bad request parameters: ${reason}` },
    BodyTooLarge: { status: 413, code: 'APIGW.0201', message: () => 'Request entity too large: the body exceeds 12 MB' },
    Unauthorized: { status: 401, code: 'APIGW.0301', message: (reason: string) => `Incorrect IAM authentication information: ${reason}` },
    Forbidden: {
      status: 403,
      code: 'APIGW.0302',
      message: (reason: string) => `The IAM user is not authorized to access the API: ${reason}`,
    },
    UrlTooLong: { status: 414, code: 'APIGW.0201', message: () => 'Request-URI too large: the URL exceeds the gateway limit' },
    HeadersTooLarge: { status: 431, code: 'APIGW.0201', message: () => 'Request header fields too large' },
    RequestTimeout: { status: 408, code: 'APIGW.0201', message: () => 'Request timeout: the request did not arrive in time' },
    TooManyHeaders: { status: 400, code: 'APIGW.0201', message: (limit: number) => `Bad request parameters: more than ${limit} headers` },
    AccessKeyLocked: {
      status: 401,
      code: 'APIGW.0301',
      message: (failures: number, seconds: number) =>
        `Incorrect IAM authentication information: the AK is locked from this address for ${seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60} minutes` : `${seconds} seconds`} after ${failures} failed signatures in a row`,
    },
    Throttled: { status: 429, code: 'APIGW.0308', message: () => 'The throttling threshold has been reached' },
    // Huawei's gateway answers APIGW.0202 "Backend unavailable" (with 502) when it cannot reach a service.
    // linkplane's backend is its database; it answers 503, which tells clients to retry, as they should.
    Unavailable: {
      status: 503,
      code: 'APIGW.0202',
      message: () => 'Backend unavailable: the database cannot be reached; retry later',
    },
  },
  gatewayStyle,
)
