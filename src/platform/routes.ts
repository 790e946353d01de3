import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify'
import type { AppContext } from '../context.js'
import { authenticate } from './auth/authenticate.js'
import type { Principal } from './auth/principal.js'
import { GatewayError, type ErrorStyle } from './errors.js'
import { BODY_LIMIT, type RouteContext } from './gateway.js'
import { authorize } from './iam/authorize.js'
import { parseJsonBody } from './json-body.js'
import { errorStyleOf, type Operation, type Service } from './operation.js'

/** Registers every operation of a service as a route; the route's behaviour comes from the declaration. */
export function registerService(app: FastifyInstance, service: Service, context: AppContext): void {
  for (const operation of service.operations) {
    const config: RouteContext = { service, operation }
    app.route({
      method: operation.method,
      url: operation.path,
      bodyLimit: operation.bulkBodyLimit,
      config,
      schema: routeSchema(operation),
      preValidation: async (request, reply) => {
        const body = await rawBody(request)
        await checkCaller(request, body, service, operation, context)
        // Fault rules (`/_linkplane/faults`) act as the gateway would, after authentication; never on the admin API.
        if (context.faults.active && service.name !== 'admin') await context.faults.intercept(service, operation, request.principal)
        // A denied caller learns it is denied, not what is wrong with its body: IAM decides first.
        let parsed: { value: unknown } | { error: unknown }
        try {
          const badRequest = operation.badRequest ?? errorStyleOf(service, operation).badRequest
          parsed = { value: parseJsonBody(body, request.headers, badRequest, operation.bulkBodyLimit !== undefined) }
        } catch (error) {
          parsed = { error }
        }
        const principal = request.principal
        const value = 'value' in parsed ? parsed.value : undefined
        const action = operation.bodyAction?.(value) ?? operation.action
        if (principal && action && !(await allowed(request, principal, value, action, operation, context))) {
          if (!operation.whenDenied) throw deniedError(errorStyleOf(service, operation), action)
          return reply.code(operation.response.status).send(operation.whenDenied())
        }
        if ('error' in parsed) throw parsed.error
        // No text linkplane keeps or looks up holds U+0000 (PostgreSQL cannot store it): refused the same on every engine.
        if (holdsNul(request.params) || holdsNul(request.query) || (body?.includes('u0000') && holdsNul(parsed.value))) {
          throw (operation.badRequest ?? errorStyleOf(service, operation).badRequest)('a text value holds the NUL character (U+0000)')
        }
        request.body = parsed.value
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

/** Whether a string anywhere in a parsed request part holds U+0000. */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0')
  if (value === null || typeof value !== 'object') return false
  return Object.entries(value).some(([key, item]) => key.includes('\0') || holdsNul(item))
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
  const principal = await authenticate(raw, context.identity, context.clock.now(), {
    address: request.ip,
    lockout: context.gatekeeper.lockout,
  })
  request.principal = principal
  if (access === 'admin' && !principal.isBootstrap) {
    throw GatewayError.Forbidden('only the bootstrap administrator may call the linkplane admin API')
  }
  const caller = principal.credential.type === 'aksk' ? `ak:${principal.credential.accessKey}` : `user:${principal.userId}`
  if (!(await context.gatekeeper.rateLimiter.take(caller, context.clock.now()))) throw GatewayError.Throttled()
  const urlProject = (request.params as Record<string, string> | undefined)?.project_id
  if (operation.urlTenant !== false && urlProject !== undefined && urlProject !== principal.projectId) {
    throw errorStyleOf(service, operation).projectMismatch(urlProject)
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

/**
 * Whether the caller's IAM policies allow the operation's action. Account administrators may do
 * everything, as may anyone when IAM is off; operations without an action, and a user acting on itself
 * (its own password and keys), need no policy. Each denial is logged at debug level with the action that
 * was missing and the statement that decided (none: nothing allowed it), to explain it.
 */
async function allowed(
  request: FastifyRequest,
  principal: Principal,
  body: unknown,
  action: string,
  operation: Operation,
  context: AppContext,
): Promise<boolean> {
  if (context.config.iam.mode === 'off' || principal.isAdmin) return true
  const params = (request.params ?? {}) as Record<string, string>
  const input = { params, query: (request.query ?? {}) as Record<string, unknown>, body, principal }
  if (operation.selfService && (await operation.selfService(input, context))) return true
  const decision = await authorize(context.policies, principal, action, params, context.config.region, context.clock.now())
  if (!decision.allowed) {
    request.log.debug(
      {
        operation: operation.name,
        action: decision.action,
        user: principal.userName,
        reason: decision.reason,
        statement: decision.statement,
      },
      decision.statement
        ? `IAM denied ${decision.action}: statement ${decision.statement.index} of policy ${decision.statement.policyName} denies it`
        : `IAM denied ${decision.action}: no policy of ${principal.userName} allows it`,
    )
  }
  return decision.allowed
}

/** The service's own 403 for a denied action, or the gateway's where the service has none. */
function deniedError(errors: ErrorStyle, action: string) {
  return errors.forbidden?.(action) ?? GatewayError.Forbidden(`Policy doesn't allow ${action} to be performed.`)
}
