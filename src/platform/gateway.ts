import { Ajv } from 'ajv'
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import type { Operation, Service } from './operation.js'
import { ApiError, GatewayError, gatewayBody, gatewayStyle, type ErrorStyle } from './errors.js'
import { newHexId } from './ids.js'
import type { Principal } from './auth/principal.js'

/** Bodies larger than this are refused, as the API gateway refuses them (APIGW.0201, 413). */
export const BODY_LIMIT = 12 * 1024 * 1024

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
  })

  // Keep every body as raw bytes: the signature covers them exactly, and JSON is parsed only after the
  // caller is authenticated (an anonymous malformed request gets 401, not a parse error).
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body))

  // Query strings and path parameters arrive as text and are coerced to the schema's types; bodies are
  // JSON and are not (`"name": 123` is an error, not the string "123"), as the real services answer.
  const coercing = new Ajv({ coerceTypes: 'array', useDefaults: true, strict: false, allErrors: false })
  const exact = new Ajv({ coerceTypes: false, useDefaults: true, strict: false, allErrors: false })
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? exact : coercing).compile(schema))

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

function toApiError(error: FastifyError, style: ErrorStyle, operation: Operation | undefined): ApiError {
  if (error instanceof ApiError) return error
  if (error.validation) return (operation?.badRequest ?? style.badRequest)(error.message)
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return GatewayError.BodyTooLarge()
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return style.badRequest(error.message)
  return style.internal()
}

/** Request ids: 32 lowercase hex characters, as Huawei's services write them. */
export const generateRequestId = (): string => newHexId()
