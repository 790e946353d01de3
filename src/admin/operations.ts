import Type from 'typebox'
import { dataplaneOperations } from '../dataplane/operations.js'
import { ApiError, gatewayBody, GatewayError, gatewayStyle, type ErrorStyle } from '../platform/errors.js'
import { defineOperation, defineService, type Service } from '../platform/operation.js'
import { openApiDocument } from '../platform/openapi.js'
import { AccountExists, AccountRefused, checkAccountSpec, createAccount, listAccounts } from '../services/iam/accounts.js'
import { VERSION } from '../version.js'
import { AdminError, adminStyle } from './errors.js'
import { faultOperations } from './fault-operations.js'
import { metricsOperation } from './metrics-operation.js'
import { AccountSummary, AccountWithSecrets } from './schemas.js'
import { stateOperations } from './state-operations.js'

const startedAt = Date.now()

/** The gateway's 503 (APIGW.0202), with the health report beside its fields, so monitors see what is down. */
function unhealthy(report: Record<string, unknown>): ApiError {
  const style: ErrorStyle = { ...gatewayStyle, body: (error, requestId) => ({ ...report, ...gatewayBody(error, requestId) }) }
  return new ApiError(GatewayError.Unavailable.status, GatewayError.Unavailable.code, GatewayError.Unavailable.sample, style)
}

/** `/_linkplane/*`: the server's own API (health, OpenAPI document, lifecycle control, accounts, state, faults). */
export function adminService(services: Service[]): Service {
  return defineService({
    name: 'admin',
    title: 'linkplane admin',
    errors: adminStyle,
    operations: [
      defineOperation({
        name: 'Health',
        summary: 'Whether the server is up and its database reachable (503 when not); answers without credentials',
        method: 'GET',
        path: '/_linkplane/health',
        action: null,
        access: 'public',
        response: {
          status: 200,
          schema: Type.Object({
            status: Type.Literal('ok'),
            version: Type.String(),
            region: Type.String(),
            lifecycle: Type.String(),
            uptime_seconds: Type.Integer(),
            database: Type.Object({ engine: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]), reachable: Type.Boolean() }),
          }),
        },
        handler: async (_input, { config, store }) => {
          const health = {
            status: 'ok' as const,
            version: VERSION,
            region: config.region,
            lifecycle: config.lifecycle.mode,
            uptime_seconds: Math.floor((Date.now() - startedAt) / 1000),
            database: { engine: store.engine, reachable: true },
          }
          if (!(await store.reachable()))
            throw unhealthy({ ...health, status: 'unavailable', database: { ...health.database, reachable: false } })
          return health
        },
      }),
      defineOperation({
        name: 'GetOpenApiDocument',
        summary: 'The OpenAPI 3.1 document of every operation this server implements',
        method: 'GET',
        path: '/_linkplane/openapi.json',
        action: null,
        access: 'admin',
        response: { status: 200 },
        handler: () => openApiDocument(services, VERSION),
      }),
      defineOperation({
        name: 'AdvanceLifecycle',
        summary: 'Moves every pending status transition one step, now (the manual lifecycle mode is driven this way)',
        method: 'POST',
        path: '/_linkplane/lifecycle/advance',
        action: null,
        access: 'admin',
        body: Type.Object({}),
        response: {
          status: 200,
          schema: Type.Object({ moved: Type.Array(Type.Object({ kind: Type.String(), resource_id: Type.String() })) }),
        },
        handler: async (_input, { lifecycle }) => ({ moved: await lifecycle.advance() }),
      }),
      defineOperation({
        name: 'CreateAccount',
        summary: 'Creates an account (tenant): a domain, its project in this region, an administrator with a password, an AK/SK pair',
        method: 'POST',
        path: '/_linkplane/accounts',
        action: null,
        access: 'admin',
        body: Type.Object({ name: Type.String() }),
        // The only answer that carries the password and SK: only a hash of the password is kept.
        response: { status: 201, schema: Type.Object({ account: AccountWithSecrets }) },
        handler: async ({ body }, { db, clock, config }) => {
          try {
            checkAccountSpec({ name: body.name })
            return { account: await createAccount(db, clock, config, { name: body.name }) }
          } catch (error) {
            if (error instanceof AccountExists) throw AdminError.Conflict(error.message)
            if (error instanceof AccountRefused) throw AdminError.BadRequest(error.message)
            throw error
          }
        },
      }),
      defineOperation({
        name: 'ListAccounts',
        summary: 'Lists every account, oldest (the bootstrap account) first, without secrets',
        method: 'GET',
        path: '/_linkplane/accounts',
        action: null,
        access: 'admin',
        response: { status: 200, schema: Type.Object({ accounts: Type.Array(AccountSummary) }) },
        handler: async (_input, { db, config }) => ({ accounts: await listAccounts(db, config.region) }),
      }),
      ...dataplaneOperations,
      metricsOperation,
      ...stateOperations,
      ...faultOperations,
    ],
  })
}
