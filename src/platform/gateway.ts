import { Ajv, type ValidateFunction } from 'ajv'
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import type { Operation, Service } from './operation.js'
import { ApiError, GatewayError, gatewayBody, gatewayStyle, type ErrorStyle } from './errors.js'
import { newHexId } from './ids.js'
import type { Principal } from './auth/principal.js'
import { once } from './lazy.js'
import { responseSerialiser } from './serialise.js'

/** Bodies larger than this are refused, as the API gateway refuses them (APIGW.0201, 413). */
export const BODY_LIMIT = 12 * 1024 * 1024
/** The gateway refuses URLs over 32 KB (APIGW.0201, 414). */
export const MAX_URL_BYTES = 32 * 1024
/** All request headers together; beyond it Node's parser stops, and clientErrorHandler answers 431. */
export const MAX_HEADER_BYTES = 64 * 1024
/**
 * linkplane's choices where the gateway documents no number (each refused with APIGW.0201, 400): header
 * count, JSON nesting depth, and the length of any array in a body. Huawei's own bodies nest a few levels
 * and list at most a few thousand items.
 */
export const MAX_HEADERS = 100
export const MAX_JSON_DEPTH = 32
export const MAX_ARRAY_ITEMS = 2000

/** What a route carries in its Fastify config, for the hooks and the error handler. */
export interface RouteContext {
  service: Service
  operation: Operation
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
}

export function routeContext(request: FastifyRequest): RouteContext | undefined {
  const config = request.routeOptions.config as Partial<RouteContext> | undefined
  return config?.operation && config.service ? (config as RouteContext) : undefined
}

/**
 * What the API gateway in front of every Huawei service does, for all routes at once: request ids,
 * raw bodies (signatures are checked over the bytes received), validation rules, and errors written in
 * the envelope of the service that raised them; unknown routes and oversized bodies in the gateway's own.
 */
export function installGateway(app: FastifyInstance): void {
  app.decorateRequest('principal', null)

  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id)
    if (Buffer.byteLength(request.raw.url ?? '') > MAX_URL_BYTES) throw GatewayError.UrlTooLong()
    if (request.raw.rawHeaders.length / 2 > MAX_HEADERS) throw GatewayError.TooManyHeaders(MAX_HEADERS)
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
  app.setValidatorCompiler(({ schema, httpPart }) => lazyValidator(() => (httpPart === 'body' ? exact() : coercing()).compile(schema)))
  // A serialiser answers a Buffer when parts of the answer were serialised earlier; Fastify sends it as it is.
  app.setSerializerCompiler(({ schema }) => responseSerialiser(schema) as (data: unknown) => string)

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const route = routeContext(request)
    const style = route?.service.errors ?? gatewayStyle
    const apiError = toApiError(error, style, route?.operation)
    if (apiError.status >= 500) request.log.error({ err: error }, 'unexpected error')
    reply.code(apiError.status).send((apiError.style ?? style).body(apiError, request.id))
  })

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(gatewayBody(GatewayError.NoSuchApi(), request.id))
  })
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

function toApiError(error: FastifyError, style: ErrorStyle, operation: Operation | undefined): ApiError {
  if (error instanceof ApiError) return error
  if (error.validation) return (operation?.badRequest ?? style.badRequest)(error.message)
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return GatewayError.BodyTooLarge()
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return style.badRequest(error.message)
  return style.internal()
}

/**
 * Requests Node's HTTP parser cannot take (headers over MAX_HEADER_BYTES, malformed request lines) are
 * answered in the gateway's envelope too, straight on the socket: no route, so no request id but a new one.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: import('node:net').Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy()
    return
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW'
  const apiError = tooLarge
    ? new ApiError(431, 'APIGW.0201', 'Request header fields too large', gatewayStyle)
    : GatewayError.BadRequest('the HTTP request is malformed')
  const requestId = newHexId()
  const body = JSON.stringify(gatewayBody(apiError, requestId))
  socket.end(
    `HTTP/1.1 ${apiError.status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json\r\n` +
      `X-Request-Id: ${requestId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}

/** JSON nested deeper than `limit` (counted on the raw bytes, before any parser recurses into it). */
export function jsonTooDeep(body: Buffer, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (inString) {
      // A backslash escapes the next character (which may be a quote).
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

/** Whether any array in a parsed body is longer than `limit` (walked without recursion). */
export function arrayTooLong(value: unknown, limit = MAX_ARRAY_ITEMS): boolean {
  const pending: unknown[] = [value]
  while (pending.length) {
    const next = pending.pop()
    if (Array.isArray(next)) {
      if (next.length > limit) return true
      pending.push(...next)
    } else if (next !== null && typeof next === 'object') {
      pending.push(...Object.values(next))
    }
  }
  return false
}

/** Request ids: 32 lowercase hex characters, as Huawei's services write them. */
export const generateRequestId = (): string => newHexId()
