import type { TSchema } from 'typebox'
import type { Operation, Service } from './operation.js'

/** Plain JSON Schema: TypeBox's symbol-keyed metadata does not survive JSON. */
const plain = (schema: TSchema): Record<string, unknown> => JSON.parse(JSON.stringify(schema))

function parameters(operation: Operation): unknown[] {
  const list: unknown[] = []
  for (const [where, schema] of [
    ['path', operation.params],
    ['query', operation.query],
  ] as const) {
    if (!schema) continue
    const object = plain(schema) as { properties?: Record<string, unknown>; required?: string[] }
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      list.push({ name, in: where, required: where === 'path' || (object.required ?? []).includes(name), schema: property })
    }
  }
  return list
}

/**
 * OpenAPI requires every operationId to be unique; Huawei's names are unique only within a service (ESW and
 * EventGrid both have `CreateConnection`). Choice: an operation keeps Huawei's name as its id unless another
 * service declares the same name, then the id is qualified with the service (`esw.CreateConnection`,
 * `eg.CreateConnection`). Huawei's name is always in `x-huawei-operation`.
 */
function operationIds(services: Service[]): (service: Service, operation: Operation) => string {
  const declaredBy = new Map<string, number>()
  for (const service of services) for (const { name } of service.operations) declaredBy.set(name, (declaredBy.get(name) ?? 0) + 1)
  return (service, operation) => (declaredBy.get(operation.name)! > 1 ? `${service.name}.${operation.name}` : operation.name)
}

/** The OpenAPI 3.1 document of every declared operation, derived from the declarations themselves. */
export function openApiDocument(services: Service[], version: string): Record<string, unknown> {
  const operationId = operationIds(services)
  const paths: Record<string, Record<string, unknown>> = {}
  for (const service of services) {
    for (const operation of service.operations) {
      const path = operation.path.replace(/:([A-Za-z_]+)/g, '{$1}')
      const { status, schema } = operation.response
      paths[path] ??= {}
      paths[path][operation.method.toLowerCase()] = {
        operationId: operationId(service, operation),
        'x-huawei-operation': operation.huaweiName ?? operation.name,
        summary: operation.summary,
        tags: [service.title],
        'x-iam-action': operation.action,
        'x-access': operation.access ?? 'signed',
        parameters: parameters(operation),
        ...(operation.body ? { requestBody: { required: true, content: { 'application/json': { schema: plain(operation.body) } } } } : {}),
        responses: {
          [status]: schema
            ? { description: 'success', content: { 'application/json': { schema: plain(schema) } } }
            : { description: 'success, no body' },
          default: { description: `an error, in the ${service.title} error envelope` },
        },
      }
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'linkplane', version, description: 'Huawei Cloud private-connectivity APIs, as implemented by linkplane' },
    tags: services.map((s) => ({ name: s.title })),
    paths,
  }
}
