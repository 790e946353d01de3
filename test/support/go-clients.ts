/**
 * The two Go HTTP clients that talk to Huawei Cloud, replayed over real HTTP with their exact signing:
 * - `ProviderClient`: `chnsz/golangsdk` as the Terraform provider drives it (provider_client.go `doRequest`,
 *   snapshot 83ad1d270e52): Content-Type and Accept, the provider's User-Agent, signs every header present,
 *   then sets `X-Project-Id` (unsigned); Go's transport adds `Accept-Encoding: gzip` (unsigned) and Host.
 *   Accepted status codes default per method (`defaultOkCodes`); any other answer is an error carrying the
 *   status and body, as golangsdk's `ErrDefault4xx/5xx` do.
 * - `GoSdkClient`: `huaweicloud-sdk-go-v3`'s `HcHttpClient` (hc_http_client.go, snapshot 1cd70eb6f730):
 *   `User-Agent: huaweicloud-usdk-go/3.0`, `X-Project-Id` signed, Content-Type set but not signed.
 */
import { request as httpRequest } from 'node:http'
import { goJson, golangsdkSign, goV3Sign, type Derivation, type GoCredentials, type GoRequest } from './go-signers.js'

export interface GoResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** The parsed JSON body, or undefined when the body is empty. */
  body: any
}

/** A status the client does not accept, as golangsdk's ErrUnexpectedResponseCode carries it. */
export class UnexpectedResponseCode extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly expected: number[],
    readonly response: GoResponse,
  ) {
    super(`${method} ${url}: expected HTTP ${expected.join('/')}, got ${response.status}: ${JSON.stringify(response.body)}`)
  }

  get status(): number {
    return this.response.status
  }
}

/** golangsdk `defaultOkCodes`. */
export function defaultOkCodes(method: string): number[] {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return [200]
    case 'POST':
    case 'PUT':
      return [200, 201, 202]
    case 'PATCH':
    case 'DELETE':
      return [200, 202, 204]
    default:
      return []
  }
}

/** Sends a signed Go request over HTTP, with the headers Go's transport adds. */
function send(request: GoRequest): Promise<GoResponse> {
  const headers: Record<string, string> = { ...request.header, 'Accept-Encoding': 'gzip' }
  if (request.body.length > 0) headers['Content-Length'] = String(request.body.length)
  return new Promise((resolve, reject) => {
    const req = httpRequest(request.url, { method: request.method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let body: unknown
        try {
          body = text === '' ? undefined : JSON.parse(text)
        } catch {
          body = text
        }
        resolve({ status: res.statusCode!, headers: res.headers, body })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(request.body)
  })
}

export interface ProviderCredentials extends GoCredentials {
  projectId?: string
  domainId?: string
}

export interface RequestOpts {
  /** Marshalled as Go marshals a map (sorted keys, trailing newline); nulls are kept, as the provider sends them. */
  jsonBody?: unknown
  okCodes?: number[]
  moreHeaders?: Record<string, string>
}

/** The Terraform provider's HTTP client: golangsdk's ProviderClient with AK/SK. */
export class ProviderClient {
  static readonly USER_AGENT = 'terraform-provider-iac golangsdk/2.0.0'

  constructor(
    readonly endpoint: string,
    readonly credentials: ProviderCredentials,
    readonly derived?: Derivation,
  ) {}

  /** `path` is relative to the endpoint (`v1/{project_id}/vpcs`, as the provider builds URLs). */
  async request(method: string, path: string, options: RequestOpts = {}): Promise<GoResponse> {
    const url = new URL(path.replace(/^\//, ''), this.endpoint.endsWith('/') ? this.endpoint : `${this.endpoint}/`)
    const header: Record<string, string> = {}
    const body = options.jsonBody === undefined ? Buffer.alloc(0) : Buffer.from(goJson(options.jsonBody))
    if (options.jsonBody !== undefined) header['Content-Type'] = 'application/json'
    header.Accept = 'application/json'
    header['User-Agent'] = ProviderClient.USER_AGENT
    for (const [name, value] of Object.entries(options.moreHeaders ?? {})) {
      if (value === '') delete header[name]
      else header[name] = value
    }
    const request: GoRequest = { method, url, header, body }
    golangsdkSign(request, this.credentials, new Date(), this.derived)
    if (this.credentials.projectId) header['X-Project-Id'] = this.credentials.projectId
    if (this.credentials.domainId) header['X-Domain-Id'] = this.credentials.domainId
    const response = await send(request)
    const okCodes = options.okCodes ?? defaultOkCodes(method)
    if (!okCodes.includes(response.status)) throw new UnexpectedResponseCode(method, url.toString(), okCodes, response)
    return response
  }
}

export interface GoSdkCall {
  method: string
  /** The request definition's path, with `{project_id}` and other `{name}` placeholders. */
  path: string
  pathParams?: Record<string, string>
  query?: Record<string, string | number | boolean | Array<string | number>>
  body?: unknown
  /** The request definition's content type; `application/json` unless the operation says otherwise. */
  contentType?: string
}

/** huaweicloud-sdk-go-v3's HcHttpClient with BasicCredentials (AK/SK and a project id). */
export class GoSdkClient {
  static readonly USER_AGENT = 'huaweicloud-usdk-go/3.0'

  constructor(
    readonly endpoint: string,
    readonly credentials: GoCredentials & { projectId: string },
    readonly derived?: Derivation,
  ) {}

  /** Answers every status (the SDK turns 4xx/5xx into a ServiceResponseError; tests check the body). */
  async call(call: GoSdkCall): Promise<GoResponse> {
    const params = { project_id: this.credentials.projectId, ...call.pathParams }
    const path = call.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name as keyof typeof params] ?? ''))
    const url = new URL(path, this.endpoint)
    for (const [key, value] of Object.entries(call.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item))
    }
    const header: Record<string, string> = { 'User-Agent': GoSdkClient.USER_AGENT, 'X-Project-Id': this.credentials.projectId }
    const body = call.body === undefined ? Buffer.alloc(0) : Buffer.from(goJson(call.body))
    if (call.body !== undefined || call.contentType) header['Content-Type'] = call.contentType ?? 'application/json'
    const request: GoRequest = { method: call.method, url, header, body }
    goV3Sign(request, this.credentials, new Date(), this.derived)
    return send(request)
  }
}
