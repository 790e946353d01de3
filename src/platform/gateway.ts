import { Ajv, type ValidateFunction } from 'ajv'
import type { FastifyError, FastifyHttpOptions, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { STATUS_CODES, type Server } from 'node:http'
import { Server as NetServer, type Socket } from 'node:net'
import { errorStyleOf, type Operation, type Service } from './operation.js'
import { ApiError, GatewayError, gatewayBody, gatewayStyle, type ErrorStyle } from './errors.js'
import { newHexId } from './ids.js'
import { isUnavailable } from '../store/errors.js'
import type { Principal } from './auth/principal.js'
import { once } from './lazy.js'
import { responseSerialiser } from './serialise.js'

/** Bodies larger than this are refused, as the API gateway refuses them (APIGW.0201, 413). */
export const BODY_LIMIT = 12 * 1024 * 1024
/** The gateway refuses URLs over 32 KB (APIGW.0201, 414). */
const MAX_URL_BYTES = 32 * 1024
/** All request headers together; beyond it Node's parser stops, and clientErrorHandler answers 431. */
const MAX_HEADER_BYTES = 64 * 1024
/** linkplane's choice where the gateway documents no number: more headers than this are refused (APIGW.0201, 400). */
const MAX_HEADERS = 100

/** What a route carries in its Fastify config, for the hooks and the error handler. */
export interface RouteContext {
  service: Service
  operation: Operation
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
  interface FastifyInstance {
    /** True from the moment `close()` begins: every answer from then on ends its connection. */
    draining: boolean
  }
}

export function routeContext(request: FastifyRequest): RouteContext | undefined {
  const config = request.routeOptions.config as Partial<RouteContext> | undefined
  return config?.operation && config.service ? (config as RouteContext) : undefined
}

/**
 * The Fastify server options through which the gateway answers what Fastify and Node refuse before any
 * route runs (malformed URLs, over-long URLs, oversized headers, malformed requests): in the gateway's
 * envelope, with a request id, logged. Requests already read when the server starts closing are still
 * answered (not refused with 503), so that a shutdown drains instead of cutting.
 */
export const gatewayServerOptions = {
  // Request ids: 32 lowercase hex characters, as Huawei's services write them.
  genReqId: () => newHexId(),
  requestIdHeader: false,
  bodyLimit: BODY_LIMIT,
  return503OnClosing: false,
  // Fastify's own limit (100 characters per path parameter) is not the gateway's: any parameter that fits
  // in a URL the gateway accepts reaches its service, which answers in its own envelope (not found, invalid).
  routerOptions: { maxParamLength: MAX_URL_BYTES },
  // URLs up to the gateway's 32 KB limit fit; larger headers get the gateway's 431 (see clientErrorHandler).
  http: { maxHeaderSize: MAX_HEADER_BYTES },
  clientErrorHandler,
  frameworkErrors,
} satisfies FastifyHttpOptions<Server>

/**
 * What the API gateway in front of every Huawei service does, for all routes at once: request ids,
 * raw bodies (signatures are checked over the bytes received), validation rules, and errors written in
 * the envelope of the service that raised them; unknown routes and oversized bodies in the gateway's own.
 */
export function installGateway(app: FastifyInstance): void {
  app.decorateRequest('principal', null)
  app.decorate('draining', false)

  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id)
    if (Buffer.byteLength(request.raw.url ?? '') > MAX_URL_BYTES) throw GatewayError.UrlTooLong()
    if (request.raw.rawHeaders.length / 2 > MAX_HEADERS) throw GatewayError.TooManyHeaders(MAX_HEADERS)
  })

  // Closing drains. Listening stops at once (new connections are refused; those the kernel queued but the
  // server had not yet taken are reset: linkplane never read them). Requests whose bytes have already
  // arrived on open connections are read first: one turn of the event loop lets every socket with data
  // waiting be read, and only then does Node close the connections it sees idle (no request begun; busy ones
  // close after their answer). A busy server can be well behind its sockets. Node also keeps a keep-alive connection open after its answer
  // until the client lets it idle out: a draining server says `Connection: close` on every answer instead.
  app.addHook('preClose', (done) => {
    app.draining = true
    // net.Server's close stops listening and leaves every connection open (http.Server's also ends the idle
    // ones, which Fastify does next); the callback Fastify then gives close() still waits for the drain.
    if (app.server.listening) NetServer.prototype.close.call(app.server)
    // Two immediates: the first runs in this turn of the loop, the second after the next poll for I/O.
    setImmediate(() => setImmediate(done))
  })
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (app.draining) reply.header('Connection', 'close')
    done(null, payload)
  })

  // Keep every body as raw bytes: the signature covers them exactly, and JSON is parsed only after the
  // caller is authenticated (an anonymous malformed request gets 401, not a parse error).
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body))

  // Query strings and path parameters arrive as text and are coerced to the schema's types; bodies are
  // JSON and are not (`"name": 123` is an error, not the string "123"), as the real services answer.
  const coercing = once(() => new Ajv({ coerceTypes: 'array', useDefaults: true, strict: false, allErrors: false }))
  const exact = once(() => new Ajv({ coerceTypes: false, useDefaults: true, strict: false, allErrors: false }))
  // Validators and serialisers are compiled when a route is first called, not at start-up (compiling
  // every route's schemas up front took half of the start).
  app.setValidatorCompiler(({ schema, httpPart }) =>
    lazyValidator(() => (httpPart === 'body' ? exact().compile(schema) : safeIntegers(coercing().compile(schema), schema as TextSchema))),
  )
  // A serialiser answers a Buffer when parts of the answer were serialised earlier; Fastify sends it as it is.
  app.setSerializerCompiler(({ schema }) => responseSerialiser(schema) as (data: unknown) => string)

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const route = routeContext(request)
    const style = route ? errorStyleOf(route.service, route.operation) : gatewayStyle
    const apiError = toApiError(error, style, route?.operation)
    if (apiError.code === GatewayError.Unavailable.code) request.log.warn({ err: error }, 'the database cannot be reached')
    else if (apiError.status >= 500) request.log.error({ err: error }, 'unexpected error')
    reply.code(apiError.status).send((apiError.style ?? style).body(apiError, request.id))
  })

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(gatewayBody(GatewayError.NoSuchApi(), request.id))
  })
}

type TextSchema = { properties?: Record<string, { type?: unknown }> }

/**
 * Text coerced to an integer is one only when it is exactly one: `99999999999999999999999` and `1e400`
 * coerce to numbers JSON Schema calls integers (1e23, Infinity) that no list or id can use. Every integer
 * in a query string or a path must be a safe integer, or the request is the service's own 400.
 */
function safeIntegers(validate: ValidateFunction, schema: TextSchema): ValidateFunction {
  const integers = Object.entries(schema.properties ?? {})
    .filter(([, property]) => property.type === 'integer')
    .map(([name]) => name)
  if (integers.length === 0) return validate
  const checked = ((data: Record<string, unknown> | null, context?: Parameters<ValidateFunction>[1]) => {
    if (!validate(data, context)) {
      checked.errors = validate.errors
      return false
    }
    const unsafe = integers.find((name) => data?.[name] !== undefined && !Number.isSafeInteger(data[name]))
    checked.errors = unsafe
      ? [
          {
            instancePath: `/${unsafe}`,
            schemaPath: '',
            keyword: 'maximum',
            params: {},
            message: `must be an integer from ${-Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`,
          },
        ]
      : null
    return !unsafe
  }) as ValidateFunction
  // Fastify passes the parent of the data to validators that have a schema environment, so that they may coerce it.
  checked.schemaEnv = validate.schemaEnv
  return checked
}

/**
 * An Ajv validator compiled on its first call. Fastify reads `errors` after a failed validation, and
 * passes the parent object (so that Ajv may coerce a root value) only to functions that carry
 * `schemaEnv`, as Ajv's own do.
 */
function lazyValidator(compile: () => ValidateFunction) {
  let validate: ValidateFunction | undefined
  const lazy = Object.assign(
    (data: unknown, context?: Parameters<ValidateFunction>[1]) => {
      validate ??= compile()
      const valid = validate(data, context)
      lazy.errors = validate.errors
      return valid
    },
    { errors: null as ValidateFunction['errors'], schemaEnv: true },
  )
  return lazy
}

function toApiError(error: FastifyError, style: ErrorStyle, operation?: Operation): ApiError {
  if (error instanceof ApiError) return error
  if (isUnavailable(error)) return GatewayError.Unavailable()
  if (error.validation) return (operation?.badRequest ?? style.badRequest)(error.message)
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return GatewayError.BodyTooLarge()
    case 'FST_ERR_BAD_URL':
      return GatewayError.BadRequest('the URL holds a malformed percent-escape')
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return GatewayError.UrlTooLong()
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return style.badRequest(error.message)
  return style.internal()
}

/**
 * Errors Fastify raises before a route is found (a malformed percent-escape or an over-long parameter in
 * the path): no service is known yet, so the gateway answers, as Huawei's API gateway would. Fastify runs no
 * hooks here, hence the request id and the drain header are set by hand.
 */
function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const apiError = toApiError(error, gatewayStyle)
  reply.header('X-Request-Id', request.id)
  if (request.server.draining) reply.header('Connection', 'close')
  reply.code(apiError.status).send(gatewayBody(apiError, request.id))
  // Fastify's request log does not see these answers (no route ran): the same line, written here.
  request.log.info({ method: request.method, url: request.url, status: apiError.status }, 'request')
}

/** How the gateway answers what Node's HTTP parser refuses. */
function parserRefusal(code: string | undefined): ApiError {
  if (code === 'HPE_HEADER_OVERFLOW') return GatewayError.HeadersTooLarge()
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return GatewayError.RequestTimeout()
  return GatewayError.BadRequest('the HTTP request is malformed')
}

/**
 * Requests Node's HTTP parser cannot take (headers over MAX_HEADER_BYTES, malformed request lines, a
 * request that never finished arriving) are answered in the gateway's envelope too, straight on the socket,
 * with a new request id, and logged like every other answer.
 */
function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy()
    return
  }
  const apiError = parserRefusal(error.code)
  const requestId = newHexId()
  this.log.info({ request_id: requestId, status: apiError.status, code: error.code }, 'request refused by the HTTP parser')
  const body = JSON.stringify(gatewayBody(apiError, requestId))
  socket.end(
    `HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status]}\r\nContent-Type: application/json\r\n` +
      `X-Request-Id: ${requestId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}
