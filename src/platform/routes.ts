import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify'
import secureJson from 'secure-json-parse'
import type { AppContext } from '../context.js'
import { authenticate } from './auth/authenticate.js'
import { GatewayError } from './errors.js'
import { BODY_LIMIT, type RouteContext } from './gateway.js'
import type { Operation, Service } from './operation.js'

/** Registers every operation of a service as a route; the route's behaviour comes from the declaration. */
export function registerService(app: FastifyInstance, service: Service, context: AppContext): void {
  for (const operation of service.operations) {
    const config: RouteContext = { service, operation }
    app.route({
      method: operation.method,
      url: operation.path,
      config,
      schema: routeSchema(operation),
      preValidation: async (request) => {
        const body = await rawBody(request)
        await checkCaller(request, body, service, operation, context)
        request.body = parseJson(body, service, operation)
      },
      handler: async (request, reply) => {
        const result = await operation.handler(
          {
            params: request.params,
            query: request.query,
            body: request.body,
            principal: request.principal,
            requestId: request.id,
            headers: request.headers,
            setHeader: (name, value) => void reply.header(name, value),
          },
          context,
        )
        reply.code(operation.response.status)
        return operation.response.status === 204 ? reply.send() : result
      },
    })
  }
}

/** The parts of the declaration Fastify validates and serialises with (only those declared). */
function routeSchema(operation: Operation): FastifySchema {
  const schema: FastifySchema = {}
  if (operation.params) schema.params = operation.params
  if (operation.query) schema.querystring = operation.query
  if (operation.body) schema.body = operation.body
  if (operation.response.schema) schema.response = { [operation.response.status]: operation.response.schema }
  return schema
}

/** Authenticates the caller, and checks it may call this operation in the project the URL names. */
async function checkCaller(request: FastifyRequest, body: Buffer | undefined, service: Service, operation: Operation, context: AppContext) {
  const access = operation.access ?? 'signed'
  if (access === 'public') return
  const raw = { method: request.method, url: request.raw.url ?? request.url, headers: request.headers, body }
  const principal = await authenticate(raw, context.identity, context.clock.now())
  request.principal = principal
  if (access === 'admin' && !principal.isBootstrap) {
    throw GatewayError.Forbidden('only the bootstrap administrator may call the linkplane admin API')
  }
  const urlProject = (request.params as Record<string, string> | undefined)?.project_id
  if (operation.urlTenant !== false && urlProject !== undefined && urlProject !== principal.projectId) {
    throw service.errors.projectMismatch(urlProject)
  }
}

/**
 * The request body as received. Fastify buffers bodies of POST/PUT/PATCH (see the gateway's parser) but
 * leaves GET and unannounced DELETE bodies unread, and the SDK signs the `{}` it sends with some GETs.
 */
async function rawBody(request: FastifyRequest): Promise<Buffer | undefined> {
  if (Buffer.isBuffer(request.body)) return request.body
  const stream = request.raw
  const length = request.headers['content-length']
  if (stream.readableEnded || (length === undefined && request.headers['transfer-encoding'] === undefined) || length === '0') {
    return undefined
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > BODY_LIMIT) throw GatewayError.BodyTooLarge()
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

function parseJson(body: Buffer | undefined, service: Service, operation: Operation): unknown {
  if (!body || body.length === 0) return undefined
  try {
    return secureJson.parse(body, undefined, { protoAction: 'error', constructorAction: 'error' })
  } catch {
    throw (operation.badRequest ?? service.errors.badRequest)('the request body is not valid JSON')
  }
}
