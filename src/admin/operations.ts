import Type from 'typebox'
import { defineErrors, gatewayBody, type ErrorStyle } from '../platform/errors.js'
import { defineOperation, defineService, type Service } from '../platform/operation.js'
import { openApiDocument } from '../platform/openapi.js'
import { VERSION } from '../version.js'

/** The admin API's own errors, in the gateway's envelope with `LINKPLANE.` codes. */
const adminStyle: ErrorStyle = {
  body: gatewayBody,
  badRequest: (reason) => AdminError.BadRequest(reason),
  projectMismatch: () => AdminError.BadRequest('the admin API is not project-scoped'),
  internal: () => AdminError.Internal(),
}

export const AdminError = defineErrors({
  BadRequest: { status: 400, code: 'LINKPLANE.0400', message: (reason: string) => `Invalid request: ${reason}` },
  Internal: { status: 500, code: 'LINKPLANE.0500', message: () => 'Internal error' },
})

const startedAt = Date.now()

/** `/_linkplane/*`: the server's own API (health, OpenAPI document, lifecycle control). */
export function adminService(services: Service[]): Service {
  return defineService({
    name: 'admin',
    title: 'linkplane admin',
    errors: adminStyle,
    operations: [
      defineOperation({
        name: 'Health',
        summary: 'Whether the server is up; answers without credentials',
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
          }),
        },
        handler: (_input, { config }) => ({
          status: 'ok' as const,
          version: VERSION,
          region: config.region,
          lifecycle: config.lifecycle.mode,
          uptime_seconds: Math.floor((Date.now() - startedAt) / 1000),
        }),
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
    ],
  })
}
